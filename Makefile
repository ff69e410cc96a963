# Tinget: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := TINGET_ENV=$${TINGET_ENV:-development} $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install translations messages migrate clean bench bench-ballots bench-scale apertium screenshots vendor

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

translations: install

	$(BIN)/pybabel compile -d translations -f >/dev/null

# Machine translation between bokmål and nynorsk is optional: Debian's apertium-nno-nob. Installed
# here where apt is at hand (root); otherwise the command to run is printed and the feature stays off.
apertium:
	@if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -q nob-nno; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y --no-install-recommends apertium apertium-nno-nob >/dev/null 2>&1 || \
		 (apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends apertium apertium-nno-nob >/dev/null 2>&1)) || \
		echo "Machine translation is off: could not install apertium apertium-nno-nob"; \
	else echo "Machine translation is off. To turn it on: sudo apt-get install apertium apertium-nno-nob"; fi

run: translations apertium
	$(FLASK) db upgrade
	$(FLASK) demo-data
	@echo "Tinget is at http://$(HOST):$(PORT)/"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Two worker processes (pytest-xdist): each has its own SQLite file or PostgreSQL database.
# PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= 2

test: translations
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Extract every user-visible string, update the catalogs, compile them.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
		--project Tinget --copyright-holder "Tinget" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d translations -f

migrate: install
	$(FLASK) db migrate -m "$(m)"

bench: translations
	$(BIN)/python bench/run.py

# 1,000 voters cast and change ballots at once on PostgreSQL (a database the run may empty).
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/tinget_bench

# The network at scale: 1,000 and 100,000 ideas; nothing kept, every request a page-cache miss, cache on (empties tinget_bench_1000/_100000 on BENCH_SERVER)
BENCH_SERVER ?= postgresql+psycopg://postgres@127.0.0.1:5432
bench-scale: translations
	$(BIN)/python bench/scale.py --server $(BENCH_SERVER) --miss --cache

bench-ballots: translations
	$(BIN)/python bench/ballots.py --database-url $(BENCH_DATABASE_URL)

# Front-end libraries (Designsystemet, Leaflet) from npm into app/static/vendor/, with licence and
# version. Only at vendoring time: the built files are committed, so `make run` needs no Node.
vendor:
	$(PYTHON) -m tools.vendor

# The main pages at 1280 and 375 px for each role, from the demo data, into screenshots/ (not committed).
screenshots: translations
	$(BIN)/python -m tools.screenshots

clean:
	rm -rf $(VENV) instance .pytest_cache
