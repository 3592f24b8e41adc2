"""Rendering: Jinja2 templates (HTML/CSS) to PDF with WeasyPrint, content hash, reference.

A document's hash is the SHA-256 of its *content* (the canonical JSON of what it states:
identities, RHK, IKI, targets, ratings...), not of the PDF bytes: the hash is printed on the
PDF itself, and the same content renders to the same hash and reference every time, so a
printout can be checked against the audit trail (``document.issue``) and today's data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kinerja_core.domain.periods import format_date

TEMPLATES = Path(__file__).parent / "templates"
PDF_CONTENT_TYPE = "application/pdf"


@dataclass
class Document:
    """What a PDF says (``content``, hashed) and how it is named."""

    kind: str  # "SKP" or "EVK"
    subject_id: int  # the plan or the evaluation
    title: str
    filename: str
    template: str
    content: dict[str, Any]
    sha256: str = ""
    reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # shown, not hashed (issue time...)

    def seal(self) -> Document:
        self.sha256 = content_hash(self.content)
        self.reference = f"{self.kind}-{self.subject_id}-{self.sha256[:10].upper()}"
        return self


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces) of a document's content."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _date_id(value: str | dt.date | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "id")


_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["tanggal"] = _date_id


def render_html(document: Document) -> str:
    template = _env.get_template(document.template)
    return template.render(doc=document, c=document.content, x=document.extra)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on first use: pango loads once, not at start-up

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


async def render_pdf(document: Document) -> bytes:
    """The PDF bytes, rendered in a worker thread (WeasyPrint is CPU-bound)."""
    return await asyncio.to_thread(_pdf, render_html(document))
