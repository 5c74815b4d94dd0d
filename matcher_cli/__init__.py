"""The ``matcher`` command line: one Typer app with a sub-command group per concern.

The package sits above ``matcher``, ``api`` and ``bench`` (it starts the server and the
benchmarks), so the engine never imports the command line. Every group lives in its own
module, named in ``COMMANDS``; a command's module is imported only when that command runs
(``matcher token create`` does not load OR-tools or the embedder), and ``matcher --help``
imports them all to list them. A new concern adds a module and a line.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

__all__ = ["COMMANDS", "app"]

COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("matcher_cli.db", "db_app"),
    "import": ("matcher_cli.imports", "import_app"),
    "token": ("matcher_cli.tokens", "token_app"),
    "events": ("matcher_cli.events", "events_app"),
    "demo": ("matcher_cli.demo", "demo_app"),
    "serve": ("matcher_cli.serve", "serve_command"),
    "stop": ("matcher_cli.serve", "stop_command"),
    "eval": ("matcher_cli.evaluate", "eval_command"),
    "bench": ("matcher_cli.bench", "bench_command"),
    "reencode": ("matcher_cli.reencode", "reencode_command"),
}
"""Command name -> (module, attribute): a Typer sub-app or a command function."""


def load_command(name: str) -> TyperCommand | TyperGroup:
    """Import the module of command ``name`` and turn what it defines into a click command."""
    module, attribute = COMMANDS[name]
    target: Any = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(pretty_exceptions_show_locals=False)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    if not isinstance(command, TyperCommand | TyperGroup):
        raise TypeError(f"{module}.{attribute} is not a Typer command")
    command.name = name
    return command


class LazyCommands(TyperGroup):
    """A group whose sub-commands are imported when first used."""

    def list_commands(self, ctx: object) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: object, cmd_name: str) -> TyperCommand | TyperGroup | None:
        if cmd_name not in COMMANDS:
            return None
        return load_command(cmd_name)


app = typer.Typer(
    name="matcher",
    cls=LazyCommands,
    help="Matching engine for certified Indonesian workers and Japanese SSW employers.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main() -> None:
    """Matching engine for certified Indonesian workers and Japanese SSW employers."""
