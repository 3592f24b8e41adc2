"""The statement-count guarantee holds with the first-party plugins' fields in the team view:
plugin fields on ``Agency`` and linked IKI with computed realisasi load through the same
per-request DataLoaders, so 200 team members cost as many statements as 10."""

from __future__ import annotations

import pytest

from kinerja_core.db import count_statements
from kinerja_core.models import Indicator, PluginActivation, Realization
from tests.support import YEAR, gql, ok
from tests.test_statement_counts import add_staff, open_period

kesehatan = pytest.importorskip("kinerja_kesehatan.models", reason="pip install -e plugins/*")

TEAM_VIEW = """
query Team($year: Int) {
  team(year: $year, first: 100) {
    totalCount
    edges { node {
      employee { nip name agency {
        name
        kesehatanPuskesmas { code name kelurahan { code name } }
        pendidikanSchools(first: 5) { totalCount edges { node { npsn name } } }
      } }
      plan {
        status
        workResults { indicators { description indicatorType parameters targetValue
          realizations { value target achievement computed period { number } } } }
      }
    } }
  }
}
"""


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


@pytest.fixture
def settings(settings):
    # 100 members with their whole SKP: far above the default cost limit (docs/limits.md), on
    # purpose; these tests count statements, the limit has its own tests
    return settings.replace(max_query_cost=10_000_000)


async def plugin_data(world) -> None:
    """Both plugins on for Dinas Kesehatan, two puskesmas with their kelurahan."""
    agency = world.agencies["dinkes"]
    for plugin in ("kesehatan", "pendidikan"):
        await PluginActivation.create(
            plugin=plugin, agency=agency, scope=str(agency.id), enabled=True
        )
    for p in range(2):
        puskesmas = await kesehatan.Puskesmas.create(
            agency=agency, code=f"P{p}", name=f"Puskesmas {p}"
        )
        for k in range(3):
            await kesehatan.Kelurahan.create(
                agency=agency, puskesmas=puskesmas, code=f"K{p}{k}", name=f"Kelurahan {p}{k}"
            )


async def link_half(provenance: dict) -> None:
    """Every other IKI is linked to IDL coverage, its realisasi stored as computed."""
    for indicator in await Indicator.filter(description="IKI 0"):
        indicator.indicator_type = "kesehatan.idl_coverage"
        indicator.parameters = {"kelurahan": "K00"}
        await indicator.save()
        await Realization.filter(indicator_id=indicator.id).update(provenance=provenance)


async def team_statements(client, world) -> tuple[int, dict]:
    with count_statements() as log:
        body = await gql(client, TEAM_VIEW, {"year": YEAR}, token=world.head.token)
    return len(log.statements), body


def check(body: dict, count: int) -> None:
    team = ok(body, "team")
    assert team["totalCount"] == count + 7
    node = next(e["node"] for e in team["edges"] if e["node"]["plan"])
    agency = node["employee"]["agency"]
    assert [p["code"] for p in agency["kesehatanPuskesmas"]] == ["P0", "P1"]
    assert len(agency["kesehatanPuskesmas"][0]["kelurahan"]) == 3
    assert agency["pendidikanSchools"]["totalCount"] == 0
    linked, manual = node["plan"]["workResults"][0]["indicators"]
    assert linked["indicatorType"] == "kesehatan.idl_coverage"
    assert linked["parameters"] == {"kelurahan": "K00"}
    assert linked["realizations"][0]["computed"] is True
    assert linked["realizations"][0]["achievement"] == "75.00"
    assert manual["realizations"][0] == {
        "value": "2",
        "target": "10",
        "achievement": "20.00",
        "computed": False,
        "period": {"number": 1},
    }


async def test_team_view_with_plugin_fields_makes_as_many_statements_for_200_as_for_10(
    client, world
):
    provenance = {"source": "kesehatan.idl_coverage", "annualTarget": "100", "target": "8.3333",
                  "achievement": "75.00", "records": []}  # fmt: skip
    await plugin_data(world)
    period = await open_period(world)
    await add_staff(world, period, 0, 10)
    await link_half(provenance)
    ten, body = await team_statements(client, world)
    check(body, 10)

    await add_staff(world, period, 10, 190)
    await link_half(provenance)
    two_hundred, body = await team_statements(client, world)
    check(body, 200)
    assert two_hundred == ten, (ten, two_hundred)
    assert ten <= 15  # a handful of batched loads (15 today, 18 before the read model)
