"""The plugin system: hook specs, loading with isolation, per-agency activation, indicators.

A plugin imports ``from kinerja_core import hookimpl``; see ``docs/plugins.md``.
"""

from kinerja_core.plugins.hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
