"""Accounts (NIP + argon2 password), granted admin roles, and bearer sessions."""

from tortoise import fields
from tortoise.models import Model

from kinerja_core.models.base import TimestampedModel


class Account(TimestampedModel):
    """Login of one employee. Only admin roles are stored, the others follow from positions."""

    employee = fields.OneToOneField(
        "core.Employee", related_name="account", on_delete=fields.RESTRICT
    )
    password_hash = fields.CharField(max_length=255)
    is_central_admin = fields.BooleanField(default=False)
    admin_agency = fields.ForeignKeyField(
        "core.Agency", related_name="admins", null=True, on_delete=fields.RESTRICT
    )
    is_active = fields.BooleanField(default=True)
    must_change_password = fields.BooleanField(default=False)

    class Meta:
        app = "core"
        table = "account"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("admin_agency_id",),)


class Session(Model):
    """A bearer token, stored as its SHA-256 only, valid until expiry or logout."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("core.Account", related_name="sessions")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        app = "core"
        table = "session"
        # foreign keys that queries filter on (neither engine indexes them itself)
        indexes = (("account_id",),)
