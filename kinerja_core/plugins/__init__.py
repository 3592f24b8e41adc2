"""The plugin system: hook specs, loading with isolation, per-agency activation, indicators.

A plugin imports from ``kinerja_core.api`` only; see ``docs/plugins.md`` (tutorial, reference).
"""

from kinerja_core.plugins.hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
