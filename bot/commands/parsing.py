"""Small parsers for the arguments of subcommands."""

from __future__ import annotations

import re

from bot.domain.errors import UsageError
from bot.domain.values import fold

_NUMBER = re.compile(r"^(?:n°|no|#)?\s*(\d{1,6})$", re.IGNORECASE)


def split_option(text: str, names: tuple[str, ...]) -> tuple[str, str | None]:
    """``"a = b source: c"`` → ``("a = b", "c")`` for names ``("source",)``.

    The option may be written ``source: …`` or ``[source: …]``; the first occurrence wins."""
    pattern = re.compile(r"\[?\s*\b(?:" + "|".join(names) + r")\s*:\s*", re.IGNORECASE)
    match = pattern.search(text)
    if not match:
        return text.strip(), None
    head, tail = text[: match.start()], text[match.end() :]
    if match.group(0).startswith("[") and tail.rstrip().endswith("]"):
        tail = tail.rstrip()[:-1]
    return head.strip(), tail.strip() or None


def number(token: str, usage: str) -> int:
    match = _NUMBER.match(token.strip())
    if not match:
        raise UsageError(usage)
    return int(match.group(1))


def split_options(
    text: str, options: dict[str, tuple[str, ...]]
) -> tuple[str, dict[str, str | None]]:
    """``"Texte motif: a faits: b"`` → ``("Texte", {"motif": "a", "faits": "b"})``: each
    option, named by any of its spellings, written ``nom: …`` or ``[nom: …]``, in any order;
    the first occurrence of each wins, a later one stays in the text it interrupts."""
    spellings = {fold(alias): name for name, aliases in options.items() for alias in aliases}
    names = "|".join(re.escape(alias) for aliases in options.values() for alias in aliases)
    pattern = re.compile(r"\[?\s*\b(" + names + r")\s*:\s*", re.IGNORECASE)
    kept: list[tuple[re.Match[str], str]] = []
    for match in pattern.finditer(text):
        name = spellings[fold(match.group(1))]
        if all(name != seen for _, seen in kept):
            kept.append((match, name))
    values: dict[str, str | None] = dict.fromkeys(options)
    for index, (match, name) in enumerate(kept):
        end = kept[index + 1][0].start() if index + 1 < len(kept) else len(text)
        value = text[match.end() : end].strip()
        if match.group(0).lstrip().startswith("[") and value.endswith("]"):
            value = value[:-1].strip()
        values[name] = value or None
    head = text[: kept[0][0].start()] if kept else text
    return head.strip(), values
