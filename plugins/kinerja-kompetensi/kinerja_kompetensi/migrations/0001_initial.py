from tortoise import migrations
from tortoise.migrations import operations as ops
from kinerja_kompetensi.models import ActivityKind, CompetencyGroup, NeedSource, NeedStatus, Priority
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0006_audit_filter_indexes')]

    initial = True

    operations = [
        ops.CreateModel(
            name='DevelopmentActivity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employee', fields.ForeignKeyField('core.Employee', source_field='employee_id', db_constraint=True, to_field='id', related_name='kompetensi_activities', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kompetensi_activities', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('kind', fields.CharEnumField(description='TRAINING: TRAINING\nCOURSE: COURSE\nCOACHING: COACHING\nMENTORING: MENTORING\nSECONDMENT: SECONDMENT\nSELF_STUDY: SELF_STUDY', enum_type=ActivityKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('provider', fields.CharField(default='', max_length=200)),
                ('jp', fields.IntField()),
                ('start_date', fields.DateField()),
                ('end_date', fields.DateField()),
                ('created_by', fields.ForeignKeyField('core.Employee', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_activities_created', on_delete=OnDelete.SET_NULL)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kompetensi_activity', 'app': 'kompetensi', 'indexes': [Index(fields=['employee_id', 'year']), Index(fields=['agency_id', 'year']), Index(fields=['created_by_id'])], 'pk_attr': 'id', 'table_description': "A planned activity of an employee's development plan for a year."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DevelopmentNeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employee', fields.ForeignKeyField('core.Employee', source_field='employee_id', db_constraint=True, to_field='id', related_name='kompetensi_needs', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kompetensi_needs', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('group', fields.CharEnumField(description='MANAJERIAL: MANAJERIAL\nTEKNIS: TEKNIS\nSOSIAL_KULTURAL: SOSIAL_KULTURAL', enum_type=CompetencyGroup, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('source', fields.CharEnumField(description='PREDIKAT: PREDIKAT\nBEHAVIOR: BEHAVIOR\nINDICATOR: INDICATOR\nEMPLOYEE: EMPLOYEE', enum_type=NeedSource, max_length=16)),
                ('evaluation', fields.ForeignKeyField('core.Evaluation', source_field='evaluation_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_needs', on_delete=OnDelete.SET_NULL)),
                ('indicator', fields.ForeignKeyField('core.Indicator', source_field='indicator_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_needs', on_delete=OnDelete.SET_NULL)),
                ('behavior_value', fields.CharField(default='', max_length=32)),
                ('source_value', fields.CharField(default='', max_length=200)),
                ('priority', fields.CharEnumField(description='HIGH: HIGH\nMEDIUM: MEDIUM\nLOW: LOW', enum_type=Priority, max_length=8)),
                ('status', fields.CharEnumField(default=NeedStatus.PROPOSED, description='PROPOSED: PROPOSED\nCONFIRMED: CONFIRMED\nDISMISSED: DISMISSED', enum_type=NeedStatus, max_length=16)),
                ('note', fields.TextField(default='', unique=False)),
                ('decided_by', fields.ForeignKeyField('core.Employee', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_needs_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kompetensi_need', 'app': 'kompetensi', 'indexes': [Index(fields=['employee_id', 'year']), Index(fields=['agency_id', 'year']), Index(fields=['evaluation_id']), Index(fields=['indicator_id']), Index(fields=['decided_by_id'])], 'pk_attr': 'id', 'table_description': 'A development need of an employee for a year.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ActivityNeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('activity', fields.ForeignKeyField('kompetensi.DevelopmentActivity', source_field='activity_id', db_constraint=True, to_field='id', related_name='need_links', on_delete=OnDelete.CASCADE)),
                ('need', fields.ForeignKeyField('kompetensi.DevelopmentNeed', source_field='need_id', db_constraint=True, to_field='id', related_name='activity_links', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kompetensi_activity_needs', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'kompetensi_activity_need', 'app': 'kompetensi', 'unique_together': (('activity', 'need'),), 'indexes': [Index(fields=['need_id']), Index(fields=['agency_id'])], 'pk_attr': 'id', 'table_description': 'Which needs a planned activity answers.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DevelopmentRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employee', fields.ForeignKeyField('core.Employee', source_field='employee_id', db_constraint=True, to_field='id', related_name='kompetensi_records', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kompetensi_records', on_delete=OnDelete.RESTRICT)),
                ('activity', fields.ForeignKeyField('kompetensi.DevelopmentActivity', source_field='activity_id', null=True, db_constraint=True, to_field='id', related_name='records', on_delete=OnDelete.SET_NULL)),
                ('year', fields.IntField()),
                ('kind', fields.CharEnumField(description='TRAINING: TRAINING\nCOURSE: COURSE\nCOACHING: COACHING\nMENTORING: MENTORING\nSECONDMENT: SECONDMENT\nSELF_STUDY: SELF_STUDY', enum_type=ActivityKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('provider', fields.CharField(default='', max_length=200)),
                ('jp', fields.IntField()),
                ('completed_on', fields.DateField()),
                ('created_by', fields.ForeignKeyField('core.Employee', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_records_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'kompetensi_record', 'app': 'kompetensi', 'indexes': [Index(fields=['employee_id', 'year']), Index(fields=['agency_id', 'year']), Index(fields=['activity_id']), Index(fields=['created_by_id'])], 'pk_attr': 'id', 'table_description': 'A completed development activity with the JP earned.'},
            bases=['Model'],
        ),
    ]
