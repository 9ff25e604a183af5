# The two commands: `make site` builds the site, `make test` runs every test.
# Both create .venv and install the pinned requirements on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PYTHONPATH := $(CURDIR)
# Quiet a third-party notice printed by mkdocs-material on every build.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Reproducible output: MkDocs stamps the build date from this.
export SOURCE_DATE_EPOCH ?= 1735689600
# Python keeps the project's modules compiled in __pycache__ (ignored by git), as it does by
# default, even where the environment turns that off (PYTHONDONTWRITEBYTECODE): the suite starts
# about a hundred Python processes, and compiling the modules again in each took a tenth of its
# time; a rebuild after an edit spent 0.1-0.4 s compiling them.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: site test serve docs clean check bench conformance

site: $(VENV)/.site
	$(BIN)/python -m generator build
	$(BIN)/mkdocs build --strict

docs: $(VENV)/.site
	$(BIN)/python -m generator build

check: $(VENV)/.site
	$(BIN)/python -m generator check

serve: $(VENV)/.site
	$(BIN)/python -m generator build
	$(BIN)/mkdocs serve --livereload --dirty --no-strict

test: $(VENV)/.dev
	$(BIN)/python -m pytest

bench: $(VENV)/.site
	$(BIN)/python benchmarks/scale.py

conformance: $(VENV)/.site
	$(BIN)/python benchmarks/conformance.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.site $@

clean:
	rm -rf site
	$(PYTHON) -m generator.paths clean docs
