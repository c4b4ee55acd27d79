# echohub: `make run` serves the demo, `make test` runs the whole suite. Both start with `make install`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test test-fast lint format bench bench-pages bench-phi bench-join bench-clinical bench-attendance bench-certificates bench-cases bench-dashboards bench-exports bench-search bench-library bench-community bench-live mutation chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	DEBUG=$${DEBUG:-1} $(BIN)/echohub serve

# Debian's Chromium drives the browser tests (Playwright's own browser download cannot work offline).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# --dist loadgroup: tests marked xdist_group("site_walk_<language>") (test_axe.py,
# test_phone_layout.py) run on one worker per language, so each language's walk of every page
# happens once, and the English and French walks at the same time on the two workers.
test: install chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -q

test-fast: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not browser"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=echohub.settings_test $(BIN)/echohub makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=echohub.settings_test $(BIN)/echohub check_translations

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: bench-pages bench-phi bench-join bench-clinical bench-attendance bench-certificates bench-cases bench-dashboards bench-exports

bench-pages: install
	$(BIN)/python bench/pages.py --postgres

bench-phi: install
	$(BIN)/python bench/phi_bench.py

bench-join: install
	$(BIN)/python bench/join_bench.py

bench-clinical: install
	$(BIN)/python bench/clinical_bench.py

bench-attendance: install
	$(BIN)/python bench/attendance_bench.py --write-docs

bench-certificates: install
	$(BIN)/python bench/certificates_bench.py --write-docs

bench-cases: install
	$(BIN)/python bench/cases_bench.py

bench-dashboards: install
	$(BIN)/python bench/dashboards_bench.py

bench-exports: install
	$(BIN)/python bench/exports_bench.py

.PHONY: bench-live
bench-live: install  # 300 live pages + 5 consoles on two uvicorn processes (PostgreSQL channel)
	nice $(BIN)/python bench/live_bench.py

bench-community: install
	nice $(BIN)/python bench/community_bench.py

.PHONY: bench-search
bench-search: install
	$(BIN)/python bench/search_bench.py

# The issue's national network (200 programs, 120,000 cases, 50,000 talks and tools; about 20
# minutes: the build and rebuild on both databases, then the measures): the figures in
# docs/benchmarks.md. `make bench-search` is the same at 50 programs of 150 cases.
.PHONY: bench-library
bench-library: install
	$(BIN)/python bench/search_bench.py --programs 200 --size 600,150,100 --repeat 3

# Mutation testing (mutmut) of src/clinical and src/phi against their own tests, in a scratch
# copy; prints the score per file and the survivors. Minutes, not part of `make test`.
mutation: install
	$(BIN)/pip install -q -c constraints.txt -e '.[mutation]'
	$(BIN)/python bench/mutation.py $(PACKAGES)

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .mypy_cache .ruff_cache
