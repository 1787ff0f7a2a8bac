# Two commands for users: `make run` and `make test`. Everything else is for developers.
UV := $(shell scripts/ensure-uv.sh)
EXAMPLE := src/openita/examples/khambong-2568.json
PREVIOUS := src/openita/examples/khambong-2567.json

.PHONY: run test install lint format typecheck pytest bench clean

install:
	scripts/system-deps.sh
	$(UV) sync --frozen --all-extras

run: install
	$(UV) run openita score $(EXAMPLE) --previous $(PREVIOUS)

test: install lint typecheck pytest

lint:
	$(UV) run ruff check src tests bench
	$(UV) run ruff format --check src tests bench

format:
	$(UV) run ruff format src tests bench
	$(UV) run ruff check --fix src tests bench

typecheck:
	$(UV) run mypy

pytest:
	$(UV) run pytest -q

bench: install
	$(UV) run python bench/engine.py

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
