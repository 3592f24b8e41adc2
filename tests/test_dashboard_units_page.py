"""The agency dashboard's units one page at a time: ``unitCount`` is the total, ``units(first,
offset)`` pages through every unit in a stable order (by id), and a page costs as many SQL
statements however many units the agency has."""

from __future__ import annotations

from kinerja_core.db import count_statements
from kinerja_core.models import Unit
from kinerja_core.services import audit
from tests.support import YEAR, gql, ok

PAGE = """
query Dashboard($agencyId: ID!, $year: Int, $first: Int, $offset: Int) {
  agencyDashboard(agencyId: $agencyId, year: $year) {
    unitCount
    totals { employees }
    units(first: $first, offset: $offset) { unit { id name parent { id } } employees }
  }
}
"""


async def add_units(world, count: int) -> None:
    for i in range(count):
        await world.unit(f"extra{i}", "dinkes", f"X{i:03d}", f"Seksi Tambahan {i}")
    await audit.forget_kept()  # written past the audited services: drop the kept figures


async def page(client, world, first: int, offset: int) -> tuple[int, dict]:
    with count_statements() as log:
        answer = await gql(
            client,
            PAGE,
            {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR, "first": first,
             "offset": offset},
            token=world.head.token,
        )
    return len(log.statements), ok(answer, "agencyDashboard")


async def test_unit_count_is_the_number_of_units_and_the_pages_reach_every_unit_in_order(
    client, world
):
    await add_units(world, 25)
    agency = world.agencies["dinkes"]
    ids = [str(u.id) for u in await Unit.filter(agency_id=agency.id).order_by("id")]
    assert len(ids) > 20

    _, first = await page(client, world, 20, 0)
    _, rest = await page(client, world, 20, 20)
    assert first["unitCount"] == rest["unitCount"] == len(ids)
    assert [u["unit"]["id"] for u in first["units"]] == ids[:20]
    assert [u["unit"]["id"] for u in rest["units"]] == ids[20:]
    # the totals are the whole agency's, whichever page is shown
    assert first["totals"] == rest["totals"]
    _, everything = await page(client, world, 500, 0)
    assert [u["unit"]["id"] for u in everything["units"]] == ids
    assert sum(u["employees"] for u in everything["units"]) == first["totals"]["employees"]


async def test_a_page_of_units_makes_as_many_statements_for_30_units_as_for_5(client, world):
    # each time once with the figures computed (none kept yet) and once from the kept ones
    await audit.forget_kept()
    few = [await page(client, world, 20, 0) for _ in range(2)]
    assert few[0][1]["unitCount"] < 20
    await add_units(world, 25)
    many = [await page(client, world, 20, 0) for _ in range(2)]
    assert many[0][1]["unitCount"] > 20 and len(many[1][1]["units"]) == 20
    second, answer = await page(client, world, 20, 20)
    assert len(answer["units"]) == answer["unitCount"] - 20
    assert [n for n, _ in many] == [n for n, _ in few]
    assert second == many[1][0]
