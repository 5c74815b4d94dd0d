"""``python -m matcher_cli``: the ``matcher`` command without its console script."""

from matcher_cli import app

app()
