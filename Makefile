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

# The suite starts about a hundred Python processes (builds, MkDocs, the workers): each reads
# the project's modules compiled once into __pycache__ (ignored by git), as Python does by
# default, even where the environment turns that off (PYTHONDONTWRITEBYTECODE): compiling them
# again in every process took a tenth of the suite's time.
test: $(VENV)/.dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

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
