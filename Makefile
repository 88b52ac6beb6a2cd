# Every target builds .venv from the project's own files when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.bundle-installed

.PHONY: run test lint bench venv clean rules-doc translations translations-update bundle

# Qt translations (docs/TRANSLATIONS.md): the .ts files are the source, committed; the .qm
# files are built from them and never committed.
I18N := resources/i18n
TS   := $(wildcard $(I18N)/*.ts)
QM   := $(TS:.ts=.qm)
# The source strings are Chinese; only desktop/ui is scanned (services' messages stay Chinese).
LUPDATE_FLAGS := -locations relative -source-language zh_CN -extensions py -no-obsolete

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

run: $(STAMP) translations
	$(BIN)/regdesk-gui

test: $(STAMP) lint translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check desktop server tests bench tools
	$(BIN)/ruff format --check desktop server tests bench tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.validate 10000 100000 1000000
	$(BIN)/python -m bench.import 10000 100000
	$(BIN)/python -m bench.import 1000000 --no-pandas
	$(BIN)/python -m bench.store 100000
	$(BIN)/python -m bench.sign 100000 1000000

translations: $(QM)

$(I18N)/%.qm: $(I18N)/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# After UI changes: new strings come in unfinished, existing translations are kept.
translations-update: $(STAMP)
	$(BIN)/pyside6-lupdate $(LUPDATE_FLAGS) desktop/ui -ts $(TS)
	@echo "Unfinished messages (translate them in $(BIN)/pyside6-linguist or in the file):"
	@grep -c 'type="unfinished"' $(TS) || true

rules-doc: $(STAMP)
	$(BIN)/regdesk rules --format markdown > docs/RULES.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info $(QM)
