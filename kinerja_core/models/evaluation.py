"""Evaluation: periodic and annual ratings, organisation predikat, appeals (keberatan)."""

from tortoise import fields

from kinerja_core.domain.enums import (
    AppealDecision,
    AppealStatus,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    Predikat,
    Rating,
)
from kinerja_core.models.base import TimestampedModel


class Evaluation(TimestampedModel):
    """Ratings of results and behaviour, the predikat is always derived by the matrix."""

    plan = fields.ForeignKeyField(
        "core.PerformancePlan", related_name="evaluations", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(EvaluationKind)
    period = fields.ForeignKeyField(
        "core.Period", related_name="evaluations", null=True, on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    rater = fields.ForeignKeyField(
        "core.Employee", related_name="given_evaluations", on_delete=fields.RESTRICT
    )
    result_rating = fields.CharEnumField(Rating)
    behavior_rating = fields.CharEnumField(Rating)
    predikat = fields.CharEnumField(Predikat)
    note = fields.TextField(default="")
    status = fields.CharEnumField(EvaluationStatus, default=EvaluationStatus.DRAFT)
    finalized_at = fields.DatetimeField(null=True)
    snapshot = fields.JSONField(null=True)
    credit_points = fields.DecimalField(max_digits=10, decimal_places=3, null=True)
    kurva_findings = fields.JSONField(default=list)

    class Meta:
        app = "core"
        table = "evaluation"
        unique_together = (("plan", "kind", "period"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("period_id",),
            ("rater_id",),
        )


class OrganizationRating(TimestampedModel):
    """The unit's organisation predikat for a period (or year), set one level up."""

    unit = fields.ForeignKeyField(
        "core.Unit", related_name="organization_ratings", on_delete=fields.RESTRICT
    )
    period = fields.ForeignKeyField(
        "core.Period", related_name="organization_ratings", null=True, on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    rating = fields.CharEnumField(OrgPredikat)
    set_by = fields.ForeignKeyField(
        "core.Employee", related_name="set_organization_ratings", on_delete=fields.RESTRICT
    )

    class Meta:
        app = "core"
        table = "organization_rating"
        unique_together = (("unit", "year", "period"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("period_id",),
            ("set_by_id",),
        )


class Appeal(TimestampedModel):
    """A keberatan against a finalised evaluation, decided once by the atasan pejabat penilai."""

    evaluation = fields.OneToOneField(
        "core.Evaluation", related_name="appeal", on_delete=fields.RESTRICT
    )
    reason = fields.TextField()
    status = fields.CharEnumField(AppealStatus, default=AppealStatus.FILED)
    decided_by = fields.ForeignKeyField(
        "core.Employee", related_name="decided_appeals", null=True, on_delete=fields.RESTRICT
    )
    decided_at = fields.DatetimeField(null=True)
    decision = fields.CharEnumField(AppealDecision, null=True)
    decision_note = fields.TextField(default="")
    original_result_rating = fields.CharEnumField(Rating)
    original_behavior_rating = fields.CharEnumField(Rating)

    class Meta:
        app = "core"
        table = "appeal"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("decided_by_id",),)
