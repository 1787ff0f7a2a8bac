# Two commands for users: `make run` and `make test`. Everything else is for developers.
UV := $(shell scripts/ensure-uv.sh)
# `make run PORT=8101` serves on another port.
PORT ?= 8000

.PHONY: run test install install-test lint format typecheck migrations pytest bench clean messages

# What running needs (LibreOffice, fonts, gettext); the tests add PostgreSQL, Chromium, poppler
# and npm (axe-core for the accessibility checks, node_modules/ from package-lock.json).
install:
	scripts/system-deps.sh run
	$(UV) sync --frozen --all-extras

install-test:
	scripts/system-deps.sh test
	$(UV) sync --frozen --all-extras
	npm ci --no-audit --no-fund --silent

# The web app on http://localhost:$(PORT)/ with demo data (docs/production.md for a real server).
run: install
	@echo "Preparing the database (var/openita.sqlite3 unless OPENITA_DATA_DIR or DATABASE_URL say otherwise)"
	@$(UV) run openita manage migrate --no-input --verbosity 0
	@$(UV) run openita manage demo
	@echo
	@echo "OpenITA: http://localhost:$(PORT)/  (log in with a demo login above; Ctrl+C stops)"
	@echo
	@$(UV) run openita serve --host 127.0.0.1 --port $(PORT)

test: install-test lint typecheck migrations pytest

lint:
	$(UV) run ruff check src tests bench
	$(UV) run ruff format --check src tests bench

format:
	$(UV) run ruff format src tests bench
	$(UV) run ruff check --fix src tests bench

typecheck:
	$(UV) run mypy

# Models and migrations agree (a model change without its migration fails here).
migrations:
	$(UV) run python -m openita.web makemigrations --check --dry-run

pytest:
	$(UV) run pytest -q

# The Thai catalogue of the core packages' messages (docs/translations.md): collect every _(),
# N_() and Message() text outside the web app, merge it into openita.po (new texts arrive untranslated), compile
# openita.mo. The web app's own catalogue is Django's: `openita manage makemessages`.
CORE_PO := src/openita/locale/th/LC_MESSAGES/openita.po
messages:
	@mkdir -p build
	xgettext --language=Python --keyword=_ --keyword=N_ --keyword=Message --from-code=UTF-8 --add-location=file \
		--msgid-bugs-address= -o build/openita.pot \
		$$(find src/openita -name '*.py' -not -path 'src/openita/web/*' | LC_ALL=C sort)
	msgmerge --quiet --update --backup=none --no-fuzzy-matching $(CORE_PO) build/openita.pot
	msgfmt --check --statistics -o $(CORE_PO:.po=.mo) $(CORE_PO)

bench: install
	$(UV) run python bench/engine.py
	$(UV) run python bench/report.py
	$(UV) run python bench/web.py
	$(UV) run python bench/hostile.py
	$(UV) run python bench/concurrency.py
	$(UV) run python bench/oitcheck.py

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache node_modules
