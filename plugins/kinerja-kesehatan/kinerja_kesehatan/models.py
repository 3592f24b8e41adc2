"""Tables of the kesehatan plugin, in its own tortoise app ``kesehatan``.

A puskesmas (community health centre) of an agency serves one or more kelurahan. Each month it
reports, per kelurahan, the annual target infants (sasaran bayi) and the month's counts:
infants with complete basic immunisation (IDL), DPT-HB-Hib1, DPT-HB-Hib3, MR1, newborns and BCG.
"""

from tortoise import fields
from tortoise.models import Model


class Puskesmas(Model):
    """A puskesmas of an agency (Dinas Kesehatan), e.g. Puskesmas Kampung Dalam."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kesehatan_puskesmas", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=32, description="Short code, unique in the agency.")
    name = fields.CharField(max_length=200)
    kecamatan = fields.CharField(max_length=100, default="", description="Its district.")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kesehatan"
        table = "kesehatan_puskesmas"
        unique_together = (("agency", "code"),)


class Kelurahan(Model):
    """A kelurahan (or the part of one) in the working area of one puskesmas.

    ``agency`` repeats the puskesmas' agency so that a code is unique per agency.
    """

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kesehatan_kelurahan", on_delete=fields.RESTRICT
    )
    puskesmas = fields.ForeignKeyField(
        "kesehatan.Puskesmas", related_name="kelurahan", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=32, description="Short code, unique in the agency.")
    name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kesehatan"
        table = "kesehatan_kelurahan"
        unique_together = (("agency", "code"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("puskesmas_id",),)


class ImmunizationReport(Model):
    """The monthly immunisation report of one puskesmas: one per puskesmas and month.

    ``version`` refuses a correction based on a stale read. ``agency`` repeats the puskesmas'
    agency for reading an agency's reports in one statement.
    """

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="kesehatan_reports", on_delete=fields.RESTRICT
    )
    puskesmas = fields.ForeignKeyField(
        "kesehatan.Puskesmas", related_name="reports", on_delete=fields.RESTRICT
    )
    month = fields.DateField(description="First day of the month reported.")
    version = fields.IntField(default=1)
    entered_by = fields.ForeignKeyField(
        "core.Employee",
        related_name="kesehatan_reports_entered",
        null=True,
        on_delete=fields.SET_NULL,
    )
    corrected_by = fields.ForeignKeyField(
        "core.Employee",
        related_name="kesehatan_reports_corrected",
        null=True,
        on_delete=fields.SET_NULL,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "kesehatan"
        table = "kesehatan_report"
        unique_together = (("puskesmas", "month"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("agency_id",),
            ("corrected_by_id",),
            ("entered_by_id",),
        )


class ImmunizationReportLine(Model):
    """One kelurahan in a monthly report: its annual target infants and the month's counts."""

    id = fields.IntField(primary_key=True)
    report = fields.ForeignKeyField(
        "kesehatan.ImmunizationReport", related_name="lines", on_delete=fields.CASCADE
    )
    kelurahan = fields.ForeignKeyField(
        "kesehatan.Kelurahan", related_name="report_lines", on_delete=fields.RESTRICT
    )
    target_infants = fields.IntField(description="Annual target infants (sasaran bayi).")
    idl = fields.IntField(description="Infants 0-11 months with complete basic immunisation.")
    dpt1 = fields.IntField(description="Infants given DPT-HB-Hib 1.")
    dpt3 = fields.IntField(description="Infants given DPT-HB-Hib 3.")
    mr1 = fields.IntField(description="Infants given MR 1.")
    newborns = fields.IntField(description="Live births.")
    bcg = fields.IntField(description="Infants given BCG.")

    class Meta:
        app = "kesehatan"
        table = "kesehatan_report_line"
        unique_together = (("report", "kelurahan"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("kelurahan_id",),)
