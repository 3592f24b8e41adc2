from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('pendidikan', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='ProgrammeEvaluation',
            index=Index(fields=['school_id']),
        ),
        ops.AddIndex(
            model_name='School',
            index=Index(fields=['agency_id']),
        ),
    ]
