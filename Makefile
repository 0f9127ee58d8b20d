# diptych — `make` sets everything up and builds the seed edition into output/;
# `make test` runs the whole test suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest-xdist workers for `make test` (one per core of the 2-core machines it runs on; TEST_WORKERS=0: none)
TEST_WORKERS ?= 2

.PHONY: all setup system build test lint messages expected bench clean

all: build

setup: system $(VENV)/.installed

system:
	@sh scripts/install-system-packages
	@sh scripts/install-fonts

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,cluster]'
	@touch $@

build: setup
	$(BIN)/python build.py

test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: setup
	$(BIN)/ruff check src tests bench build.py
	$(BIN)/ruff format --check src tests bench build.py
	$(BIN)/mypy

# Refresh the interface-string catalogs after changing templates or messages.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -c Translators: \
	    --no-location --sort-output --project diptych -o src/diptych/locale/messages.pot .
	$(BIN)/pybabel update -i src/diptych/locale/messages.pot -d src/diptych/locale --no-fuzzy-matching --width 100

# Regenerate the expected HTML of the seed edition (tests/expected/) after an intended change.
expected: setup
	$(BIN)/python -m tests.regenerate

# The benchmarks (about 15 minutes; not part of the tests). Needs Debian's pandoc for the last one.
bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf output $(VENV) .pytest_cache .mypy_cache .ruff_cache
