"""Shared model pieces: timestamps and the optimistic version counter."""

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    """Rows users edit carry timestamps and a version used to refuse lost updates."""

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    version = fields.IntField(default=1)

    class Meta:
        abstract = True
