"""The command line loads a command's module only when that command runs."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from matcher_cli import COMMANDS, app, load_command


def _modules_after(code: str) -> set[str]:
    """Modules imported by ``code`` in a fresh interpreter."""
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=120
    )
    return set(out.stdout.split())


def test_importing_the_command_line_loads_no_command() -> None:
    loaded = _modules_after("import matcher_cli")
    assert not {m for m in loaded if m.startswith(("matcher.", "api", "bench", "ortools"))}


def test_a_command_loads_only_its_own_module() -> None:
    loaded = _modules_after(
        "from typer.testing import CliRunner\nfrom matcher_cli import app\n"
        "assert CliRunner().invoke(app, ['db', '--help']).exit_code == 0"
    )
    assert "matcher_cli.db" in loaded
    assert not {"matcher_cli.events", "matcher_cli.bench", "matcher_cli.demo"} & loaded
    assert not any(m.startswith(("bench", "ortools")) for m in loaded)


def test_help_lists_every_command_and_each_one_loads() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
        assert load_command(name).name == name
    assert CliRunner().invoke(app, ["nonsense"]).exit_code == 2
