"""Tables of the sample plugin (its own tortoise app ``sample``)."""

from tortoise import fields
from tortoise.models import Model


class SampleVisit(Model):
    """Visits to one clinic of an agency in one month, against that month's target."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField("core.Agency", related_name="sample_visits")
    clinic = fields.CharField(max_length=32)
    month = fields.DateField()
    visits = fields.IntField()
    target = fields.IntField()

    class Meta:
        app = "sample"
        table = "sample_visit"
