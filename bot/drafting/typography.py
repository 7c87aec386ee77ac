"""French typography for every rendered text, idempotent.

- U+00A0 (espace insécable) before « : », inside « guillemets »;
- U+202F (espace fine insécable) before « ; ! ? % » and as the thousands separator;
- straight double quotes become « guillemets »;
- untouched: URLs, e-mail addresses, `code`, times written 14:30, years and numbers
  joined by a hyphen or a dot (« décret 2016-1214 », « v1.2 »).
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
)
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')
_AFTER = r"(?=[ \t\r\n»)\"]|$)"
_COLON = re.compile(rf"[{_SPACES}]*:{_AFTER}")
_TIGHT = re.compile(rf"(?<=\S)[{_SPACES}]*([;!?]){_AFTER}")
_PERCENT = re.compile(rf"(?<=\d)[{_SPACES}]*%")
_OPEN_QUOTE = re.compile(rf"«[{_SPACES}]*")
_CLOSE_QUOTE = re.compile(rf"[{_SPACES}]*»")
_GROUPED = re.compile(r"(?<![\d.,\-/])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d\-/]|[.,]\d)")
_LONG = re.compile(r"(?<![\d.,\-/:\w])(?!0)\d{5,}(?![\d\-/\w]|[.,]\d|[ \u00a0\u202f]\d)")


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(parts)


def _plain(text: str) -> str:
    text = _STRAIGHT_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _COLON.sub(NBSP + ":", text)
    text = _TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _PERCENT.sub(NNBSP + "%", text)
    text = _GROUPED.sub(lambda m: _group(re.sub(r"\D", "", m.group(0))), text)
    return _LONG.sub(lambda m: _group(m.group(0)), text)


def _line(line: str) -> str:
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _plain(_PROTECTED.sub(hide, line))
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
