"""French typography for every rendered text, idempotent.

- U+00A0 (espace insécable) before « : », inside « guillemets »;
- U+202F (espace fine insécable) before « ; ! ? % » and as the thousands separator;
- straight and curly double quotes become « guillemets »;
- no space before « , » and « . »; times « 14h30 », « 14 H » become « 14 h 30 », « 14 h »;
  « 1 mars » becomes « 1er mars »;
- four-digit numbers are grouped only before a noun of quantity (« 1 250 patients »), so that
  years stay whole (« en 2026 les… »);
- untouched: URLs, e-mail addresses, `code`, times written 14:30, phone numbers
  (« +33 3 84 58 15 15 », « 0384581515 »), numbers after an identifier's name (« FINESS
  900000365 », « SIRET … », « n° … », « décret … », « article … »), postal codes before a
  city (« 90000 Belfort »), and numbers joined by a hyphen or a dot (« décret 2016-1214 »,
  « v1.2 »).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \u00a0\u202f\t"

_PROTECTED = re.compile(
    r"`[^`\n]*`"  # code
    r"|\b(?:https?|ftp)://[^\s<>«»]+"  # URLs
    r"|\bwww\.[^\s<>«»]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\+\d{1,3}(?:[ .\u00a0\u202f-]?\(?\d{1,4}\)?){3,6}(?!\d)"  # international phones
    r"|(?<![\d\w])0\d(?:[ .\u00a0\u202f-]?\d\d){4}(?!\d)"  # French phones
    r"|\b\d{5}(?=[ \u00a0]+[A-ZÀ-Ý])"  # a postal code before its city
)
_IDENTIFIER = re.compile(
    r"(?i:\b(?:finess|siret|siren|rpps|adeli|n°|no\.|numéro|num\.|réf\.?|référence|ref\.?"
    r"|décret|arrêté|article|art\.|loi|ordonnance|dossier|ticket|version|cve|iban|contrat"
    r"|police|facture|lot|identifiant|id)(?:[ \u00a0\u202f]+(?:n°|[^\W\d_]{2,}))?"
    r"(?:[ \u00a0\u202f]*:)?[ \u00a0\u202f]*)([\w./-]*\d[\w./-]*)"
)  # a number after the name of what it identifies
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')
_CURLY_QUOTES = re.compile(r"“([^”\n]*)”")
_AFTER = r"(?=[ \t\r\n\u2028»)\"]|$)"
_COLON = re.compile(rf"[{_SPACES}]*:{_AFTER}")
_TIGHT = re.compile(rf"(?<=\S)[{_SPACES}]*([;!?]){_AFTER}")
_PERCENT = re.compile(rf"(?<=\d)[{_SPACES}]*%")
_OPEN_QUOTE = re.compile(rf"«[{_SPACES}]*")
_CLOSE_QUOTE = re.compile(rf"[{_SPACES}]*»")
_GROUPED = re.compile(r"(?<![\d.,\-/])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d\-/]|[.,]\d)")
_LONG = re.compile(r"(?<![\d.,\-/:\w])(?!0)\d{5,}(?![\d\-/\w]|[.,]\d|[ \u00a0\u202f]\d)")
_QUANTITY = re.compile(
    r"(?<![\d.,\-/:\w+])([1-9])(\d{3})(?=[ \u00a0\u202f]+(?:patients?|personnes|dossiers"
    r"|lignes|enregistrements|comptes|fichiers|documents|salariés|agents|victimes|euros|€"
    r"|utilisateurs|données|courriels|adresses|numéros|cas|lits|collaborateurs|professionnels"
    r"|soignants|connexions|postes|serveurs|appels|messages|pages|entrées|résidents|naissances"
    r"|mails|e-mails|Go|Mo|To|km|m²|heures|minutes|jours)\b)"
)
_TIME = re.compile(
    r"(?<![\d\w:/.,])([01]?\d|2[0-3])[ \u00a0\u202f]*[hH][ \u00a0\u202f]*([0-5]\d)?(?![\w/])"
)
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_SPACE_BEFORE = re.compile(r"[ \t\u00a0\u202f]+([,.])(?=[ \t\u2028]|$)")
_FIRST = re.compile(rf"(?<![\d\w.,])1[ \u00a0](?=(?:{_MONTHS})\b)")


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(parts)


def _time(match: re.Match[str]) -> str:
    hours, minutes = match.group(1), match.group(2)
    return f"{int(hours)} h {minutes}" if minutes else f"{int(hours)} h"


def _plain(text: str) -> str:
    text = _STRAIGHT_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _CURLY_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _TIME.sub(_time, text)
    text = _FIRST.sub("1er ", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _COLON.sub(NBSP + ":", text)
    text = _TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _PERCENT.sub(NNBSP + "%", text)
    text = _GROUPED.sub(lambda m: _group(re.sub(r"\D", "", m.group(0))), text)
    text = _QUANTITY.sub(lambda m: m.group(1) + NNBSP + m.group(2), text)
    return _LONG.sub(lambda m: _group(m.group(0)), text)


def _line(line: str) -> str:
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    def hide_number(match: re.Match[str]) -> str:
        start = match.start(1) - match.start(0)
        kept.append(match.group(1))
        return match.group(0)[:start] + f"\ue000{len(kept) - 1}\ue001"

    text = _plain(_PROTECTED.sub(hide, _IDENTIFIER.sub(hide_number, line)))
    text = re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], text)
    # A line starting with a colon or a closing mark keeps no leading space.
    return (
        text.lstrip(NBSP + NNBSP) if text.lstrip(NBSP + NNBSP)[:1] in (":", ";", "!", "?") else text
    )


def french(text: str) -> str:
    """Apply French typography, line by line."""
    return "\n".join(_line(line) for line in text.split("\n"))


def plain_spaces(text: str) -> str:
    """For SMS and e-mail: every narrow no-break space becomes U+00A0."""
    return text.replace(NNBSP, NBSP)
