"""The append-only audit log: one row per write, never updated or deleted by the app."""

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor_account_id = fields.IntField(null=True)
    actor_nip = fields.CharField(max_length=18, default="")
    action = fields.CharField(max_length=64)
    entity = fields.CharField(max_length=64)
    entity_id = fields.CharField(max_length=64, default="")
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    request_id = fields.CharField(max_length=64, default="")

    class Meta:
        app = "core"
        table = "audit_entry"
        # the audit log's filters: who, when, what (migration 0006)
        indexes = (("entity", "entity_id"), ("at",), ("actor_nip",), ("action",))
