"""Tables of the pendidikan plugin, in its own tortoise app ``pendidikan``.

Docstrings here end up in the migrations: no semicolons (the SQLite executor splits on them).
"""

from tortoise import fields
from tortoise.models import Model

from kinerja_pendidikan.rules import Level, SchoolStatus


class School(Model):
    """A school (satuan pendidikan) of the agency's area, identified by its NPSN."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="pendidikan_schools", on_delete=fields.RESTRICT
    )
    npsn = fields.CharField(max_length=8, unique=True, description="Nomor Pokok Sekolah Nasional.")
    name = fields.CharField(max_length=200)
    level = fields.CharEnumField(Level, description="PAUD, SD or SMP.")
    kecamatan = fields.CharField(max_length=60)
    status = fields.CharEnumField(SchoolStatus, description="NEGERI or SWASTA.")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "pendidikan"
        table = "pendidikan_school"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("agency_id",),)


class Programme(Model):
    """A programme (literasi, numerasi...) an agency runs in schools in one year.

    ``goal`` is the average end score (0-100) a school must reach to meet the programme goal.
    """

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="pendidikan_programmes", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=32, description="Short code, upper case, e.g. LITERASI.")
    name = fields.CharField(max_length=200)
    year = fields.IntField()
    goal = fields.DecimalField(max_digits=5, decimal_places=2, description="End score to reach.")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "pendidikan"
        table = "pendidikan_programme"
        unique_together = (("agency", "code", "year"),)


class ProgrammeEvaluation(Model):
    """The evaluation of one programme in one school: participants, completion, scores."""

    id = fields.IntField(primary_key=True)
    programme = fields.ForeignKeyField(
        "pendidikan.Programme", related_name="evaluations", on_delete=fields.RESTRICT
    )
    school = fields.ForeignKeyField(
        "pendidikan.School", related_name="evaluations", on_delete=fields.RESTRICT
    )
    participants = fields.IntField(description="Pupils who took part.")
    completed = fields.IntField(description="Pupils who completed the programme.")
    baseline_score = fields.DecimalField(
        max_digits=5, decimal_places=2, description="Average score at the start (0-100)."
    )
    end_score = fields.DecimalField(
        max_digits=5, decimal_places=2, null=True, description="Average score at the end."
    )
    evaluated_on = fields.DateField(description="Day of the end evaluation.")
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "pendidikan"
        table = "pendidikan_evaluation"
        unique_together = (("programme", "school"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("school_id",),)


class Enrolment(Model):
    """Pupils enrolled at a level in a kecamatan in a year (any age, and of official age)."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="pendidikan_enrolments", on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    level = fields.CharEnumField(Level)
    kecamatan = fields.CharField(max_length=60)
    pupils_total = fields.IntField(description="Pupils at the level, any age (APK numerator).")
    pupils_official_age = fields.IntField(description="Pupils of official age (APM numerator).")
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "pendidikan"
        table = "pendidikan_enrolment"
        unique_together = (("agency", "year", "level", "kecamatan"),)


class Population(Model):
    """Children of a level's official age living in a kecamatan in a year (the denominator)."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="pendidikan_populations", on_delete=fields.RESTRICT
    )
    year = fields.IntField()
    level = fields.CharEnumField(Level, description="The level whose official age group this is.")
    kecamatan = fields.CharField(max_length=60)
    population = fields.IntField()
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "pendidikan"
        table = "pendidikan_population"
        unique_together = (("agency", "year", "level", "kecamatan"),)
