"""A plugin whose import fails (a missing dependency)."""

import kinerja_no_such_dependency  # noqa: F401
