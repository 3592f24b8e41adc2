from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0002_foreign_key_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('kind', fields.CharField(default='org', max_length=16)),
                ('filename', fields.CharField(default='', max_length=200)),
                ('dry_run', fields.BooleanField(default=True)),
                ('status', fields.CharField(default='QUEUED', max_length=16)),
                ('actor_account_id', fields.IntField(null=True)),
                ('actor_nip', fields.CharField(default='', max_length=18)),
                ('total_rows', fields.IntField(default=0)),
                ('processed_rows', fields.IntField(default=0)),
                ('counts', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('problems', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('problem_count', fields.IntField(default=0)),
                ('request_id', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'import_job', 'app': 'core', 'indexes': [Index(fields=['actor_account_id'])], 'pk_attr': 'id', 'table_description': 'A dry run or real run of a bulk import, its progress and its report.'},
            bases=['Model'],
        ),
    ]
