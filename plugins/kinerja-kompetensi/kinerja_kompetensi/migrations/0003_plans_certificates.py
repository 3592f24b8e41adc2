"""Development plans (rater approval), cancelled activities, certificates and their verification
(issue 13); the audit bookkeeping (version, created_at, updated_at) on every table."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from kinerja_kompetensi.models import ActivityStatus, PlanStatus, Verification
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_foreign_key_indexes'), ('core', '0003_import_job'), ('core', '0004_blob_chunk'), ('core', '0005_throttle_state'), ('core', '0006_audit_filter_indexes'), ('kompetensi', '0002_enabled_city_wide')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DevelopmentPlan',
            fields=[
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employee', fields.ForeignKeyField('core.Employee', source_field='employee_id', db_constraint=True, to_field='id', related_name='kompetensi_plans', on_delete=OnDelete.CASCADE)),
                ('agency', fields.ForeignKeyField('core.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='kompetensi_plans', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('status', fields.CharEnumField(default=PlanStatus.DRAFT, description='DRAFT: DRAFT\nSUBMITTED: SUBMITTED\nAPPROVED: APPROVED\nRETURNED: RETURNED', enum_type=PlanStatus, max_length=16)),
                ('note', fields.TextField(default='', unique=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('core.Employee', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_plans_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'kompetensi_plan', 'app': 'kompetensi', 'unique_together': (('employee', 'year'),), 'indexes': [Index(fields=['agency_id', 'year']), Index(fields=['decided_by_id'])], 'pk_attr': 'id', 'table_description': "An employee's development plan of a year: its activities are the"},
            bases=['Tracked'],
        ),
        ops.AddField(
            model_name='DevelopmentActivity',
            name='status',
            field=fields.CharEnumField(default=ActivityStatus.PLANNED, description='PLANNED: PLANNED\nCANCELLED: CANCELLED', enum_type=ActivityStatus, max_length=16),
        ),
        ops.AlterModelOptions(
            name='DevelopmentRecord',
            options={'table': 'kompetensi_record', 'app': 'kompetensi', 'indexes': [Index(fields=['employee_id', 'year']), Index(fields=['agency_id', 'year']), Index(fields=['activity_id']), Index(fields=['created_by_id']), Index(fields=['verified_by_id']), Index(fields=['certificate_path'])], 'pk_attr': 'id', 'table_description': 'A completed development activity with the JP earned, its certificate and its'},
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_content_type',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_filename',
            field=fields.CharField(default='', max_length=255),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_path',
            field=fields.CharField(default='', max_length=500),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_sha256',
            field=fields.CharField(default='', max_length=64),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_size',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='certificate_uploaded_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='rejection_reason',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='verification',
            field=fields.CharEnumField(default=Verification.UNVERIFIED, description='UNVERIFIED: UNVERIFIED\nPENDING: PENDING\nVERIFIED: VERIFIED\nREJECTED: REJECTED', enum_type=Verification, max_length=16),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='verified_by',
            field=fields.ForeignKeyField('core.Employee', source_field='verified_by_id', null=True, db_constraint=True, to_field='id', related_name='kompetensi_records_verified', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='DevelopmentRecord',
            name='version',
            field=fields.IntField(default=1),
        ),
        ops.AddIndex(
            model_name='DevelopmentRecord',
            index=Index(fields=['verified_by_id']),
        ),
        ops.AddIndex(
            model_name='DevelopmentRecord',
            index=Index(fields=['certificate_path']),
        ),
    ]
