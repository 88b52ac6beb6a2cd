# Every target builds .venv from the project's own files when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.bundle-installed

.PHONY: run test lint bench venv clean rules-doc bundle

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

venv: $(STAMP)

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench,bundle]'
	touch $(BUNDLE_STAMP)

# The one-folder bundle in dist/regdesk/ (regdesk, regdesk-gui, regdesk-server); on Windows
# the same build.spec adds the icon and the version resource.
bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm build.spec

run: $(STAMP)
	$(BIN)/regdesk-gui

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check desktop server tests bench
	$(BIN)/ruff format --check desktop server tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.validate 10000 100000 1000000
	$(BIN)/python -m bench.import 10000 100000
	$(BIN)/python -m bench.import 1000000 --no-pandas
	$(BIN)/python -m bench.store 100000
	$(BIN)/python -m bench.sign 100000 1000000

rules-doc: $(STAMP)
	$(BIN)/regdesk rules --format markdown > docs/RULES.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
