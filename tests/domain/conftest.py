"""Make ``kinerja_core`` importable when the project is not installed in the venv.

``.venv/bin/pytest`` does not put the project root on ``sys.path``; once the package is
installed (``pip install -e .``) this is a no-op.
"""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
