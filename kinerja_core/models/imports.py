"""Bulk-import jobs: one row per uploaded file, so any server process can report progress."""

from tortoise import fields
from tortoise.models import Model


class ImportJob(Model):
    """A dry run or real run of a bulk import, its progress and its report.

    The file itself is not kept: the job runs in the process that received it and writes
    its progress and report here, so a progress query answered by another process (several
    ``kinerja serve`` workers over PostgreSQL) sees the same thing.
    """

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)
    # org | targets (imports); recap | siasn: export jobs (services/documents/jobs.py) share
    # this table and runner, with their filters and stored file in ``counts``
    kind = fields.CharField(max_length=16, default="org")
    filename = fields.CharField(max_length=200, default="")
    dry_run = fields.BooleanField(default=True)
    # QUEUED -> VALIDATING -> WRITING -> DONE | REJECTED (bad rows) | FAILED (unexpected)
    status = fields.CharField(max_length=16, default="QUEUED")
    actor_account_id = fields.IntField(null=True)
    actor_nip = fields.CharField(max_length=18, default="")
    total_rows = fields.IntField(default=0)
    processed_rows = fields.IntField(default=0)
    counts = fields.JSONField(null=True)  # {"Pegawai": {"created": n, "updated": n, ...}}
    problems = fields.JSONField(null=True)  # [{"sheet", "line", "column", "code", "params"}]
    problem_count = fields.IntField(default=0)
    request_id = fields.CharField(max_length=64, default="")

    class Meta:
        app = "core"
        table = "import_job"
        indexes = (("actor_account_id",),)
