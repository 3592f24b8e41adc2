"""The agency dashboard's kept figures (issue 14), read and written by services/figures.py."""

from tortoise import fields
from tortoise.models import Model


class AgencyFiguresState(Model):
    """An agency's generation: bumped by every audited write that can change its figures."""

    agency_id = fields.IntField(primary_key=True, generated=False)
    generation = fields.BigIntField(default=0)

    class Meta:
        app = "core"
        table = "agency_figures_state"


class AgencyFigures(Model):
    """An agency's dashboard figures for a year, a period (0: the year) and a day, as JSON,
    valid while the agency's generation is still ``generation``."""

    id = fields.IntField(primary_key=True)
    agency_id = fields.IntField()
    year = fields.IntField()
    period_id = fields.IntField()
    day = fields.CharField(max_length=10)
    generation = fields.BigIntField()
    figures = fields.TextField()

    class Meta:
        app = "core"
        table = "agency_figures"
        unique_together = (("agency_id", "year", "period_id", "day"),)
