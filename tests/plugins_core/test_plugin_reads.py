"""The cheap reads of ``kinerja_core.api`` (``services/plugin_reads.py``): plain rows in one
statement with the reader's rule, held for the request, and the fields answered from them at
once (``resolve_one``, ``resolve_children``), on the kesehatan plugin's tables."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from types import SimpleNamespace

import pytest

from kinerja_core.api import read_child_rows, read_rows, resolve_children, resolve_one
from kinerja_core.auth.viewer import load_viewer
from kinerja_core.db import count_statements
from kinerja_core.models import Account, PluginActivation
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.loaders import NOT_READY
from kinerja_core.services.reader import reader_for

kesehatan = pytest.importorskip("kinerja_kesehatan.models", reason="pip install -e plugins/*")
ROWS = ("kelurahan_id",)


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin"}


async def context_of(settings, plugin_manager, person) -> ServiceContext:
    account = await Account.get(employee_id=person.employee.id).prefetch_related("employee")
    viewer = await load_viewer(account)
    return ServiceContext(settings=settings, plugins=plugin_manager, viewer=viewer)


@pytest.fixture
async def areas(db, world):
    """Two puskesmas of Dinas Kesehatan (three kelurahan, two reports with lines) and one of
    Dinas Pendidikan (another agency's data, with a report)."""
    dinkes, disdik = world.agencies["dinkes"], world.agencies["disdik"]
    await PluginActivation.create(
        plugin="kesehatan", agency=dinkes, scope=str(dinkes.id), enabled=True
    )
    found = {}
    for agency, code in ((dinkes, "SGN"), (dinkes, "KPD"), (disdik, "XXX")):
        found[code] = await kesehatan.Puskesmas.create(agency=agency, code=code, name=code)
    kelurahan = {}
    for code, puskesmas in (("K2", "KPD"), ("K1", "KPD"), ("K3", "SGN"), ("KX", "XXX")):
        kelurahan[code] = await kesehatan.Kelurahan.create(
            agency_id=found[puskesmas].agency_id, puskesmas=found[puskesmas], code=code, name=code
        )
    reports = {}
    for puskesmas, month, codes in (("KPD", 2, ("K2", "K1")), ("SGN", 1, ("K3",))):
        report = await kesehatan.ImmunizationReport.create(
            agency=dinkes, puskesmas=found[puskesmas], month=dt.date(2026, month, 1)
        )
        reports[puskesmas] = report
        for n, code in enumerate(codes):
            await kesehatan.ImmunizationReportLine.create(
                report=report, kelurahan=kelurahan[code], target_infants=100 + n, idl=n,
                dpt1=n, dpt3=n, mr1=n, newborns=n, bcg=n,
            )  # fmt: skip
    reports["XXX"] = await kesehatan.ImmunizationReport.create(
        agency=disdik, puskesmas=found["XXX"], month=dt.date(2026, 1, 1)
    )
    return SimpleNamespace(puskesmas=found, kelurahan=kelurahan, reports=reports)


async def test_read_rows_filter_order_and_keep_only_readable_rows(
    settings, plugin_manager, world, areas
):
    ctx = await context_of(settings, plugin_manager, world.staff)
    with count_statements() as log:
        rows = await read_rows(ctx, kesehatan.Puskesmas, order_by=("-code",))
    assert len(log.statements) == 1
    # no agency filter: Dinas Pendidikan's puskesmas is dropped by the reader's rule
    assert [r.code for r in rows] == ["SGN", "KPD"]
    reports = await read_rows(
        ctx,
        kesehatan.ImmunizationReport,
        agency_id=world.agencies["dinkes"].id,
        month__gte=dt.date(2026, 2, 1),
        month__lte=dt.date(2026, 12, 1),
    )
    assert [r.id for r in reports] == [areas.reports["KPD"].id]
    # the same attributes, with the same values, as the ORM's row
    orm = await kesehatan.ImmunizationReport.get(id=areas.reports["KPD"].id)
    for name in kesehatan.ImmunizationReport._meta.fields_db_projection:
        assert getattr(reports[0], name) == getattr(orm, name), name
    assert await read_rows(ctx, kesehatan.Puskesmas, code__in=[]) == []
    both = await read_rows(ctx, kesehatan.Puskesmas, code__in=["KPD", "XXX"], name__not="SGN")
    assert [r.code for r in both] == ["KPD"]
    with pytest.raises(ValueError, match="no column"):
        await read_rows(ctx, kesehatan.Puskesmas, colour="red")
    with pytest.raises(LookupError):  # lines are read under their report only
        await read_rows(ctx, kesehatan.ImmunizationReportLine)


async def test_rows_read_are_at_hand_for_the_reader_with_its_rule(
    settings, plugin_manager, world, areas
):
    ctx = await context_of(settings, plugin_manager, world.staff)
    reader = reader_for(ctx)
    kpd, other = areas.puskesmas["KPD"], areas.puskesmas["XXX"]
    assert reader.one_now(kesehatan.Puskesmas, kpd.id) is NOT_READY
    await read_rows(ctx, kesehatan.Puskesmas)
    with count_statements() as log:
        assert reader.one_now(kesehatan.Puskesmas, kpd.id).code == "KPD"
        assert (await reader.one(kesehatan.Puskesmas, kpd.id)).code == "KPD"
    assert log.statements == []
    # a row held for the request is still handed out by the rule: not to another agency
    reader.hold(kesehatan.Puskesmas, [other])
    assert reader.one_now(kesehatan.Puskesmas, other.id) is None
    assert await reader.one(kesehatan.Puskesmas, other.id) is None


async def test_read_child_rows_group_hold_and_check_the_parents(
    settings, plugin_manager, world, areas
):
    ctx = await context_of(settings, plugin_manager, world.central)
    reader = reader_for(ctx)
    reports = await read_rows(ctx, kesehatan.ImmunizationReport, order_by=("month",))
    assert len(reports) == 3  # a central admin reads every agency's
    with count_statements() as log:
        lines = await read_child_rows(
            ctx, kesehatan.ImmunizationReportLine, "report_id", reports, order_by=ROWS
        )
    assert len(log.statements) == 1
    kpd = areas.reports["KPD"]
    k1, k2 = areas.kelurahan["K1"].id, areas.kelurahan["K2"].id
    assert [r.kelurahan_id for r in lines[kpd.id]] == sorted([k1, k2])
    assert lines[areas.reports["XXX"].id] == []
    with count_statements() as log:
        held = await reader.children(
            kesehatan.ImmunizationReportLine, "report_id", reports[-1], order_by=ROWS
        )
        assert held == lines[reports[-1].id]
        now = reader.agency_children_now(
            kesehatan.ImmunizationReportLine, "report_id", reports[-1], ROWS
        )
        assert now == held
    assert log.statements == []

    # Dinas Kesehatan's staff: the other agency's report is no parent of theirs
    staff = await context_of(settings, plugin_manager, world.staff)
    mine = await read_child_rows(
        staff, kesehatan.ImmunizationReportLine, "report_id", reports, order_by=ROWS
    )
    assert set(mine) == {kpd.id, areas.reports["SGN"].id}
    assert await read_child_rows(staff, kesehatan.ImmunizationReportLine, "report_id", []) == {}
    # kelurahan have a rule of their own, applied to each child as well
    other = await kesehatan.Puskesmas.get(id=areas.puskesmas["XXX"].id)
    kelurahan = await read_child_rows(staff, kesehatan.Kelurahan, "puskesmas_id", [other])
    assert kelurahan == {}


async def test_resolvers_answer_at_once_when_held_and_wait_otherwise(
    settings, plugin_manager, world, areas
):
    ctx = await context_of(settings, plugin_manager, world.staff)
    info = SimpleNamespace(context=SimpleNamespace(reader=reader_for(ctx)))
    report = await kesehatan.ImmunizationReport.get(id=areas.reports["KPD"].id)

    waiting = resolve_one(info, kesehatan.Puskesmas, report.puskesmas_id, lambda r: r.code)
    assert inspect.isawaitable(waiting)
    assert await waiting == "KPD"
    lines = resolve_children(
        info, kesehatan.ImmunizationReportLine, "report_id", report, lambda r: r.idl,
        order_by=ROWS,
    )  # fmt: skip
    assert inspect.isawaitable(lines)
    awaited = await lines

    fresh = ServiceContext(settings=settings, plugins=plugin_manager, viewer=ctx.viewer)
    info = SimpleNamespace(context=SimpleNamespace(reader=reader_for(fresh)))
    reports = await read_rows(fresh, kesehatan.ImmunizationReport)
    await read_rows(fresh, kesehatan.Puskesmas)
    await read_child_rows(
        fresh, kesehatan.ImmunizationReportLine, "report_id", reports, order_by=ROWS
    )
    with count_statements() as log:
        assert (
            resolve_one(info, kesehatan.Puskesmas, report.puskesmas_id, lambda r: r.code) == "KPD"
        )
        at_once = resolve_children(
            info, kesehatan.ImmunizationReportLine, "report_id", report, lambda r: r.idl,
            order_by=ROWS,
        )  # fmt: skip
        assert at_once == awaited
        assert resolve_one(info, kesehatan.Puskesmas, None, lambda r: r.code) is None
        # another agency's row held by mistake: None, as reader.one would answer
        info.context.reader.hold(kesehatan.Puskesmas, [areas.puskesmas["XXX"]])
        assert resolve_one(info, kesehatan.Puskesmas, areas.puskesmas["XXX"].id, str) is None
    assert log.statements == []


async def test_the_same_read_runs_once_per_request(settings, plugin_manager, world, areas):
    ctx = await context_of(settings, plugin_manager, world.staff)
    dinkes = world.agencies["dinkes"].id
    with count_statements() as log:
        first, second = await asyncio.gather(
            read_rows(ctx, kesehatan.Puskesmas, agency_id=dinkes),
            read_rows(ctx, kesehatan.Puskesmas, agency_id=dinkes),
        )
        again = await read_rows(ctx, kesehatan.Puskesmas, agency_id=dinkes)
        other = await read_rows(ctx, kesehatan.Puskesmas, agency_id=dinkes, order_by=("code",))
    assert [r.id for r in first] == [r.id for r in second] == [r.id for r in again]
    assert [r.code for r in other] == ["KPD", "SGN"]
    assert len(log.statements) == 2  # another order is another statement
    # another request reads again
    fresh = ServiceContext(settings=settings, plugins=plugin_manager, viewer=ctx.viewer)
    with count_statements() as log:
        await read_rows(fresh, kesehatan.Puskesmas, agency_id=dinkes)
    assert len(log.statements) == 1
