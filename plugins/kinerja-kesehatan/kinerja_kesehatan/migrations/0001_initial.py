from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Puskesmas',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kesehatan_puskesmas', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(description='Short code, unique in the agency.', max_length=32)),
                ('name', fields.CharField(max_length=200)),
                ('kecamatan', fields.CharField(default='', description='Its district.', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kesehatan_puskesmas', 'app': 'kesehatan', 'unique_together': (('agency', 'code'),), 'pk_attr': 'id', 'table_description': 'A puskesmas of an agency (Dinas Kesehatan), e.g. Puskesmas Kampung Dalam.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImmunizationReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kesehatan_reports', on_delete=OnDelete.RESTRICT)),
                ('puskesmas', fields.ForeignKeyField('kesehatan.Puskesmas', source_field='puskesmas_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('month', fields.DateField(description='First day of the month reported.')),
                ('version', fields.IntField(default=1)),
                ('entered_by', fields.ForeignKeyField('core.Employee', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name='kesehatan_reports_entered', on_delete=OnDelete.SET_NULL)),
                ('corrected_by', fields.ForeignKeyField('core.Employee', source_field='corrected_by_id', null=True, db_constraint=True, to_field='id', related_name='kesehatan_reports_corrected', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kesehatan_report', 'app': 'kesehatan', 'unique_together': (('puskesmas', 'month'),), 'pk_attr': 'id', 'table_description': 'The monthly immunisation report of one puskesmas: one per puskesmas and month.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Kelurahan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kesehatan_kelurahan', on_delete=OnDelete.RESTRICT)),
                ('puskesmas', fields.ForeignKeyField('kesehatan.Puskesmas', source_field='puskesmas_id', db_constraint=True, to_field='id', related_name='kelurahan', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(description='Short code, unique in the agency.', max_length=32)),
                ('name', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kesehatan_kelurahan', 'app': 'kesehatan', 'unique_together': (('agency', 'code'),), 'pk_attr': 'id', 'table_description': 'A kelurahan (or the part of one) in the working area of one puskesmas.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImmunizationReportLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('kesehatan.ImmunizationReport', source_field='report_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('kelurahan', fields.ForeignKeyField('kesehatan.Kelurahan', source_field='kelurahan_id', db_constraint=True, to_field='id', related_name='report_lines', on_delete=OnDelete.RESTRICT)),
                ('target_infants', fields.IntField(description='Annual target infants (sasaran bayi).')),
                ('idl', fields.IntField(description='Infants 0-11 months with complete basic immunisation.')),
                ('dpt1', fields.IntField(description='Infants given DPT-HB-Hib 1.')),
                ('dpt3', fields.IntField(description='Infants given DPT-HB-Hib 3.')),
                ('mr1', fields.IntField(description='Infants given MR 1.')),
                ('newborns', fields.IntField(description='Live births.')),
                ('bcg', fields.IntField(description='Infants given BCG.')),
            ],
            options={'table': 'kesehatan_report_line', 'app': 'kesehatan', 'unique_together': (('report', 'kelurahan'),), 'pk_attr': 'id', 'table_description': "One kelurahan in a monthly report: its annual target infants and the month's counts."},
            bases=['Model'],
        ),
    ]
