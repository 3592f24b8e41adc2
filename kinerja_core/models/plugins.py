"""Per-agency plugin activation: which plugin is on for which agency, with what settings."""

from tortoise import fields

from kinerja_core.models.base import TimestampedModel

GLOBAL_SCOPE = "*"


class PluginActivation(TimestampedModel):
    """One plugin's switch and settings for one agency, or the global default (no agency).

    ``enabled`` None on an agency row means "follow the global default" (the row then only
    carries settings). ``scope`` is ``*`` or the agency id: unique with ``plugin`` on every
    engine, where a unique index over a nullable ``agency_id`` would let two globals in.
    """

    plugin = fields.CharField(max_length=100)
    agency = fields.ForeignKeyField(
        "core.Agency", related_name="plugin_activations", null=True, on_delete=fields.CASCADE
    )
    scope = fields.CharField(max_length=32, default=GLOBAL_SCOPE)
    enabled = fields.BooleanField(null=True)
    config = fields.JSONField(default=dict)
    updated_by = fields.ForeignKeyField(
        "core.Employee", related_name="plugin_changes", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        app = "core"
        table = "plugin_activation"
        unique_together = (("plugin", "scope"),)
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (
            ("agency_id",),
            ("updated_by_id",),
        )
