"""Login throttle and rate-limit state shared by every node (``throttle_store = "database"``)."""

from tortoise import fields
from tortoise.models import Model


class ThrottleState(Model):
    """One counter, block, remembered address or token bucket of the abuse limits.

    Written only by kinerja_core/throttle/shared.py with atomic upserts; ``expires_at`` is
    in wall-clock seconds (expired rows are ignored and deleted now and then).
    """

    key = fields.CharField(max_length=300, primary_key=True)
    num = fields.FloatField(default=0)  # counter, block end, or tokens of a bucket
    updated = fields.FloatField(default=0)  # when a bucket was last refilled
    expires_at = fields.FloatField(default=0)
    ok = fields.BooleanField(default=True)  # the last take() got a token

    class Meta:
        app = "core"
        table = "throttle_state"
