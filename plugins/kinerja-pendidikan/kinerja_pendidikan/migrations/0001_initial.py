from tortoise import migrations
from tortoise.migrations import operations as ops
from kinerja_pendidikan.rules import Level, SchoolStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Enrolment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='pendidikan_enrolments', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('level', fields.CharEnumField(description='PAUD: PAUD\nSD: SD\nSMP: SMP', enum_type=Level, max_length=4)),
                ('kecamatan', fields.CharField(max_length=60)),
                ('pupils_total', fields.IntField(description='Pupils at the level, any age (APK numerator).')),
                ('pupils_official_age', fields.IntField(description='Pupils of official age (APM numerator).')),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'pendidikan_enrolment', 'app': 'pendidikan', 'unique_together': (('agency', 'year', 'level', 'kecamatan'),), 'pk_attr': 'id', 'table_description': 'Pupils enrolled at a level in a kecamatan in a year (any age, and of official age).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Population',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='pendidikan_populations', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('level', fields.CharEnumField(description='The level whose official age group this is.', enum_type=Level, max_length=4)),
                ('kecamatan', fields.CharField(max_length=60)),
                ('population', fields.IntField()),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'pendidikan_population', 'app': 'pendidikan', 'unique_together': (('agency', 'year', 'level', 'kecamatan'),), 'pk_attr': 'id', 'table_description': "Children of a level's official age living in a kecamatan in a year (the denominator)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Programme',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='pendidikan_programmes', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(description='Short code, upper case, e.g. LITERASI.', max_length=32)),
                ('name', fields.CharField(max_length=200)),
                ('year', fields.IntField()),
                ('goal', fields.DecimalField(description='End score to reach.', max_digits=5, decimal_places=2)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pendidikan_programme', 'app': 'pendidikan', 'unique_together': (('agency', 'code', 'year'),), 'pk_attr': 'id', 'table_description': 'A programme (literasi, numerasi...) an agency runs in schools in one year.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='School',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='pendidikan_schools', on_delete=OnDelete.RESTRICT)),
                ('npsn', fields.CharField(unique=True, description='Nomor Pokok Sekolah Nasional.', max_length=8)),
                ('name', fields.CharField(max_length=200)),
                ('level', fields.CharEnumField(description='PAUD, SD or SMP.', enum_type=Level, max_length=4)),
                ('kecamatan', fields.CharField(max_length=60)),
                ('status', fields.CharEnumField(description='NEGERI or SWASTA.', enum_type=SchoolStatus, max_length=6)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pendidikan_school', 'app': 'pendidikan', 'pk_attr': 'id', 'table_description': "A school (satuan pendidikan) of the agency's area, identified by its NPSN."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProgrammeEvaluation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('programme', fields.ForeignKeyField('pendidikan.Programme', source_field='programme_id', db_constraint=True, to_field='id', related_name='evaluations', on_delete=OnDelete.RESTRICT)),
                ('school', fields.ForeignKeyField('pendidikan.School', source_field='school_id', db_constraint=True, to_field='id', related_name='evaluations', on_delete=OnDelete.RESTRICT)),
                ('participants', fields.IntField(description='Pupils who took part.')),
                ('completed', fields.IntField(description='Pupils who completed the programme.')),
                ('baseline_score', fields.DecimalField(description='Average score at the start (0-100).', max_digits=5, decimal_places=2)),
                ('end_score', fields.DecimalField(null=True, description='Average score at the end.', max_digits=5, decimal_places=2)),
                ('evaluated_on', fields.DateField(description='Day of the end evaluation.')),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'pendidikan_evaluation', 'app': 'pendidikan', 'unique_together': (('programme', 'school'),), 'pk_attr': 'id', 'table_description': 'The evaluation of one programme in one school: participants, completion, scores.'},
            bases=['Model'],
        ),
    ]
