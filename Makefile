# afterview: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime
DEMO   := examples/panel-interview.toml

.PHONY: demo test lint format bench clean dist smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime alone (what `pip install afterview` brings): enough for the demo and the app.
$(RUNTIME): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@# Bytecode for the editable install, as pip writes it for a wheel: without it a machine
	@# with PYTHONDONTWRITEBYTECODE recompiles every module on every run (~120 ms a command).
	$(BIN)/python -m compileall -q src
	@touch $(RUNTIME)

# The development set: tests, linters, PostgreSQL driver, browser driver.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m compileall -q src
	@touch $(STAMP) $(RUNTIME)

demo: $(RUNTIME)
	@echo "\$$ afterview advise $(DEMO)"
	@$(BIN)/afterview advise $(DEMO)

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	@$(BIN)/python -m pytest -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: no tests ran" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/bench_advise.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/spelling_engines.py

# The wheel and the sdist, in dist/ (what `pipx install` / `uv tool install` take).
# A wheel and an sdist, built in an environment of their own (just `build`): the project's
# .venv is left as it was (a job seeker's `make demo` stays runtime-only).
BUILD_VENV = .venv-build
dist:
	rm -rf dist
	test -x $(BUILD_VENV)/bin/python || $(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check build
	$(BUILD_VENV)/bin/python -m build --outdir dist .

# Build, install into a fresh environment and use it (CI runs this after the tests).
smoke:
	bash scripts/smoke_install.sh

clean:
	rm -rf $(VENV) $(BUILD_VENV) .pytest_cache .ruff_cache .hypothesis dist
