"""Every wording exists in both languages and renders."""

from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.commands.table import HELP_GROUPS, HELP_ORDER

MESSAGES = Path(__file__).resolve().parents[2] / "messages"


def test_help_covers_every_subcommand_in_both_languages() -> None:
    for lang in ("fr", "en"):
        help_ = yaml.safe_load((MESSAGES / lang / "help.yml").read_text("utf-8"))
        themes = help_.pop("_themes")
        assert set(help_) == set(HELP_ORDER), lang
        assert all(entry["exemple"].startswith("/crise ") for entry in help_.values())
        assert set(themes) == {code for code, _ in HELP_GROUPS}, lang


def test_the_help_overview_lists_each_command_once_in_one_slack_block() -> None:
    from bot.commands.dispatch import run
    from bot.domain.commands import Help
    from bot.messages import Messages

    grouped = [name for _, names in HELP_GROUPS for name in names]
    assert sorted(grouped) == sorted(HELP_ORDER)
    messages = Messages(MESSAGES, ZoneInfo("Europe/Paris"))
    reply = run(None, None, Help(None))  # type: ignore[arg-type]
    for lang in ("fr", "en"):
        text = messages.render(reply, lang)
        assert len(text) < 3000, lang
        help_ = yaml.safe_load((MESSAGES / lang / "help.yml").read_text("utf-8"))
        for name in HELP_ORDER:
            assert text.count(f"`{help_[name]['usage']}`") == 1, (lang, name)


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
