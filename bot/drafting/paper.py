"""A blank A4 document and the properties a reader's word processor shows (File > Info):
the title and language of the text, and none of the library's defaults (its name as author
and comment, a creation date of 2013).

The text is French throughout: every language of the styles (the document defaults Word
checks the spelling with), the theme's language and the decimal and list separators say
fr-FR. Body text is left-aligned (justified text opens uneven gaps between words, which
people with dyslexia and screen magnifiers read badly), at 11 pt at least, with headings
and lists as Word's own styles, so that a screen reader announces them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

LANGUAGE = "fr-FR"
MINIMUM_SIZE_PT = 11


def a4(margin_cm: float, size_pt: int) -> Any:
    # python-docx is loaded by the first export, not at every start.

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(margin_cm)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(max(size_pt, MINIMUM_SIZE_PT))
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    normal.paragraph_format.line_spacing = 1.15
    french(document)
    return document


def french(document: Any) -> None:
    """Every language the styles and settings name becomes French."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    settings = document.settings.element
    for name, value in (("w:themeFontLang", LANGUAGE), ("w:decimalSymbol", ",")):
        element = settings.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), value)
            element.attrib.pop(qn("w:eastAsia"), None)
    separator = settings.find(qn("w:listSeparator"))
    if separator is not None:
        separator.set(qn("w:val"), ";")


def seal(document: Any, title: str) -> None:
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = title
    properties.language = LANGUAGE
    properties.author = properties.last_modified_by = ""
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = now
    properties.revision = 1
