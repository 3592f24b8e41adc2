"""Tables of the kompetensi plugin (tortoise app ``kompetensi``).

- ``DevelopmentNeed``: a competency development need of an employee for a year, proposed from
  a finalised evaluation (predikat, behaviour, an IKI) or added by the employee; the rater
  confirms, edits or dismisses it.
- ``DevelopmentActivity``: a planned activity of the employee's development plan for a year
  (training, course, coaching, ...), with JP, provider, dates and the needs it answers.
- ``DevelopmentPlan``: the employee's development plan of a year as a whole: its state
  (draft, submitted to the rater, approved or returned with a note).
- ``DevelopmentRecord``: a completed activity with the JP earned, its certificate (stored like
  bukti dukung) and the agency admin's verification: only verified JP count against the
  20 JP right.

Every table but the link table carries the same bookkeeping: an optimistic-lock ``version``,
``created_at`` and ``updated_at`` (:class:`Tracked`); the employee columns are made by
:func:`employee_fk`.
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


class ActivityStatus(StrEnum):
    PLANNED = "PLANNED"
    CANCELLED = "CANCELLED"  # by the employee while the plan was not approved


class PlanStatus(StrEnum):
    DRAFT = "DRAFT"  # the employee is planning
    SUBMITTED = "SUBMITTED"  # waiting for the rater
    APPROVED = "APPROVED"  # locked, except by the rater returning it
    RETURNED = "RETURNED"  # back to the employee with the rater's note


class Verification(StrEnum):
    UNVERIFIED = "UNVERIFIED"  # no certificate yet
    PENDING = "PENDING"  # certificate uploaded, waiting for the agency admin
    VERIFIED = "VERIFIED"  # the JP count toward the 20 JP right
    REJECTED = "REJECTED"  # with the admin's reason; a new certificate makes it PENDING again


def employee_fk(related_name: str, *, null: bool = False) -> fields.ForeignKeyRelation:
    """A column naming an employee: the owner (deleted with them) or who acted (kept, set to
    null when they go)."""
    return fields.ForeignKeyField(
        "core.Employee",
        related_name=related_name,
        null=null,
        on_delete=fields.SET_NULL if null else fields.CASCADE,
    )


def agency_fk(related_name: str) -> fields.ForeignKeyRelation:
    """The agency a row belongs to (the plugin's enablement and the agency views)."""
    return fields.ForeignKeyField(
        "core.Agency", related_name=related_name, on_delete=fields.RESTRICT
    )


def narrowed(query, **optional):
    """``query`` filtered by each of ``optional`` that is not None (the views' filters)."""
    return query.filter(**{k: v for k, v in optional.items() if v is not None})


class Tracked(Model):
    """Bookkeeping every kompetensi table shares: the optimistic-lock version and times."""

    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True


class DevelopmentNeed(Tracked):
    """A development need of an employee for a year."""

    id = fields.IntField(primary_key=True)
    employee = employee_fk("kompetensi_needs")
    agency = agency_fk("kompetensi_needs")
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
    decided_by = employee_fk("kompetensi_needs_decided", null=True)
    decided_at = fields.DatetimeField(null=True)

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


class DevelopmentPlan(Tracked):
    """An employee's development plan of a year: its activities are the
    ``DevelopmentActivity`` rows of the same employee and year. Written when the employee
    first plans an activity of the year (DRAFT)."""

    id = fields.IntField(primary_key=True)
    employee = employee_fk("kompetensi_plans")
    agency = agency_fk("kompetensi_plans")
    year = fields.IntField()
    status = fields.CharEnumField(PlanStatus, max_length=16, default=PlanStatus.DRAFT)
    note = fields.TextField(default="")  # the rater's note when returning (or approving)
    submitted_at = fields.DatetimeField(null=True)
    decided_by = employee_fk("kompetensi_plans_decided", null=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        app = "kompetensi"
        table = "kompetensi_plan"
        unique_together = (("employee", "year"),)
        indexes = (("agency_id", "year"), ("decided_by_id",))


class DevelopmentActivity(Tracked):
    """A planned activity of an employee's development plan for a year."""

    id = fields.IntField(primary_key=True)
    employee = employee_fk("kompetensi_activities")
    agency = agency_fk("kompetensi_activities")
    year = fields.IntField()
    kind = fields.CharEnumField(ActivityKind, max_length=16)
    title = fields.CharField(max_length=200)
    provider = fields.CharField(max_length=200, default="")
    jp = fields.IntField()
    start_date = fields.DateField()
    end_date = fields.DateField()
    status = fields.CharEnumField(ActivityStatus, max_length=16, default=ActivityStatus.PLANNED)
    created_by = employee_fk("kompetensi_activities_created", null=True)

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
    agency = agency_fk("kompetensi_activity_needs")

    class Meta:
        app = "kompetensi"
        table = "kompetensi_activity_need"
        unique_together = (("activity", "need"),)
        indexes = (("need_id",), ("agency_id",))


class DevelopmentRecord(Tracked):
    """A completed development activity with the JP earned, its certificate and its
    verification by the agency admin."""

    id = fields.IntField(primary_key=True)
    employee = employee_fk("kompetensi_records")
    agency = agency_fk("kompetensi_records")
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
    created_by = employee_fk("kompetensi_records_created", null=True)
    # the certificate: checked, hashed and stored like bukti dukung (kinerja_core storage)
    certificate_filename = fields.CharField(max_length=255, default="")
    certificate_content_type = fields.CharField(max_length=100, default="")
    certificate_size = fields.IntField(default=0)
    certificate_sha256 = fields.CharField(max_length=64, default="")
    certificate_path = fields.CharField(max_length=500, default="")
    certificate_uploaded_at = fields.DatetimeField(null=True)
    verification = fields.CharEnumField(
        Verification, max_length=16, default=Verification.UNVERIFIED
    )
    verified_by = employee_fk("kompetensi_records_verified", null=True)
    verified_at = fields.DatetimeField(null=True)
    rejection_reason = fields.TextField(default="")

    class Meta:
        app = "kompetensi"
        table = "kompetensi_record"
        indexes = (
            ("employee_id", "year"),
            ("agency_id", "year"),
            ("activity_id",),
            ("created_by_id",),
            ("verified_by_id",),
            ("certificate_path",),
        )


# The columns a read shows of a record (KompetensiRecord) and of a need in the views: reads
# that only show rows take these (``.only(*RECORD_SHOWN)``), not the bookkeeping, whose
# timestamps cost more to read than the rest of the row.
RECORD_SHOWN = (
    "id",
    "employee_id",
    "agency_id",
    "activity_id",
    "year",
    "kind",
    "title",
    "provider",
    "jp",
    "completed_on",
    "certificate_filename",
    "certificate_content_type",
    "certificate_size",
    "certificate_sha256",
    "certificate_path",
    "certificate_uploaded_at",
    "verification",
    "verified_at",
    "rejection_reason",
    "version",
)
NEED_LISTED = (
    "id",
    "employee_id",
    "agency_id",
    "group",
    "title",
    "priority",
    "status",
    "source",
    "source_value",
)
