from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('kesehatan', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='ImmunizationReport',
            index=Index(fields=['agency_id']),
        ),
        ops.AddIndex(
            model_name='ImmunizationReport',
            index=Index(fields=['corrected_by_id']),
        ),
        ops.AddIndex(
            model_name='ImmunizationReport',
            index=Index(fields=['entered_by_id']),
        ),
        ops.AddIndex(
            model_name='ImmunizationReportLine',
            index=Index(fields=['kelurahan_id']),
        ),
        ops.AddIndex(
            model_name='Kelurahan',
            index=Index(fields=['puskesmas_id']),
        ),
    ]
