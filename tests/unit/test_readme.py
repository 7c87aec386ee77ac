"""The README's commands work as written: how to reach ``crisisbot`` after ``make run``,
every ``crisisbot`` command and option it names, every ``make`` target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")
MAKEFILE = (ROOT / "Makefile").read_text("utf-8")
# « crisisbot <subcommand> … » where the README shows a command: a code span, a line of a
# code block, after a setting given on the same line.
_COMMAND = re.compile(
    r"(?:^|`|\$ |\(or: )(?:[A-Z_]+=\S+ )*(?:\.venv/bin/|/opt/crisisbot/bin/)?"
    r"crisisbot ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)((?: [^`\n#|)]*)?)",
    re.MULTILINE,
)


def readme_commands() -> list[tuple[list[str], list[str]]]:
    found: dict[str, tuple[list[str], list[str]]] = {}
    for match in _COMMAND.finditer(README):
        words = match.group(1).split()
        if words[0] in ("ne", "is"):  # a sentence, not a command
            continue
        options = re.findall(r"--[a-z][a-z-]*", match.group(2))
        key = " ".join(words) + " " + " ".join(options)
        found[key] = (words, options)
    return list(found.values())


def test_the_readme_says_how_to_reach_crisisbot_after_make_run() -> None:
    start = README[: README.index("## What it does")]
    assert ".venv/bin/crisisbot" in start and "source .venv/bin/activate" in start
    console = README[README.index("## The console") :]
    console = console[: console.index("\n## ", 1)]
    for line in re.findall(r"^[^`\n]*crisisbot console[^\n]*$", console, re.MULTILINE):
        assert ".venv/bin/crisisbot console" in line, line


@pytest.mark.parametrize(("words", "options"), readme_commands(), ids=lambda v: " ".join(v))
def test_every_crisisbot_command_of_the_readme_exists_with_its_options(
    words: list[str], options: list[str]
) -> None:
    path = list(words)
    shown = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    if shown.exit_code != 0 and len(path) > 1:  # the second word was an argument
        path = path[:1]
        shown = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, (words, shown.output)
    for option in options:
        assert option in shown.output, (words, option)


def test_the_readme_finds_the_commands_it_should() -> None:
    named = {" ".join(words) for words, _ in readme_commands()}
    for expected in ("console", "run", "demo", "audit verify", "registre export", "retex"):
        assert expected in named, expected


def test_every_make_target_of_the_readme_exists() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.MULTILINE))
    named = set(re.findall(r"(?:^|`|\| )make ([a-z][a-z-]*)", README, re.MULTILINE))
    assert {"run", "console", "demo", "test", "bench", "check"} <= named
    assert named <= targets, named - targets


def test_make_installs_the_crisisbot_command_where_the_readme_says() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^crisisbot = "bot\.cli:main"$', pyproject, re.MULTILINE)
    assert re.search(r"^VENV := \.venv$", MAKEFILE, re.MULTILINE)
    assert re.search(r"^BIN := \$\(VENV\)/bin$", MAKEFILE, re.MULTILINE)
    assert "$(BIN)/crisisbot console --user $(WHO) --channel $(CHANNEL)" in MAKEFILE
