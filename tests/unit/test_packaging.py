"""What ``pip install .`` puts in the wheel: every package of ``bot/``, and every file of
``messages/`` as the package ``crisisbot_messages``; what a buildpack needs to detect and
build the app."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.resources import messages_dir

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def test_every_package_of_bot_is_installed() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "bot").rglob("__init__.py")
    }
    assert found <= set(SETUPTOOLS["packages"]), sorted(found - set(SETUPTOOLS["packages"]))


def test_every_file_of_messages_is_package_data() -> None:
    folder = ROOT / SETUPTOOLS["package-dir"]["crisisbot_messages"]
    globs = SETUPTOOLS["package-data"]["crisisbot_messages"]
    files = [
        path for path in folder.rglob("*")
        if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts
    ]  # fmt: skip
    assert files
    shipped = {path for glob in globs for path in folder.glob(glob)}
    assert not set(files) - shipped, sorted(set(files) - shipped)


def test_the_wording_is_read_through_the_installed_package() -> None:
    assert (messages_dir() / "fr" / "startup.yml").is_file()
    assert messages_dir().resolve() == (ROOT / "messages").resolve()


def test_a_buildpack_finds_a_python_app_and_its_version() -> None:
    assert (ROOT / "requirements.txt").read_text().split("\n")[-2:] == [".", ""]
    assert (ROOT / ".python-version").read_text().strip() == "3.11"


def test_the_postgresql_driver_is_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(d.startswith("psycopg[binary]") for d in project["dependencies"])


def test_the_container_installs_the_wheel_and_runs_unprivileged_with_a_health_check() -> None:
    lines = [
        line.strip() for line in (ROOT / "Dockerfile").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    final = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM ")) :]
    users = [line.split()[1] for line in final if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    assert any(line.startswith("HEALTHCHECK") for line in final)
    assert "/healthz" in "\n".join(final)
    assert final[-1] == 'CMD ["crisisbot", "run"]'
    assert any("pip install" in line for line in final)
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".venv", ".env", "journal.key"} <= set(ignored)
