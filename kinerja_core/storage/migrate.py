"""``kinerja storage migrate --to X [--from Y] [--delete-source]``: move evidence files.

Every file an evidence row points at is read from the source store (default: the configured
``evidence_store``) and written to the target; its SHA-256 is computed while it streams in and
compared with the row's and the key's, then the stored copy is read back from the target and
hashed again. Only a file that passed both checks counts as moved; with ``--delete-source`` it
is then removed from the source. Running it again is safe: a file already in the target is
checked the same way and left there. Afterwards set ``evidence_store`` to the target on every
node (the rows do not change: the key is the same in every store).

A store that cannot be used (an S3 bucket that does not exist, refused credentials, an
endpoint that does not answer) stops the command with one line and exit code 2: the target is
checked (a probe written and removed) before the first file, so nothing is moved then; a
failure later stops at the file it happened on, every file before it copied and checked, the
source unchanged unless ``--delete-source`` had removed those checked files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from tortoise.exceptions import OperationalError

from kinerja_core.settings import Settings
from kinerja_core.storage import BlobMissing, EvidenceStore, StoreUnavailable, make_store


@dataclass
class MigrationReport:
    moved: int = 0
    already: int = 0
    bytes: int = 0
    deleted: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: str = ""  # why a store could not be used (StoreUnavailable's sentence)

    def stop_line(self) -> str:
        """The one line of a stopped run: why, and what had been done before."""
        done = (
            f"{self.moved} files had been copied and checked before"
            if self.moved
            else "nothing was moved"
        )
        if self.deleted:
            done += f", {self.deleted} of them removed from the source"
        return f"error: {self.stopped}; {done}"

    def summary(self, source: str, target: str) -> str:
        text = (
            f"{source} -> {target}: {self.moved} files copied ({self.bytes} bytes), "
            f"{self.already} already there, SHA-256 checked"
        )
        if self.deleted:
            text += f"; {self.deleted} removed from {source}"
        if self.problems:
            text += f"; {len(self.problems)} problems:\n  " + "\n  ".join(self.problems)
        return text


async def _hash_of(store: EvidenceStore, key: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    async for chunk in await store.open(key):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


async def migrate_files(
    settings: Settings, target: str, source: str | None = None, *, delete_source: bool = False
) -> MigrationReport:
    """Copy every referenced file (evidence, and the tables plugins registered with
    ``register_stored_files``) from ``source`` to ``target`` (database open)."""
    source = source or settings.evidence_store
    if source == target:
        raise ValueError(f"--from and --to are both {source!r}")
    origin, destination = make_store(settings, source), make_store(settings, target)
    report = MigrationReport()
    try:
        await destination.check()
        await _copy_all(origin, destination, source, target, report, delete_source)
    except StoreUnavailable as exc:
        report.stopped = str(exc)
    finally:
        await origin.close()
        await destination.close()
    return report


async def _copy_all(
    origin: EvidenceStore,
    destination: EvidenceStore,
    source: str,
    target: str,
    report: MigrationReport,
    delete_source: bool,
) -> None:
    from kinerja_core.storage.references import file_tables

    expected: dict[str, str] = {}
    for table in file_tables():
        try:
            rows = await table.rows().distinct().values_list(table.path_field, table.sha_field)
        except OperationalError as exc:  # a plugin installed, its tables not migrated yet
            name = table.model._meta.db_table
            report.problems.append(f"{name}: cannot be read ({exc}); run kinerja migrate")
            continue
        for key, sha in rows:
            expected.setdefault(key, sha)
    for key, sha in sorted(expected.items()):
        try:
            if await destination.exists(key):
                found, _ = await _hash_of(destination, key)
                if found != sha:
                    report.problems.append(f"{key}: in {target} with SHA-256 {found}, not {sha}")
                    continue
                report.already += 1
            else:
                blob = await destination.put(await origin.open(key))
                if blob.key != key or blob.sha256 != sha:
                    if blob.key not in expected:  # never remove another row's file
                        await destination.delete(blob.key)
                    report.problems.append(
                        f"{key}: {source} holds content with SHA-256 "
                        f"{blob.sha256}, the row says {sha}; not copied"
                    )
                    continue
                found, size = await _hash_of(destination, key)
                if found != sha:
                    report.problems.append(f"{key}: read back from {target} as {found}")
                    continue
                report.moved += 1
                report.bytes += size
            if delete_source and await origin.exists(key):
                await origin.delete(key)
                report.deleted += 1
        except BlobMissing:
            report.problems.append(f"{key}: missing in {source}")


def add_commands(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    storage = sub.add_parser("storage", help="evidence file storage")
    actions = storage.add_subparsers(dest="storage_action", required=True)
    move = actions.add_parser(
        "migrate", help="copy evidence files to another store, SHA-256 checked"
    )
    move.add_argument("--to", required=True, help="target store: local, database, s3, a plugin's")
    move.add_argument("--from", dest="source", help="source store (default: evidence_store)")
    move.add_argument(
        "--delete-source", action="store_true", help="remove each file from the source once checked"
    )


def run(settings: Settings, args, plugin_apps: dict | None = None) -> int:  # noqa: ANN001
    import asyncio
    import sys

    from kinerja_core.db import close_db, init_db

    async def go() -> int:
        await init_db(settings, plugin_apps)
        try:
            report = await migrate_files(
                settings, args.to, args.source, delete_source=args.delete_source
            )
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        finally:
            await close_db()
        if report.stopped:
            print(report.stop_line(), file=sys.stderr)
            return 2
        print(report.summary(args.source or settings.evidence_store, args.to))
        return 1 if report.problems else 0

    code = asyncio.run(go())
    if "s3" in (args.to, args.source or settings.evidence_store):
        # obstore's native (tokio) threads may still be winding down a refused connection when
        # the interpreter finalises, which can abort the process (SIGABRT, seen once in CI)
        # after the answer is printed and the database closed. Everything is done and said:
        # leave without finalisation so the exit code is the command's.
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
