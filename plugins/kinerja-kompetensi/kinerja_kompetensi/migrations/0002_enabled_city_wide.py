"""Kompetensi is on city-wide by default (issue 13): the global default row, unless a central
administrator has decided already. Agencies may still switch it off (``disablePlugin``)."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('kompetensi', '0001_initial')]

    operations = [
        ops.RunSQL(
            "INSERT INTO plugin_activation"
            " (plugin, agency_id, scope, enabled, config, updated_by_id, version, created_at,"
            " updated_at)"
            " SELECT 'kompetensi', NULL, '*', TRUE, '{}', NULL, 1, CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP"
            " WHERE NOT EXISTS (SELECT 1 FROM plugin_activation"
            " WHERE plugin = 'kompetensi' AND scope = '*')",
            reverse_sql="DELETE FROM plugin_activation WHERE plugin = 'kompetensi' AND scope = '*'",
        ),
    ]
