"""The people below a set of positions, kept between org writes (issue 14), read and
written by kinerja_core/auth/subtree.py."""

from tortoise import fields
from tortoise.models import Model


class OrgGeneration(Model):
    """The city's org generation (one row, id 1): bumped by every audited write of a unit,
    position, assignment or employee. No row yet means generation 0."""

    id = fields.IntField(primary_key=True, generated=False)
    generation = fields.BigIntField(default=0)

    class Meta:
        app = "core"
        table = "org_generation"


class KeptSubtree(Model):
    """The employees below the positions ``roots`` (sorted ids, comma-joined) on ``day``,
    valid while the org generation is still ``generation``. ``members`` holds their ids as a
    JSON list (NULL for nobody), ``direct`` those of the direct reports (NULL for none)."""

    roots = fields.CharField(max_length=200, primary_key=True)
    day = fields.CharField(max_length=10)
    generation = fields.BigIntField()
    members = fields.TextField(null=True)
    direct = fields.TextField(null=True)

    class Meta:
        app = "core"
        table = "kept_subtree"
