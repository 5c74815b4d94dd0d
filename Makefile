# The two commands that matter: `make run` (the product on demo data; Ctrl+C stops it and its
# database, `make stop` stops a database left running) and `make test` (everything CI checks).
# Both create .venv and install what they need on a machine with only Python and pip.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run stop test lint format check-format typecheck unit demo-data clean bench bench-quick

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch is pinned: 2.13.0 installs from a local CPU wheel, anything else pulls gigabytes.
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[st,dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/matcher db migrate
	$(BIN)/matcher demo load --if-empty
	$(BIN)/matcher serve --host $(HOST) --port $(PORT)

# `serve` stops the embedded PostgreSQL when it exits (Ctrl+C included); this stops one left
# running by anything else (a killed server, `matcher db url`). A DATABASE_URL server is left alone.
stop:
	@if [ -x $(BIN)/matcher ]; then $(BIN)/matcher stop; else echo "nothing to stop: no $(VENV)"; fi

test: lint unit

unit: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/matcher bench

bench-quick: install
	$(BIN)/matcher bench --quick

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
