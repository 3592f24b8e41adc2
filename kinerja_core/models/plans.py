"""SKP planning: the plan (SKP), its work results (RHK), indicators (IKI), behaviour values."""

from tortoise import fields

from kinerja_core.domain.enums import (
    Aspect,
    BehaviorValue,
    Intervention,
    Perspective,
    PlanApproach,
    PlanForm,
    PlanStatus,
    WorkResultKind,
)
from kinerja_core.domain.records import MANUAL_SOURCE
from kinerja_core.models.base import TimestampedModel


class PerformancePlan(TimestampedModel):
    """An SKP: one employee, one position, one year. Snapshot frozen at approval."""

    employee = fields.ForeignKeyField(
        "core.Employee", related_name="plans", on_delete=fields.RESTRICT
    )
    position = fields.ForeignKeyField(
        "core.Position", related_name="plans", on_delete=fields.RESTRICT
    )
    agency = fields.ForeignKeyField("core.Agency", related_name="plans", on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("core.Unit", related_name="plans", on_delete=fields.RESTRICT)
    year = fields.IntField()
    form = fields.CharEnumField(PlanForm)
    approach = fields.CharEnumField(PlanApproach, default=PlanApproach.KUANTITATIF)
    status = fields.CharEnumField(PlanStatus, default=PlanStatus.DRAFT)
    period_start = fields.DateField()
    period_end = fields.DateField()
    rater = fields.ForeignKeyField(
        "core.Employee", related_name="rated_plans", null=True, on_delete=fields.RESTRICT
    )
    rater_position = fields.ForeignKeyField(
        "core.Position", related_name="rated_plans", null=True, on_delete=fields.RESTRICT
    )
    rater_superior = fields.ForeignKeyField(
        "core.Employee", related_name="appeal_plans", null=True, on_delete=fields.RESTRICT
    )
    return_note = fields.TextField(default="")
    resource_support = fields.TextField(default="")
    accountability_scheme = fields.TextField(default="")
    consequences = fields.TextField(default="")
    snapshot = fields.JSONField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)

    class Meta:
        app = "core"
        table = "performance_plan"
        indexes = (
            ("employee_id", "year"),
            ("rater_id", "status"),
            ("agency_id", "year"),
            ("position_id",),
            ("rater_position_id",),
            ("rater_superior_id",),
            ("unit_id",),
        )


class WorkResult(TimestampedModel):
    """An RHK. ``parent`` is the superior's RHK it intervenes (the cascade)."""

    plan = fields.ForeignKeyField(
        "core.PerformancePlan", related_name="work_results", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(WorkResultKind, default=WorkResultKind.UTAMA)
    description = fields.TextField()
    parent = fields.ForeignKeyField(
        "core.WorkResult", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    intervention = fields.CharEnumField(Intervention, null=True)
    perspective = fields.CharEnumField(Perspective, null=True)
    order = fields.IntField(default=0)

    class Meta:
        app = "core"
        table = "work_result"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("parent_id",),
            ("plan_id",),
        )


class Indicator(TimestampedModel):
    """An IKI with its target, ``indicator_type`` names a plugin indicator when computed."""

    work_result = fields.ForeignKeyField(
        "core.WorkResult", related_name="indicators", on_delete=fields.CASCADE
    )
    aspect = fields.CharEnumField(Aspect, default=Aspect.KUANTITAS)
    description = fields.TextField()
    target_value = fields.DecimalField(max_digits=18, decimal_places=4, null=True)
    target_min = fields.DecimalField(max_digits=18, decimal_places=4, null=True)
    target_max = fields.DecimalField(max_digits=18, decimal_places=4, null=True)
    unit = fields.CharField(max_length=64, default="")
    narrative_target = fields.TextField(default="")
    perspective = fields.CharEnumField(Perspective, null=True)
    indicator_type = fields.CharField(max_length=100, default=MANUAL_SOURCE)
    parameters = fields.JSONField(default=dict)
    order = fields.IntField(default=0)

    class Meta:
        app = "core"
        table = "indicator"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("work_result_id",),)


class BehaviorExpectation(TimestampedModel):
    """The superior's ekspektasi khusus pimpinan for one BerAKHLAK value of one SKP."""

    plan = fields.ForeignKeyField(
        "core.PerformancePlan", related_name="behavior_expectations", on_delete=fields.CASCADE
    )
    value = fields.CharEnumField(BehaviorValue)
    expectation = fields.TextField(default="")

    class Meta:
        app = "core"
        table = "behavior_expectation"
        unique_together = (("plan", "value"),)
