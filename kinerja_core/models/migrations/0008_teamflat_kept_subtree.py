from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# The people below a viewer's positions, kept between org writes (issue 14,
# kinerja_core/auth/subtree.py): the team view and the reader's access scope read one row
# instead of walking the position tree. No foreign keys: a kept row is only read by its key.


class Migration(migrations.Migration):
    dependencies = [('core', '0007_perfdata_agency_figures')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OrgGeneration',
            fields=[
                ('id', fields.IntField(primary_key=True, generated=False, unique=True, db_index=True)),
                ('generation', fields.BigIntField(default=0)),
            ],
            options={'table': 'org_generation', 'app': 'core', 'pk_attr': 'id', 'table_description': "The city's org generation (one row, id 1): bumped by every audited write of a unit, position, assignment or employee."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KeptSubtree',
            fields=[
                ('roots', fields.CharField(primary_key=True, max_length=200, unique=True, db_index=True)),
                ('day', fields.CharField(max_length=10)),
                ('generation', fields.BigIntField()),
                ('members', fields.TextField(null=True)),
                ('direct', fields.TextField(null=True)),
            ],
            options={'table': 'kept_subtree', 'app': 'core', 'pk_attr': 'roots', 'table_description': "The employees below the positions ``roots`` on ``day``, valid while the org generation is still ``generation``."},
            bases=['Model'],
        ),
    ]
