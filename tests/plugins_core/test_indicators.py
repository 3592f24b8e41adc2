"""Indicator types: listed per agency, chosen for an IKI, computed per period with provenance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.domain.enums import PlanApproach
from kinerja_core.errors import ValidationFailed
from kinerja_core.models import PluginActivation
from kinerja_core.plugins.linking import validate_indicator_choice
from kinerja_core.services.context import ServiceContext
from tests.plugins_core import broken
from tests.plugins_core.sample_models import SampleVisit
from tests.support import YEAR, gql, ok
from tests.test_monitoring import make_plan, open_period, record, setup_periods

TYPES = """query($agency: ID!) { indicatorTypes(agencyId: $agency) {
  code name plugin unit multiplier direction periodicity cumulative numeratorLabel
  parameters { name label kind required choices(agencyId: $agency) { value label } } } }"""
COMPUTED = """query($indicator: ID!, $period: ID!) {
  computedRealization(indicatorId: $indicator, periodId: $period) {
    indicatorType plugin period value numerator denominator numeratorLabel unit cumulative
    records { entity id label } computedAt annualTarget target achievement } }"""


@pytest.fixture
def plugins():
    return {"sample": "tests.plugins_core.sample", "flaky": broken.Flaky()}


async def enable(world, plugin, agency):
    await PluginActivation.create(
        plugin=plugin,
        agency=world.agencies[agency],
        scope=str(world.agencies[agency].id),
        enabled=True,
    )


async def test_hook_kinerja_register_indicators(client, world):
    """Registered types are listed with their definition; per agency only the enabled ones."""
    dinkes = str(world.agencies["dinkes"].id)
    body = await gql(client, TYPES, {"agency": dinkes}, token=world.staff.token)
    assert [t["code"] for t in ok(body, "indicatorTypes")] == ["core.manual"]
    await enable(world, "sample", "dinkes")
    body = await gql(client, TYPES, {"agency": dinkes}, token=world.staff.token)
    kinds = {t["code"]: t for t in ok(body, "indicatorTypes")}
    assert kinds["sample.visit_ratio"] == {
        "code": "sample.visit_ratio",
        "name": "Visit ratio",
        "plugin": "sample",
        "unit": "%",
        "multiplier": "100",
        "direction": "HIGHER_IS_BETTER",
        "periodicity": "MONTHLY",
        "cumulative": True,
        "numeratorLabel": "Visits",
        "parameters": [
            {
                "name": "clinic",
                "label": "Clinic",
                "kind": "CHOICE",
                "required": True,
                "choices": [
                    {"value": "K1", "label": "Klinik Satu"},
                    {"value": "K2", "label": "Klinik Dua"},
                ],
            }
        ],
    }
    body = await gql(client, "{ indicatorTypes { code } }", token=world.staff.token)
    assert [t["code"] for t in ok(body, "indicatorTypes")] == [
        "core.manual",
        "flaky.exploding",
        "sample.visit_ratio",
    ]


async def validate(manager, world, agency, code, parameters=None, approach=None):
    ctx = ServiceContext(settings=None, plugins=manager)  # type: ignore[arg-type]
    return await validate_indicator_choice(
        ctx, world.agencies[agency].id, code, parameters, approach=approach
    )


@pytest.mark.parametrize(
    ("code", "parameters", "error", "field"),
    [
        ("sample.nope", {}, "indicator_type.unknown", "indicatorType"),
        ("sample.visit_ratio", {}, "indicator_type.parameter_required", "parameters"),
        ("sample.visit_ratio", {"clinic": "K9"}, "indicator_type.parameter_choice", "parameters"),
        (
            "sample.visit_ratio",
            {"clinic": "K1", "x": 1},
            "indicator_type.parameter_unknown",
            "parameters",
        ),
        ("core.manual", {"clinic": "K1"}, "indicator_type.parameter_unknown", "parameters"),
    ],
)
async def test_an_iki_names_an_existing_type_with_valid_parameters(
    client, world, code, parameters, error, field, plugin_manager
):
    await enable(world, "sample", "dinkes")
    with pytest.raises(ValidationFailed) as caught:
        await validate(plugin_manager, world, "dinkes", code, parameters)
    assert (caught.value.code, caught.value.field) == (error, field)


async def test_an_indicator_type_of_a_disabled_plugin_cannot_be_chosen(
    client, world, plugin_manager
):
    await enable(world, "sample", "dinkes")
    assert await validate(
        plugin_manager, world, "dinkes", "sample.visit_ratio", {"clinic": " K2 "}
    ) == {"clinic": "K2"}
    with pytest.raises(ValidationFailed) as caught:
        await validate(plugin_manager, world, "disdik", "sample.visit_ratio", {"clinic": "K2"})
    assert (caught.value.code, caught.value.field) == ("plugin.disabled", "indicatorType")
    assert caught.value.params == {
        "plugin": "sample",
        "agency_id": str(world.agencies["disdik"].id),
    }
    with pytest.raises(ValidationFailed) as caught:
        await validate(
            plugin_manager,
            world,
            "dinkes",
            "sample.visit_ratio",
            {"clinic": "K2"},
            approach=PlanApproach.KUALITATIF,
        )
    assert caught.value.code == "indicator_type.qualitative"
    assert await validate(plugin_manager, world, "disdik", None) == {}  # core.manual, always there


async def linked_plan(world):
    plan, _, (indicator,) = await make_plan(world, indicator_type="sample.visit_ratio")
    indicator.parameters = {"clinic": "K1"}
    indicator.target_value = Decimal(90)
    await indicator.save()
    return plan, indicator


async def test_realisasi_of_a_linked_iki_is_computed_from_plugin_data_with_provenance(
    client, world
):
    await enable(world, "sample", "dinkes")
    _, indicator = await linked_plan(world)
    periods = await setup_periods(client, world)
    dinkes = world.agencies["dinkes"]
    rows = [
        await SampleVisit.create(
            agency=dinkes, clinic="K1", month=dt.date(YEAR, m, 1), visits=visits, target=10
        )
        for m, visits in ((1, 8), (2, 9), (3, 10))
    ]
    await SampleVisit.create(
        agency=dinkes, clinic="K2", month=dt.date(YEAR, 1, 1), visits=1, target=10
    )
    march = periods[2]["id"]
    for who in ("staff", "kasubag", "head"):  # the employee, the rater, the agency head
        body = await gql(
            client,
            COMPUTED,
            {"indicator": str(indicator.id), "period": march},
            token=world.people[who].token,
            lang="en",
        )
        result = ok(body, "computedRealization")
        assert result["value"] == "90" and result["numerator"] == "27"
        assert result["denominator"] == "30"
        assert result["period"] == f"March {YEAR}"
        assert result["records"] == [
            {"entity": "SampleVisit", "id": str(r.id), "label": r.month.isoformat()} for r in rows
        ]
        assert (result["annualTarget"], result["target"]) == ("90", "22.5")  # 90 x 3 / 12
        assert result["achievement"] == "400.00"
        assert result["cumulative"] is True and result["plugin"] == "sample"
    body = await gql(
        client,
        COMPUTED,
        {"indicator": str(indicator.id), "period": march},
        token=world.disdik_staff.token,
    )
    assert body["errors"][0]["extensions"]["code"] == "access.denied"


async def test_realisasi_of_a_disabled_plugin_is_plugin_disabled_not_data(client, world):
    _, indicator = await linked_plan(world)
    periods = await setup_periods(client, world)
    body = await gql(
        client,
        COMPUTED,
        {"indicator": str(indicator.id), "period": periods[0]["id"]},
        token=world.staff.token,
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["kind"] == "PluginDisabled"


async def test_a_computation_that_raises_fails_with_plugin_failed(client, world):
    await enable(world, "flaky", "dinkes")
    _, _, (indicator,) = await make_plan(world, indicator_type="flaky.exploding")
    periods = await setup_periods(client, world)
    body = await gql(
        client,
        COMPUTED,
        {"indicator": str(indicator.id), "period": periods[0]["id"]},
        token=world.staff.token,
        lang="en",
    )
    error = body["errors"][0]
    assert error["extensions"]["kind"] == "PluginFailed"
    assert error["extensions"]["plugin"] == "flaky"
    assert "data warehouse" not in error["message"]


async def test_the_manual_type_computes_what_the_employee_typed_in(client, world):
    _, _, (indicator,) = await make_plan(world)
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    recorded = await record(client, world.staff.token, indicator, periods[0]["id"], value="6")
    body = await gql(
        client,
        COMPUTED,
        {"indicator": str(indicator.id), "period": periods[0]["id"]},
        token=world.kasubag.token,
    )
    result = ok(body, "computedRealization")
    assert (result["indicatorType"], result["value"], result["target"]) == (
        "core.manual",
        "6",
        "12",
    )
    assert result["achievement"] == "50.00"
    assert result["records"] == [
        {"entity": "Realization", "id": recorded["id"], "label": f"Januari {YEAR}"}
    ]
