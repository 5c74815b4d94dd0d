"""The ``matcher`` command line: one Typer app with a sub-command group per concern.

Every group lives in its own module and is added here, so a new concern adds a module and a
line, and ``matcher --help`` lists everything.
"""

from __future__ import annotations

import typer

from matcher.cli.db import db_app
from matcher.cli.evaluate import eval_command
from matcher.cli.events import events_app
from matcher.cli.imports import import_app
from matcher.cli.serve import serve_command, stop_command
from matcher.cli.tokens import token_app

app = typer.Typer(
    name="matcher",
    help="Matching engine for certified Indonesian workers and Japanese SSW employers.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(token_app, name="token")
app.add_typer(events_app, name="events")
app.command("serve")(serve_command)
app.command("stop")(stop_command)
app.command("eval")(eval_command)


def _register_optional_groups() -> None:
    """Groups whose modules pull heavier dependencies are imported lazily here."""
    from matcher.cli.bench import bench_command
    from matcher.cli.demo import demo_app

    app.add_typer(demo_app, name="demo")
    app.command("bench")(bench_command)


_register_optional_groups()

__all__ = ["app"]
