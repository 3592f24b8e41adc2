"""200 concurrent realisasi and feedback writes from 4 client processes against a real server.

The server is `kinerja serve` on the pass's database: one process on SQLite, two workers
(``--workers 2``) on PostgreSQL, over the demo city (80 employees). Each client process sends
50 writes: 20 realisasi on slots of its own, 5 on slots that every client records at the same
moment (a create race), 10 corrections of 4 "hot" realisasi that every client corrects
(starting from the version it read before the start, so most first tries are stale), and 15
umpan balik. A ``Conflict`` is retried after reading the current version.

Afterwards the database must hold every intended write exactly once: each realisasi write is
one audit row whose version follows the previous one (no write lost, none applied twice),
each realisasi row ends with the last write's value, and the feedback rows and their audit rows
are exactly the 60 sent. The figures (writes, conflicts, time) are printed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from kinerja_core.models import AuditEntry, Feedback, Realization
from tests.concurrency_writer import run_writer
from tests.demo_city import City, load_demo, opened, sign_in, writable
from tests.servers import migrate, on_postgres, pass_database, running_server

WRITERS = 4
OWN_SLOTS = 20  # per writer: realisasi nobody else records
RACED_SLOTS = 5  # every writer records each of these once, at the same time
HOT_ROWS = 4  # recorded before the start; every writer corrects them
CORRECTIONS = 10  # per writer, round robin over the hot rows
FEEDBACK = 15  # per writer
PER_WRITER = OWN_SLOTS + RACED_SLOTS + CORRECTIONS + FEEDBACK
REALISASI = WRITERS * (OWN_SLOTS + RACED_SLOTS + CORRECTIONS)


@dataclass
class Workload:
    jobs: list[list[dict]]  # per writer
    known: dict  # (indicator, period) -> version each writer starts from
    hot: dict[int, int]  # realisation id -> version before the start
    own: dict[str, tuple[int, int]]  # marker -> (indicator, period)
    raced: list[tuple[int, int]]


def plan_work(city: City, engine: str) -> Workload:
    """Who writes what: slots, hot rows and plans picked from the demo city, spread out."""
    free, recorded = city.free, city.recorded
    needed = WRITERS * OWN_SLOTS + RACED_SLOTS
    assert len(free) >= needed and len(recorded) >= HOT_ROWS, (len(free), len(recorded))
    picked = random.Random(2026).sample(free, needed)
    own_slots, raced_slots = picked[: WRITERS * OWN_SLOTS], picked[WRITERS * OWN_SLOTS :]
    hot_slots = recorded[:: max(1, len(recorded) // HOT_ROWS)][:HOT_ROWS]
    rated = city.rated[:: max(1, len(city.rated) // (WRITERS * FEEDBACK))]

    def realisasi(slot, marker: str, n: int) -> dict:
        return {
            "kind": "realisasi",
            "marker": marker,
            "token": city.tokens[slot.owner_id],
            "plan": str(slot.plan_id),
            "indicator": str(slot.indicator_id),
            "period": str(slot.period_id),
            "value": str(n),
        }

    jobs: list[list[dict]] = []
    own: dict[str, tuple[int, int]] = {}
    for w in range(WRITERS):
        mine = []
        for n, slot in enumerate(own_slots[w * OWN_SLOTS : (w + 1) * OWN_SLOTS]):
            marker = f"{engine} w{w} own {n}"
            own[marker] = (slot.indicator_id, slot.period_id)
            mine.append(realisasi(slot, marker, n))
        for n, slot in enumerate(raced_slots):
            mine.append(realisasi(slot, f"{engine} w{w} raced {n}", 100 + w))
        for n in range(CORRECTIONS):
            slot = hot_slots[(n + w) % HOT_ROWS]
            mine.append(realisasi(slot, f"{engine} w{w} hot {n}", 1000 * w + n))
        for n in range(FEEDBACK):
            plan_id, rater_id, work_results = rated[(w * FEEDBACK + n) % len(rated)]
            mine.append(
                {
                    "kind": "feedback",
                    "marker": f"{engine} w{w} umpan balik {n}",
                    "token": city.tokens[rater_id],
                    "plan": str(plan_id),
                    "work_result": str(work_results[n % len(work_results)]),
                }
            )
        random.Random(w).shuffle(mine)  # every writer mixes its kinds of write
        jobs.append(mine)
    known = {(str(s.indicator_id), str(s.period_id)): s.version for s in hot_slots}
    return Workload(
        jobs=jobs,
        known=known,
        hot={s.realization_id: s.version for s in hot_slots},
        own=own,
        raced=[(s.indicator_id, s.period_id) for s in raced_slots],
    )


def fire(url: str, work: Workload) -> tuple[list[dict], float]:
    """Start the writers, release them together; their outcomes and the wall time."""
    context = multiprocessing.get_context("spawn")
    ready, out, start = context.Queue(), context.Queue(), context.Event()
    processes = [
        context.Process(target=run_writer, args=(url, jobs, work.known, ready, start, out))
        for jobs in work.jobs
    ]
    for process in processes:
        process.start()
    try:
        for _ in processes:
            ready.get(timeout=120)
        began = time.monotonic()
        start.set()
        outcomes = [out.get(timeout=300) for _ in processes]
        elapsed = time.monotonic() - began
    except queue.Empty:
        pytest.fail("a writer process did not answer in time")
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return outcomes, elapsed


async def check_stored(work: Workload, audit_mark: int, sent: dict[str, str]) -> None:
    """Every intended write is in the database exactly once, in a gap-free version chain."""
    entries = await AuditEntry.filter(id__gt=audit_mark).order_by("id")
    realisasi = [e for e in entries if e.entity == "Realization"]
    feedback = [e for e in entries if e.entity == "Feedback"]
    markers = [e.after["narrative"] for e in realisasi]
    intended = [
        m for jobs in work.jobs for j in jobs if j["kind"] == "realisasi" for m in [j["marker"]]
    ]
    assert len(realisasi) == REALISASI and sorted(markers) == sorted(intended)
    assert not [m for m, n in Counter(markers).items() if n > 1]

    chains: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in realisasi:
        chains[entry.entity_id].append(entry)
    for entity_id, chain in chains.items():
        first = chain[0]
        start = first.before["version"] if first.action == "realization.update" else None
        expected = start
        for entry in chain:
            before = entry.before["version"] if entry.before else None
            assert before == expected, (entity_id, [(e.before, e.after) for e in chain])
            assert entry.after["version"] == (before or 0) + 1
            expected = entry.after["version"]
        row = await Realization.get(id=int(entity_id))
        assert (row.version, row.narrative) == (expected, chain[-1].after["narrative"])

    for realization_id, version in work.hot.items():
        chain = chains[str(realization_id)]
        assert len(chain) == WRITERS * CORRECTIONS // HOT_ROWS
        assert chain[0].before["version"] == version
    for indicator_id, period_id in work.raced:
        row = await Realization.get(indicator_id=indicator_id, period_id=period_id)
        actions = Counter(e.action for e in chains[str(row.id)])
        assert actions == {"realization.create": 1, "realization.update": WRITERS - 1}
    for marker, (indicator_id, period_id) in work.own.items():
        row = await Realization.get(indicator_id=indicator_id, period_id=period_id)
        assert [e.after["narrative"] for e in chains[str(row.id)]] == [marker]
        assert str(row.id) == sent[marker]

    wanted = {j["marker"] for jobs in work.jobs for j in jobs if j["kind"] == "feedback"}
    rows = await Feedback.filter(text__in=list(wanted))
    assert sorted(r.text for r in rows) == sorted(wanted)  # each once, none missing
    assert {str(r.id) for r in rows} == {sent[m] for m in wanted}
    assert sorted(e.after["text"] for e in feedback) == sorted(wanted)


def test_200_concurrent_writes_are_each_stored_exactly_once(tmp_path: Path, capsys) -> None:
    engine = "PostgreSQL" if on_postgres() else "SQLite"
    server_args = ["--workers", "2"] if on_postgres() else []
    with pass_database(tmp_path, "concurrency") as url:
        migrate(tmp_path, url)
        load_demo(tmp_path, url, employees=80)

        async def prepare() -> tuple[Workload, int]:
            async with opened(url, tmp_path):
                city = await writable()
                people = {s.owner_id for s in city.slots} | {r[1] for r in city.rated}
                await sign_in(city, people)
                mark = await AuditEntry.all().order_by("-id").first()
                return plan_work(city, engine), mark.id if mark else 0

        work, audit_mark = asyncio.run(prepare())
        with running_server(tmp_path, url, extra_args=server_args, migrate_first=False) as server:
            outcomes, elapsed = fire(server.url, work)
        errors = [o["error"] for o in outcomes if o["error"]]
        assert not errors, errors
        sent = {marker: ident for o in outcomes for marker, ident in o["done"].items()}
        assert len(sent) == WRITERS * PER_WRITER == 200

        async def verify() -> None:
            async with opened(url, tmp_path):
                await check_stored(work, audit_mark, sent)

        asyncio.run(verify())

    conflicts = sum(o["conflicts"] for o in outcomes)
    requests = sum(o["requests"] for o in outcomes)
    codes = Counter()
    for o in outcomes:
        codes.update(o["codes"])
    # every writer's first correction of each hot row starts from the same version: only one
    # of them can win it, so at least WRITERS - 1 conflicts per hot row are certain
    assert conflicts >= HOT_ROWS * (WRITERS - 1)
    with capsys.disabled():
        print(
            f"\n[concurrency] {engine} ({'2 workers' if on_postgres() else '1 process'}): "
            f"{len(sent)} writes from {WRITERS} processes ({REALISASI} realisasi, "
            f"{WRITERS * FEEDBACK} umpan balik), {conflicts} conflicts "
            f"({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}) retried, "
            f"{requests} mutations in {elapsed:.1f} s ({len(sent) / elapsed:.0f} writes/s); "
            "all stored exactly once"
        )
