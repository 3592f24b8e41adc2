"""Kinerja core: performance management for Indonesian civil servants (PermenPANRB 6/2022)."""

from kinerja_core.plugins.hookspecs import hookimpl

__all__ = ["hookimpl"]
