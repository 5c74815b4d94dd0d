"""``python -m matcher.cli``: the ``matcher`` command without its console script."""

from matcher.cli import app

app()
