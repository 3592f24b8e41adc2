"""Bulk import of organisation and people (units, positions, employees, assignments, accounts).

A dry run checks every row and writes nothing; a real run checks again inside one
transaction and writes everything or nothing, audited. Rows are matched by natural keys, so
loading the same file twice changes nothing the second time. See docs/import.md.
"""

from kinerja_core.services.bulk_import import messages as _messages  # noqa: F401
from kinerja_core.services.bulk_import.jobs import (
    ImportReport,
    import_job,
    run_import,
    start_import,
)
from kinerja_core.services.bulk_import.targets import import_targets
from kinerja_core.services.bulk_import.workbook import (
    SHEETS,
    XLSX_CONTENT_TYPE,
    UnreadableFile,
    template_workbook,
)

__all__ = [
    "SHEETS",
    "XLSX_CONTENT_TYPE",
    "ImportReport",
    "UnreadableFile",
    "import_job",
    "import_targets",
    "run_import",
    "start_import",
    "template_workbook",
]
