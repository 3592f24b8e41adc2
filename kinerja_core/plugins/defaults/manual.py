"""The plain manual indicator ``core.manual``: realisasi typed in by the employee."""

from __future__ import annotations

from kinerja_core.domain.periods import PeriodSpec
from kinerja_core.domain.records import MANUAL_SOURCE
from kinerja_core.plugins.hookspecs import hookimpl
from kinerja_core.plugins.indicator import IndicatorType, IndicatorValue, RecordRef, Scope

KINERJA_ALWAYS_ON = True  # part of the core: on for every agency, never switched off

CODE = MANUAL_SOURCE


async def typed_in(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    """The realisasi recorded for the IKI in the agency's period, as it was entered."""
    from kinerja_core.models import Realization

    if scope.indicator_id is None:
        return IndicatorValue(None, note="no IKI given")
    row = await Realization.filter(
        indicator_id=scope.indicator_id,
        period__agency_id=scope.agency_id,
        period__year=period.year,
        period__kind=period.kind,
        period__number=period.number,
    ).first()
    if row is None:
        return IndicatorValue(None, note="not recorded yet")
    return IndicatorValue(
        row.value,
        records=(RecordRef("Realization", str(row.id), period.label),),
        computed_at=row.updated_at,
        note="typed in",
    )


MANUAL = IndicatorType(
    code=CODE,
    name="Manual",
    definition="The realisasi is typed in by the employee each period, with bukti dukung.",
    compute=typed_in,
    multiplier=1,
    unit="",
    data_source="Realisasi entered in Kinerja",
)


@hookimpl
def kinerja_register_indicators():
    return [MANUAL]
