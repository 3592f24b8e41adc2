from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0004_blob_chunk')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ThrottleState',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=300)),
                ('num', fields.FloatField(default=0)),
                ('updated', fields.FloatField(default=0)),
                ('expires_at', fields.FloatField(default=0)),
                ('ok', fields.BooleanField(default=True)),
            ],
            options={'table': 'throttle_state', 'app': 'core', 'pk_attr': 'key', 'table_description': 'One counter, block, remembered address or token bucket of the abuse limits.'},
            bases=['Model'],
        ),
    ]
