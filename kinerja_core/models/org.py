"""Organisation: agencies (OPD), their unit trees, positions (jabatan), employees, assignments."""

from tortoise import fields

from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PeriodKind, PositionType
from kinerja_core.models.base import TimestampedModel


class Agency(TimestampedModel):
    """An OPD such as Dinas Kesehatan, the boundary of agency admins and heads."""

    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    period_kind = fields.CharEnumField(PeriodKind, default=PeriodKind.MONTHLY)

    class Meta:
        app = "core"
        table = "agency"


class Unit(TimestampedModel):
    """A unit in an agency's tree (sekretariat, bidang, seksi, UPT such as a puskesmas)."""

    agency = fields.ForeignKeyField("core.Agency", related_name="units", on_delete=fields.RESTRICT)
    parent = fields.ForeignKeyField(
        "core.Unit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)

    class Meta:
        app = "core"
        table = "unit"
        unique_together = (("agency", "code"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("parent_id",),)


class Position(TimestampedModel):
    """A jabatan. ``reports_to`` gives the default pejabat penilai of whoever holds it."""

    agency = fields.ForeignKeyField(
        "core.Agency", related_name="positions", on_delete=fields.RESTRICT
    )
    unit = fields.ForeignKeyField("core.Unit", related_name="positions", on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=200)
    type = fields.CharEnumField(PositionType)
    level = fields.CharField(max_length=32, default="")
    is_unit_head = fields.BooleanField(default=False)
    reports_to = fields.ForeignKeyField(
        "core.Position", related_name="reports", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        app = "core"
        table = "position"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("agency_id",),
            ("reports_to_id",),
            ("unit_id",),
        )


class Employee(TimestampedModel):
    """An ASN (PNS or PPPK). The NIP is the login name and is validated on every write."""

    nip = fields.CharField(max_length=18, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(EmployeeKind)
    golongan = fields.CharField(max_length=8, default="")
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="employees", on_delete=fields.RESTRICT
    )
    email = fields.CharField(max_length=200, default="")

    class Meta:
        app = "core"
        table = "employee"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("agency_id",),)


class Assignment(TimestampedModel):
    """Who holds which position from when to when, Plt/Plh are second, acting assignments."""

    employee = fields.ForeignKeyField(
        "core.Employee", related_name="assignments", on_delete=fields.RESTRICT
    )
    position = fields.ForeignKeyField(
        "core.Position", related_name="assignments", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(AssignmentKind, default=AssignmentKind.DEFINITIF)
    start_date = fields.DateField()
    end_date = fields.DateField(null=True)

    class Meta:
        app = "core"
        table = "assignment"
        indexes = (("position_id", "end_date"), ("employee_id", "end_date"))
