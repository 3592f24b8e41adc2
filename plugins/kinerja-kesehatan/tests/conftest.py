"""Fixtures of the kesehatan plugin's tests (defined in ``kesehatan_support``)."""

from kesehatan_support import app, city  # noqa: F401  (fixtures)
