"""The ``kinerja`` command: serve, migrate, demo, schema, user, plugins, plugin, storage."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from kinerja_core.settings import Settings, load_settings


def asgi_app() -> Any:
    """The app of one ``kinerja serve --workers N`` process (a uvicorn factory).

    Each worker is a fresh interpreter: it reads the settings the way the command did (the
    ``--config`` file travels in ``KINERJA_CONFIG``, the rest is the environment).
    """
    from kinerja_core.app import create_app

    return create_app(load_settings())


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from kinerja_core.app import create_app

    workers = settings.workers if args.workers is None else args.workers
    if workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    if workers > 1 and not settings.uses_postgres:
        print(
            f"error: --workers {workers} needs PostgreSQL. SQLite allows one writing process, "
            "so `kinerja serve` on SQLite runs one process; set KINERJA_DATABASE_URL="
            "postgres://user@host/kinerja to run several (see docs/operations.md).",
            file=sys.stderr,
        )
        return 2
    if not args.demo and (missing := _missing_database(settings)) is not None:
        print(
            f"error: no database at {missing}. Check the data directory (data_dir, "
            "KINERJA_DATA_DIR) or the database URL; to start a new one run `kinerja migrate` "
            "first, or `kinerja serve --demo` for the demo data.",
            file=sys.stderr,
        )
        return 1
    if args.migrate or args.demo:
        if (code := _run_migrations(settings)) != 0:
            return code
    if args.demo:
        from kinerja_core.demo import DemoError, run_demo

        try:
            asyncio.run(run_demo(settings, employees=args.employees, seed=2026))
        except DemoError as exc:  # most often: the demo was loaded on an earlier run
            print(f"demo: {exc}\nServing the data that is there.", file=sys.stderr)
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        # SIGTERM: stop accepting, let requests in flight finish (up to this), then close
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }
    from kinerja_core.web import start_notice

    print(start_notice(settings.web_dir, args.host, args.port), flush=True)
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:
        if args.config is not None:  # the workers read the same file
            os.environ["KINERJA_CONFIG"] = str(args.config.resolve())
        uvicorn.run("kinerja_core.cli:asgi_app", factory=True, workers=workers, **options)
    return 0


def _missing_database(settings: Settings) -> Path | None:
    from kinerja_core.db import missing_sqlite_file

    return missing_sqlite_file(settings)


async def _migrate(settings: Settings) -> None:
    from kinerja_core.db import migrate
    from kinerja_core.plugins.manager import start_plugins

    await migrate(settings, (await start_plugins(settings)).model_apps())  # core, then each plugin


def _run_migrations(settings: Settings) -> int:
    """Apply the migrations: 0, or 1 with the reason when the database cannot be reached."""
    from kinerja_core.db import DatabaseUnavailable

    try:
        asyncio.run(_migrate(settings))
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.plugins.composition import compose_schema
    from kinerja_core.plugins.manager import load_plugins

    sdl = compose_schema(settings, load_plugins(settings)).as_str() + "\n"
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.demo import DemoError, check_size, run_demo

    try:
        check_size(args.employees)
        if (code := _run_migrations(settings)) != 0:
            return code
        asyncio.run(run_demo(settings, employees=args.employees, seed=args.seed, reset=args.reset))
    except DemoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


async def _user(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.db import close_db, init_db
    from kinerja_core.errors import KinerjaError
    from kinerja_core.i18n import translate
    from kinerja_core.services import accounts
    from kinerja_core.services.context import ServiceContext

    password = args.password or getpass.getpass("Password: ")
    await init_db(settings)
    try:
        ctx = ServiceContext(settings=settings, viewer=None)
        if args.action == "create":
            account = await accounts.bootstrap_account(
                ctx, args.nip, password, central_admin=args.central_admin
            )
        else:
            account = await accounts.bootstrap_reset(ctx, args.nip, password)
        print(f"ok: account {account.id} for NIP {args.nip}")
        return 0
    except KinerjaError as exc:
        print("error: " + translate(exc.code, exc.params, "en", exc.field), file=sys.stderr)
        return 1
    finally:
        await close_db()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kinerja", description=__doc__)
    parser.add_argument("--config", type=Path, help="TOML file (default config/kinerja.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API server (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--no-migrate",
        dest="migrate",
        action="store_false",
        help="do not apply pending migrations first",
    )
    serve.add_argument(
        "--demo", action="store_true", help="load the demo data first when the database is empty"
    )
    serve.add_argument(
        "--employees", type=int, default=500, help="with --demo: how many employees (80..100000)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (default KINERJA_WORKERS or 1); more than one needs PostgreSQL",
    )

    sub.add_parser("migrate", help="apply database migrations (core, then plugins)")

    demo = sub.add_parser("demo", help="load a realistic Pontianak data set")
    demo.add_argument("--employees", type=int, default=500, help="how many (80 to 100000)")
    demo.add_argument("--seed", type=int, default=2026, help="same seed, same city")
    demo.add_argument(
        "--reset", action="store_true", help="delete all data (except the audit log) first"
    )

    schema = sub.add_parser("schema", help="print the GraphQL SDL")
    schema.add_argument("--output", "-o", help="write to this file instead")

    user = sub.add_parser("user", help="create an account or reset a password")
    user.add_argument("action", choices=["create", "reset-password"])
    user.add_argument("nip")
    user.add_argument("--password", help="(prompted when omitted)")
    user.add_argument("--central-admin", action="store_true", help="grant BKPSDM admin")

    from kinerja_core.plugins.cli import add_commands

    add_commands(sub)  # plugins list|enable|disable|config, plugin new
    from kinerja_core import import_cli

    import_cli.add_commands(sub)  # import org|template
    from kinerja_core import export_cli

    export_cli.add_commands(sub)  # export skp|evaluation|recap|siasn
    from kinerja_core.storage import migrate as storage_cli

    storage_cli.add_commands(sub)  # storage migrate --to X
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args.config)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "migrate":
        if (code := _run_migrations(settings)) != 0:
            return code
        print("migrations applied")
        return 0
    if args.command == "demo":
        return _demo(settings, args)
    if args.command == "schema":
        return _schema(settings, args)
    if args.command in ("plugins", "plugin"):
        from kinerja_core.plugins import cli as plugin_cli

        return plugin_cli.run(settings, args)
    if args.command == "user":
        return asyncio.run(_user(settings, args))
    if args.command == "import":
        from kinerja_core import import_cli

        return import_cli.run(settings, args)
    if args.command == "export":
        from kinerja_core import export_cli

        return export_cli.run(settings, args)
    if args.command == "storage":
        from kinerja_core.plugins.manager import load_plugins
        from kinerja_core.storage import migrate as storage_cli

        # the plugins' tables that name stored files (register_stored_files) are copied too
        return storage_cli.run(settings, args, load_plugins(settings).model_apps())
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
