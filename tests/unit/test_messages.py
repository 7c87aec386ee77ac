"""Every wording exists in both languages and renders."""

from pathlib import Path

import yaml

from bot.commands.table import HELP_ORDER

MESSAGES = Path(__file__).resolve().parents[2] / "messages"


def test_help_covers_every_subcommand_in_both_languages() -> None:
    for lang in ("fr", "en"):
        help_ = yaml.safe_load((MESSAGES / lang / "help.yml").read_text("utf-8"))
        assert set(help_) == set(HELP_ORDER), lang
        assert all(entry["exemple"].startswith("/crise ") for entry in help_.values())


def test_error_codes_and_reply_templates_match_between_languages() -> None:
    fr = yaml.safe_load((MESSAGES / "fr" / "errors.yml").read_text("utf-8"))
    en = yaml.safe_load((MESSAGES / "en" / "errors.yml").read_text("utf-8"))
    assert set(fr) == set(en)
    fr_replies = {p.name for p in (MESSAGES / "fr" / "replies").glob("*.j2")}
    en_replies = {p.name for p in (MESSAGES / "en" / "replies").glob("*.j2")}
    assert fr_replies == en_replies


def test_every_error_code_raised_in_the_code_has_a_wording() -> None:
    import re

    fr = yaml.safe_load((MESSAGES / "fr" / "errors.yml").read_text("utf-8"))
    source = "\n".join(p.read_text("utf-8") for p in (MESSAGES.parent / "bot").rglob("*.py"))
    raised = set(
        re.findall(
            r'(?:UsageError|InvalidValue|NotFound|Forbidden|Conflict|SensitiveData)\(\s*"(\w+)"',
            source,
        )
    )
    assert raised, "no error code found"
    assert raised <= set(fr), raised - set(fr)
