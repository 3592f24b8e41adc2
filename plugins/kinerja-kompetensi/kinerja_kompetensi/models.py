"""Tables of the kompetensi plugin (tortoise app ``kompetensi``).

- ``DevelopmentNeed``: a competency development need of an employee for a year, proposed from
  a finalised evaluation (predikat, behaviour, an IKI) or added by the employee; the rater
  confirms, edits or dismisses it.
- ``DevelopmentActivity``: a planned activity of the employee's development plan for a year
  (training, course, coaching, ...), with JP, provider, dates and the needs it answers.
- ``DevelopmentRecord``: a completed activity with the JP earned (what counts against the
  20 JP right).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class CompetencyGroup(StrEnum):
    """The three groups of the ASN competency standard (PermenPANRB 38/2017)."""

    MANAJERIAL = "MANAJERIAL"
    TEKNIS = "TEKNIS"
    SOSIAL_KULTURAL = "SOSIAL_KULTURAL"


class NeedSource(StrEnum):
    PREDIKAT = "PREDIKAT"  # the evaluation's predikat (result rating below expectation)
    BEHAVIOR = "BEHAVIOR"  # the behaviour rating, per BerAKHLAK value where feedback names one
    INDICATOR = "INDICATOR"  # an IKI far below its target
    EMPLOYEE = "EMPLOYEE"  # added by the employee


class NeedStatus(StrEnum):
    PROPOSED = "PROPOSED"
    CONFIRMED = "CONFIRMED"
    DISMISSED = "DISMISSED"


class Priority(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class ActivityKind(StrEnum):
    TRAINING = "TRAINING"  # pelatihan klasikal
    COURSE = "COURSE"  # kursus, e-learning
    COACHING = "COACHING"
    MENTORING = "MENTORING"
    SECONDMENT = "SECONDMENT"  # magang / detasering
    SELF_STUDY = "SELF_STUDY"  # belajar mandiri


class DevelopmentNeed(Model):
    """A development need of an employee for a year."""

    id = fields.IntField(primary_key=True)
    employee = fields.ForeignKeyField(
        "core.Employee", related_name="kompetensi_needs", on_delete=fields.CASCADE
    )
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kompetensi_needs", on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    group = fields.CharEnumField(CompetencyGroup, max_length=16)
    title = fields.CharField(max_length=200)
    source = fields.CharEnumField(NeedSource, max_length=16)
    evaluation = fields.ForeignKeyField(
        "core.Evaluation", related_name="kompetensi_needs", null=True, on_delete=fields.SET_NULL
    )
    indicator = fields.ForeignKeyField(
        "core.Indicator", related_name="kompetensi_needs", null=True, on_delete=fields.SET_NULL
    )
    behavior_value = fields.CharField(max_length=32, default="")
    source_value = fields.CharField(max_length=200, default="")  # e.g. the predikat, "42.5%"
    priority = fields.CharEnumField(Priority, max_length=8)
    status = fields.CharEnumField(NeedStatus, max_length=16, default=NeedStatus.PROPOSED)
    note = fields.TextField(default="")
    decided_by = fields.ForeignKeyField(
        "core.Employee",
        related_name="kompetensi_needs_decided",
        null=True,
        on_delete=fields.SET_NULL,
    )
    decided_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kompetensi"
        table = "kompetensi_need"
        indexes = (
            ("employee_id", "year"),
            ("agency_id", "year"),
            ("evaluation_id",),
            ("indicator_id",),
            ("decided_by_id",),
        )


class DevelopmentActivity(Model):
    """A planned activity of an employee's development plan for a year."""

    id = fields.IntField(primary_key=True)
    employee = fields.ForeignKeyField(
        "core.Employee", related_name="kompetensi_activities", on_delete=fields.CASCADE
    )
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kompetensi_activities", on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    kind = fields.CharEnumField(ActivityKind, max_length=16)
    title = fields.CharField(max_length=200)
    provider = fields.CharField(max_length=200, default="")
    jp = fields.IntField()
    start_date = fields.DateField()
    end_date = fields.DateField()
    created_by = fields.ForeignKeyField(
        "core.Employee",
        related_name="kompetensi_activities_created",
        null=True,
        on_delete=fields.SET_NULL,
    )
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kompetensi"
        table = "kompetensi_activity"
        indexes = (("employee_id", "year"), ("agency_id", "year"), ("created_by_id",))


class ActivityNeed(Model):
    """Which needs a planned activity answers."""

    id = fields.IntField(primary_key=True)
    activity = fields.ForeignKeyField(
        "kompetensi.DevelopmentActivity", related_name="need_links", on_delete=fields.CASCADE
    )
    need = fields.ForeignKeyField(
        "kompetensi.DevelopmentNeed", related_name="activity_links", on_delete=fields.CASCADE
    )
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kompetensi_activity_needs", on_delete=fields.RESTRICT
    )

    class Meta:
        app = "kompetensi"
        table = "kompetensi_activity_need"
        unique_together = (("activity", "need"),)
        indexes = (("need_id",), ("agency_id",))


class DevelopmentRecord(Model):
    """A completed development activity with the JP earned."""

    id = fields.IntField(primary_key=True)
    employee = fields.ForeignKeyField(
        "core.Employee", related_name="kompetensi_records", on_delete=fields.CASCADE
    )
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kompetensi_records", on_delete=fields.RESTRICT
    )
    activity = fields.ForeignKeyField(
        "kompetensi.DevelopmentActivity",
        related_name="records",
        null=True,
        on_delete=fields.SET_NULL,
    )
    year = fields.IntField()
    kind = fields.CharEnumField(ActivityKind, max_length=16)
    title = fields.CharField(max_length=200)
    provider = fields.CharField(max_length=200, default="")
    jp = fields.IntField()
    completed_on = fields.DateField()
    created_by = fields.ForeignKeyField(
        "core.Employee",
        related_name="kompetensi_records_created",
        null=True,
        on_delete=fields.SET_NULL,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kompetensi"
        table = "kompetensi_record"
        indexes = (
            ("employee_id", "year"),
            ("agency_id", "year"),
            ("activity_id",),
            ("created_by_id",),
        )
