"""The layering rules of ARCHITECTURE.md, checked on the source."""

import ast
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_domain_imports_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"bot", "__future__"}
    for path in (BOT / "domain").rglob("*.py"):
        foreign = imported_modules(path) - allowed
        assert not foreign, f"{path.name} imports {foreign}"


def test_the_domain_imports_no_other_layer() -> None:
    for path in (BOT / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
                assert node.module.startswith("bot.domain"), f"{path.name} imports {node.module}"


def test_only_config_reads_the_environment() -> None:
    for path in BOT.rglob("*.py"):
        if path.name == "config.py":
            continue
        source = path.read_text("utf-8")
        assert "os.environ" not in source and "getenv" not in source, path


def test_modules_stay_under_400_lines() -> None:
    for path in BOT.rglob("*.py"):
        assert len(path.read_text("utf-8").splitlines()) <= 400, path
