"""Kinerja plugin kesehatan: immunisation reports of Dinas Kesehatan and coverage indicators."""

__version__ = "0.1.0"
