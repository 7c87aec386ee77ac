import pytest

from bot.commands.dispatch import split_command
from bot.commands.parsing import mention, split_option, trailing_mention


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
    assert mention("@bob") == "bob"
    assert mention("<@U123ABC|bob>") == "U123ABC"
    assert mention("<@U123ABC>") == "U123ABC"
    assert mention("bob") is None
    assert trailing_mention("Qui appelle ? @bob") == ("Qui appelle ?", "bob")
    assert trailing_mention("Qui appelle @bob ou @carol ?") == (
        "Qui appelle @bob ou @carol ?",
        None,
    )
