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
    """Kept figures of a view (``dashboard:<year>:<period or 0>``) as JSON, valid on
    ``day`` while the agency's generation is still ``generation``."""

    id = fields.IntField(primary_key=True)
    agency_id = fields.IntField()
    view = fields.CharField(max_length=200)
    day = fields.CharField(max_length=10)
    generation = fields.BigIntField()
    figures = fields.TextField()

    class Meta:
        app = "core"
        table = "agency_figures"
        unique_together = (("agency_id", "view"),)
