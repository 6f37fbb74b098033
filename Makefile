# Two commands on a fresh machine: `make run` and `make test`.
# uv is used when present; otherwise it is bootstrapped with pip into .tools/.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export PYTHONWARNINGS := ignore::SyntaxWarning

.PHONY: run test lint format bench bench-large clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

run: | $(UV)
	$(UV) run tui-reader $(ARGS)

test: | $(UV)
	$(UV) run pytest

lint: | $(UV)
	$(UV) run ruff check tui_reader tests benchmarks
	$(UV) run ruff format --check tui_reader tests benchmarks
	$(UV) run mypy
	$(UV) run lint-imports

format: | $(UV)
	$(UV) run ruff format tui_reader tests benchmarks
	$(UV) run ruff check --fix tui_reader tests benchmarks

bench: | $(UV)
	$(UV) run python -m benchmarks.run $(ARGS)

bench-large: | $(UV)
	$(UV) run python -m benchmarks.run --sizes 1000,10000,100000 $(ARGS)

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
