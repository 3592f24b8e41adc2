from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0003_import_job')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BlobChunk',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=80)),
                ('seq', fields.IntField()),
                ('data', fields.BinaryField()),
                ('chunks', fields.IntField(default=0)),
                ('size', fields.BigIntField(default=0)),
            ],
            options={'table': 'blob_chunk', 'app': 'core', 'unique_together': (('key', 'seq'),), 'pk_attr': 'id', 'table_description': 'One piece of an evidence file kept in the database.'},
            bases=['Model'],
        ),
    ]
