from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# The agency dashboard's kept figures (issue 14, services/figures.py): computed once per
# agency, view and day, valid while the agency's generation has not moved. No
# foreign keys: a kept row of an agency that is gone is never read.


class Migration(migrations.Migration):
    dependencies = [('core', '0006_audit_filter_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgencyFiguresState',
            fields=[
                ('agency_id', fields.IntField(primary_key=True, generated=False, unique=True, db_index=True)),
                ('generation', fields.BigIntField(default=0)),
            ],
            options={'table': 'agency_figures_state', 'app': 'core', 'pk_attr': 'agency_id', 'table_description': "An agency's generation: bumped by every audited write that can change its figures."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgencyFigures',
            fields=[
                ('id', fields.IntField(primary_key=True, unique=True, db_index=True)),
                ('agency_id', fields.IntField()),
                ('view', fields.CharField(max_length=200)),
                ('day', fields.CharField(max_length=10)),
                ('generation', fields.BigIntField()),
                ('figures', fields.TextField()),
            ],
            options={'table': 'agency_figures', 'app': 'core', 'unique_together': (('agency_id', 'view'),), 'pk_attr': 'id', 'table_description': "Kept figures of a view (``dashboard:<year>:<period or 0>``) as JSON, valid on ``day`` while the agency's generation is still ``generation``."},
            bases=['Model'],
        ),
    ]
