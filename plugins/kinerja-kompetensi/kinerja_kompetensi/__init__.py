"""Kinerja plugin kompetensi: competency development from evaluation results (issue 13)."""

__version__ = "0.1.0"
