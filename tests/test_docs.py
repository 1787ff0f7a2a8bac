"""Documentation keeps up with the code: every command is in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main

from openita.cli import app

ROOT = Path(__file__).resolve().parents[1]


def command_names() -> list[str]:
    group = typer.main.get_group(app)
    names = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        # A hidden subcommand is its group's default (``openita report FILE`` runs
        # ``report results``): the group's own name documents it.
        shown = [s for s, c in sub.items() if not c.hidden] if sub else []
        names += [f"{name} {s}" for s in shown] if sub else [name]
        if sub and len(shown) < len(sub):
            names.append(name)
    return names


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [n for n in command_names() if f"openita {n}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_docs_linked_from_the_readme_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("formats.md", "scoring.md", "frameworks.md"):
        assert f"docs/{name}" in readme
        assert (ROOT / "docs" / name).is_file()
