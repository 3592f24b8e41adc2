"""``kinerja plugins list|enable|disable|config`` and ``kinerja plugin new NAME``.

The switches are the same services the GraphQL mutations call, run as the server's operator
(whoever may run the command may change the database anyway); each change is audited.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from typing import Any

from kinerja_core.settings import Settings


def add_commands(sub: Any) -> None:
    """Register the ``plugins`` and ``plugin`` sub-commands on the main parser."""
    plugins = sub.add_parser(
        "plugins", help="installed plugins: list; enable, disable, configure per agency"
    )
    actions = plugins.add_subparsers(dest="plugins_action", required=True)
    actions.add_parser("list", help="every plugin with its status and where it is enabled")
    for action, text in (("enable", "switch on"), ("disable", "switch off")):
        parser = actions.add_parser(action, help=f"{text} a plugin (default: for every agency)")
        parser.add_argument("name")
        parser.add_argument("--agency", help="agency code, e.g. DINKES (omit: global default)")
    config = actions.add_parser("config", help="show or change a plugin's settings")
    config.add_argument("name")
    config.add_argument("--agency", help="agency code (omit: global default)")
    config.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a value (JSON, or plain text for strings); repeatable",
    )
    config.add_argument(
        "--unset",
        action="append",
        default=[],
        metavar="KEY",
        help="fall back to the default below; repeatable",
    )

    plugin = sub.add_parser("plugin", help="plugin development")
    dev = plugin.add_subparsers(dest="plugin_action", required=True)
    new = dev.add_parser("new", help="write a working skeleton plugin distribution")
    new.add_argument("name", help="plugin name: lower-case letters, digits and _")
    new.add_argument("--directory", "-d", default=".", help="where to create kinerja-NAME/")
    make = dev.add_parser(
        "makemigrations", help="write the migration for changes to a plugin's models"
    )
    make.add_argument("name", help="an installed plugin (entry point name)")
    reference = dev.add_parser(
        "reference", help="write the hook and API reference into docs/plugins.md"
    )
    reference.add_argument("path", nargs="?", help="the guide (default: docs/plugins.md)")
    reference.add_argument("--check", action="store_true", help="exit 1 when it is stale")


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "plugin":
        if args.plugin_action == "makemigrations":
            return _makemigrations(settings, args.name)
        if args.plugin_action == "reference":
            from pathlib import Path

            from kinerja_core.plugins import reference

            return reference.run(Path(args.path) if args.path else reference.DOCS, args.check)
        return _new(args)
    if args.plugins_action == "list":
        return asyncio.run(_list(settings))
    return asyncio.run(_change(settings, args))


def _new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kinerja_core.plugins.scaffold import write_skeleton

    try:
        path = write_skeleton(args.name, Path(args.directory))
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {path}")
    print(f"next: pip install -e '{path}[test]' && pytest {path}/tests")
    return 0


def _makemigrations(settings: Settings, name: str) -> int:
    try:
        paths = asyncio.run(make_migrations(settings, name))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"created {path}")
    if not paths:
        print("no changes")
    return 0


async def make_migrations(
    settings: Settings, name: str, explicit: dict[str, Any] | None = None
) -> list[str]:
    """Write the next migration of plugin ``name``'s app, and only of that app.

    The models of core and every plugin are loaded so that relations resolve and the new
    migration depends on the core migrations it needs; the core's own pending changes (if
    any) are the core's business and are not written.
    """
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    from kinerja_core.db import tortoise_config
    from kinerja_core.plugins.manager import start_plugins

    manager = await start_plugins(settings.replace(plugins_strict=False), explicit=explicit)
    record = manager.record(name)
    if record is None or record.contributions is None:
        reason = record.error if record else "not installed"
        raise ValueError(f"plugin {name} is not loaded: {reason}")
    own = {m.label for m in record.contributions.model_apps}
    if not own or not all(m.migrations for m in record.contributions.model_apps):
        raise ValueError(f"plugin {name} registers no models with a migrations package")
    config = tortoise_config(Settings(database_url="sqlite://:memory:"), manager.model_apps())
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        detector = MigrationAutodetector(ctx.apps, config["apps"])
        writers = [w for w in await detector.changes() if w.app_label in own]
        return [str(w.write()) for w in writers]


async def _manager(settings: Settings) -> Any:
    from kinerja_core.plugins.manager import start_plugins

    return await start_plugins(settings.replace(plugins_strict=False))


async def _activation_lines(manager: Any) -> dict[str, str]:
    """Where each switchable plugin is on, from the database (empty if it is unreachable)."""
    from kinerja_core.db import close_db, init_db
    from kinerja_core.models import Agency, PluginActivation

    try:
        await init_db(manager.settings, manager.model_apps())
        rows = await PluginActivation.all().order_by("plugin", "id")
        codes = {a.id: a.code for a in await Agency.all()}
    except Exception as exc:  # no database yet: the catalog is still worth showing
        print(f"(activation unknown: {exc})", file=sys.stderr)
        return {}
    finally:
        await close_db()
    lines: dict[str, str] = {}
    for name in manager.gated_plugins():
        mine = [r for r in rows if r.plugin == name]
        default = next((r.enabled for r in mine if r.agency_id is None), None)
        on = sorted(codes.get(r.agency_id, "?") for r in mine if r.agency_id and r.enabled)
        off = sorted(
            codes.get(r.agency_id, "?") for r in mine if r.agency_id and r.enabled is False
        )
        text = f"default {'on' if default else 'off'}"
        if on:
            text += f"; on for {', '.join(on)}"
        if off:
            text += f"; off for {', '.join(off)}"
        lines[name] = text
    return lines


async def _list(settings: Settings) -> int:
    from kinerja_core.plugins.manager import PluginStatus

    manager = await _manager(settings)
    activation = await _activation_lines(manager)
    for record in manager.catalog():
        status = str(record.status) + (" (built-in)" if record.builtin else "")
        print(f"{record.name:<20} {record.version or '-':<10} {status}")
        if record.description:
            print(f"    {record.description}")
        if record.error:
            print(f"    error: {record.error}")
        if record.hooks:
            print(f"    hooks: {', '.join(record.hooks)}")
        if record.name in activation:
            print(f"    {activation[record.name]}")
    failed = any(r.status == PluginStatus.FAILED for r in manager.records.values())
    return 1 if failed and settings.plugins_strict else 0


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # plain text is a string


async def _change(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.db import close_db, init_db
    from kinerja_core.errors import KinerjaError
    from kinerja_core.i18n import translate
    from kinerja_core.models import Agency
    from kinerja_core.plugins.activation import plugin_state
    from kinerja_core.services import plugins as service
    from kinerja_core.services.context import ServiceContext

    manager = await _manager(settings)
    await init_db(settings, manager.model_apps())
    ctx = ServiceContext(
        settings=settings, request_id=f"cli-{uuid.uuid4().hex[:12]}", plugins=manager
    )
    manager.attach(  # plugins hear about the change like after a mutation
        ctx.bus,
        lambda event: ServiceContext(
            settings=settings, request_id=event.request_id, plugins=manager
        ),
    )
    try:
        agency_id = None
        if args.agency:
            agency = await Agency.get_or_none(code=args.agency.strip().upper())
            if agency is None:
                print(f"error: there is no agency with code {args.agency}", file=sys.stderr)
                return 1
            agency_id = agency.id
        if args.plugins_action in ("enable", "disable"):
            enabled = args.plugins_action == "enable"
            state = await service.set_plugin_enabled(
                ctx, args.name, agency_id, enabled, operator=True
            )
        elif args.set or args.unset:
            patch: dict[str, Any] = {key: None for key in args.unset}
            for item in args.set:
                key, sep, raw = item.partition("=")
                if not sep:
                    print(f"error: --set needs KEY=VALUE, got {item!r}", file=sys.stderr)
                    return 1
                patch[key.strip()] = _value(raw)
            state = await service.configure_plugin(ctx, args.name, agency_id, patch, operator=True)
        else:
            service.switchable_plugin(manager, args.name)  # unknown or built-in: same errors
            state = (await plugin_state(ctx, args.name, agency_id)).masked(
                manager.config_schema(args.name)
            )
        where = args.agency.upper() if args.agency else "default"
        print(
            f"{state.plugin} [{where}]: {'on' if state.enabled else 'off'}"
            + (" (inherited)" if state.inherited else "")
        )
        print(json.dumps(state.config, indent=2, sort_keys=True, default=str))
        return 0
    except KinerjaError as exc:
        print("error: " + translate(exc.code, exc.params, "en", exc.field), file=sys.stderr)
        return 1
    finally:
        await close_db()
