"""A blank A4 document and the properties a reader's word processor shows (File > Info):
the title and language of the text, and none of the library's defaults (its name as author
and comment, a creation date of 2013)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def a4(margin_cm: float, size_pt: int) -> Any:
    # python-docx is loaded by the first export, not at every start.
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(margin_cm)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(size_pt)
    return document


def seal(document: Any, title: str) -> None:
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = title
    properties.language = "fr-FR"
    properties.author = properties.last_modified_by = ""
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = now
    properties.revision = 1
