"""Every command has help with an example; the README's two commands are what CI runs."""

from pathlib import Path

import click
import pytest

from kzgloss.cli import cli

REPO = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


@pytest.mark.parametrize("name,command", list(_commands(cli)))
def test_command_has_help_and_example(name, command):
    assert command.help and command.help.strip(), name
    assert "Example:" in command.help, f"`kzgloss {name}` has no Example: block in its help"


@pytest.mark.parametrize("name,command", list(_commands(cli)))
def test_command_is_in_readme(name, command):
    assert f"kzgloss {name}" in (REPO / "README.md").read_text(encoding="utf-8"), name


def test_readme_opens_with_the_two_commands_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    assert blocks[0].endswith("pip install . && kzgloss lookup oralman")
    assert blocks[1].endswith("pip install '.[test]' && python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q . && (cd /tmp && kzgloss lookup oralman)" in ci
    assert "pip install -q '.[test]' && python -m pytest" in ci
