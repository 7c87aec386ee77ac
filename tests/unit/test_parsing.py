import pytest

from bot.adapters.slack.markup import unwrap
from bot.commands.dispatch import split_command
from bot.commands.mentions import Mentions
from bot.commands.parsing import split_option
from bot.domain.errors import UsageError
from bot.domain.people import Platform, console_person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/crise Vérifier fuite.averee", ("verifier", "fuite.averee")),
        ("crise verify fuite.averee", ("verifier", "fuite.averee")),
        ("RÉPONDRE 3 oui", ("repondre", "3 oui")),
        ("answer 3 oui", ("repondre", "3 oui")),
        ("", ("aide", "")),
        ("/crise", ("aide", "")),
        ("log", ("journal", "")),
    ],
)
def test_subcommands_accept_accents_and_english_aliases(
    text: str, expected: tuple[str, str]
) -> None:
    assert split_command(text) == expected


def test_options_are_split_with_or_without_brackets() -> None:
    assert split_option("a = b source: c d", ("source",)) == ("a = b", "c d")
    assert split_option("a = b [source: c]", ("source",)) == ("a = b", "c")
    assert split_option("a = b", ("source",)) == ("a = b", None)
    assert split_option("k Preuve : rapport", ("preuve", "proof")) == ("k", "rapport")


def test_mentions_are_read_in_console_and_slack_forms() -> None:
    console = Mentions(Platform.CONSOLE)
    assert console.person("@bob").id == "bob"
    for markup in ("<@U123ABC|bob>", "<@U123ABC>"):
        plain, people = unwrap(markup, lambda user_id, label: label or user_id)
        assert people[plain].id == "U123ABC"
    with pytest.raises(UsageError):
        console.person("bob")
    assert console.trailing("Qui appelle ? @bob") == ("Qui appelle ?", console_person("bob"))
    assert console.trailing("Qui appelle @bob ou @carol ?") is None
