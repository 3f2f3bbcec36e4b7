# Two commands on a fresh machine: `make run` starts the app, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench clean package install-desktop-entry bench-startup

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev,package]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop $(ARGS)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy leadtemp desktop

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m bench.core_bench

# The frozen app (PyInstaller, one folder): dist/LeadTemp/LeadTemp, checked by `LeadTemp --self-test`.
package: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/leadtemp.spec
	du -sh dist/LeadTemp

# Menu entry and icons for the current user (XDG); builds the bundle first if there is none.
install-desktop-entry:
	test -x dist/LeadTemp/LeadTemp || $(MAKE) package
	sh packaging/linux/install-desktop-entry.sh "$(CURDIR)/dist/LeadTemp/LeadTemp"

# Frozen start-up vs a frozen bare window (builds dist/BareWindow when missing).
bench-startup: $(STAMP)
	test -x dist/LeadTemp/LeadTemp || $(MAKE) package
	$(PY) -m bench.startup_bench

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
