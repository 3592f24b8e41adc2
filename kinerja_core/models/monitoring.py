"""Monitoring: periods, rencana aksi, realisasi with bukti dukung, umpan balik."""

from tortoise import fields
from tortoise.models import Model

from kinerja_core.domain.enums import (
    BehaviorValue,
    EvidenceKind,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
)
from kinerja_core.models.base import TimestampedModel


class Period(TimestampedModel):
    """A monitoring period of an agency (month, quarter or semester) of a year."""

    agency = fields.ForeignKeyField(
        "core.Agency", related_name="periods", on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    kind = fields.CharEnumField(PeriodKind)
    number = fields.IntField()
    start_date = fields.DateField()
    end_date = fields.DateField()
    status = fields.CharEnumField(PeriodStatus, default=PeriodStatus.UPCOMING)

    class Meta:
        app = "core"
        table = "period"
        unique_together = (("agency", "year", "kind", "number"),)


class ActionPlan(TimestampedModel):
    """A rencana aksi: what the employee will do for one RHK in one period."""

    work_result = fields.ForeignKeyField(
        "core.WorkResult", related_name="action_plans", on_delete=fields.CASCADE
    )
    period = fields.ForeignKeyField(
        "core.Period", related_name="action_plans", on_delete=fields.RESTRICT
    )
    description = fields.TextField()

    class Meta:
        app = "core"
        table = "action_plan"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("period_id",),
            ("work_result_id",),
        )


class Realization(TimestampedModel):
    """The realisasi of one IKI in one period, manual or computed by a plugin indicator."""

    indicator = fields.ForeignKeyField(
        "core.Indicator", related_name="realizations", on_delete=fields.CASCADE
    )
    period = fields.ForeignKeyField(
        "core.Period", related_name="realizations", on_delete=fields.RESTRICT
    )
    value = fields.DecimalField(max_digits=18, decimal_places=4, null=True)
    narrative = fields.TextField(default="")
    recorded_by = fields.ForeignKeyField(
        "core.Employee", related_name="recorded_realizations", on_delete=fields.RESTRICT
    )
    provenance = fields.JSONField(null=True)

    class Meta:
        app = "core"
        table = "realization"
        unique_together = (("indicator", "period"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("period_id",),
            ("recorded_by_id",),
        )


class Evidence(Model):
    """A bukti dukung: a link, or a file stored under the data directory with its SHA-256."""

    id = fields.IntField(primary_key=True)
    realization = fields.ForeignKeyField(
        "core.Realization", related_name="evidence", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(EvidenceKind)
    url = fields.CharField(max_length=1000, default="")
    title = fields.CharField(max_length=300, default="")
    filename = fields.CharField(max_length=255, default="")
    content_type = fields.CharField(max_length=120, default="")
    size = fields.IntField(default=0)
    sha256 = fields.CharField(max_length=64, default="")
    storage_path = fields.CharField(max_length=500, default="")
    uploaded_by = fields.ForeignKeyField(
        "core.Employee", related_name="uploaded_evidence", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "core"
        table = "evidence"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("realization_id",),
            ("uploaded_by_id",),
        )


class Feedback(Model):
    """An umpan balik from the rater on an RHK, a realisasi or a behaviour value."""

    id = fields.IntField(primary_key=True)
    plan = fields.ForeignKeyField(
        "core.PerformancePlan", related_name="feedback", on_delete=fields.CASCADE
    )
    author = fields.ForeignKeyField(
        "core.Employee", related_name="given_feedback", on_delete=fields.RESTRICT
    )
    target = fields.CharEnumField(FeedbackTarget)
    work_result = fields.ForeignKeyField(
        "core.WorkResult", related_name="feedback", null=True, on_delete=fields.CASCADE
    )
    realization = fields.ForeignKeyField(
        "core.Realization", related_name="feedback", null=True, on_delete=fields.CASCADE
    )
    behavior_value = fields.CharEnumField(BehaviorValue, null=True)
    period = fields.ForeignKeyField(
        "core.Period", related_name="feedback", null=True, on_delete=fields.RESTRICT
    )
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "core"
        table = "feedback"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("author_id",),
            ("period_id",),
            ("plan_id",),
            ("realization_id",),
            ("work_result_id",),
        )
