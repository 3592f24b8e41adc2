"""Evidence files kept in the database (``evidence_store = "database"``), in chunks."""

from tortoise import fields
from tortoise.models import Model


class BlobChunk(Model):
    """One piece of an evidence file kept in the database.

    The first piece (seq 0) also holds the number of pieces and the size. ``key`` is the
    file's ``<sha[:2]>/<sha>`` (kinerja_core/storage), the same as ``evidence.storage_path``.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=80)
    seq = fields.IntField()
    data = fields.BinaryField()
    chunks = fields.IntField(default=0)  # on row 0: how many rows the file has (0: unfinished)
    size = fields.BigIntField(default=0)  # on row 0: the file's size in bytes

    class Meta:
        app = "core"
        table = "blob_chunk"
        unique_together = (("key", "seq"),)
