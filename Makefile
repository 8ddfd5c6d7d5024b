# The commands people run. Each creates .venv and installs the pinned, hashed requirements first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
ENGINE ?= mkdocs
PAPERS ?= papers.yaml
export NO_MKDOCS_2_WARNING := 1

.PHONY: help build serve test test-quick test-fork lint typecheck pytest validate fmt schema lock clean bench

help:
	@echo "make serve   build the pages and serve the site on http://$(HOST), rebuilding on edits (ENGINE=zensical: with Zensical)"
	@echo "make build   build the site into site/ (mkdocs build --strict)"
	@echo "make test    lint, type-check and run the whole test suite"
	@echo "make test-quick  the tests that build no site and start no browser (about a minute; markers in pyproject.toml)"
	@echo "make test-fork  the tests that read the catalog, against a second one ($(FORK_CATALOG))"
	@echo "make bench   time the build, serve, searches and Lighthouse at 60 to 40,000 papers; writes docs/benchmarks.md"
	@echo "make schema  rewrite docs/papers.schema.json and docs/papers.export.schema.json from generator/fields.py"
	@echo "make lock    re-pin requirements/*.txt with hashes after editing requirements/*.in"

# Every byte installed is checked against the locks: the build backends first (wheels only, from
# requirements/build.txt), then everything else with --no-build-isolation, so that the few packages
# published as source archives only are built with those, not with backends fetched unchecked.
$(VENV)/.site-installed: requirements/site.txt requirements/build.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes --only-binary :all: -r requirements/build.txt
	$(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes --no-build-isolation -r requirements/site.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.site-installed
	$(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes --no-build-isolation -r requirements/dev.txt
	touch $@

# MkDocs empties its output folder and writes in place, so it builds into .site-new/, and site/
# is replaced (two renames) only when the strict build succeeded: a failed build, or a killed
# one, leaves the previous site/ as it was.
build: $(VENV)/.site-installed
	$(PY) -m generator build
	rm -rf .site-new .site-old
	$(PY) -m mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	if [ -d site ]; then mv site .site-old; fi && mv .site-new site && rm -rf .site-old

ifeq ($(ENGINE),zensical)
# Zensical runs no hooks: generator/zensical_serve.py regenerates the pages on edits of papers.yaml.
serve: $(VENV)/.dev-installed
	$(PY) -m generator.zensical_serve --dev-addr $(HOST)
else
serve: $(VENV)/.site-installed
	$(PY) -m generator build
	$(PY) -m mkdocs serve --strict --dev-addr $(HOST)
endif

validate: $(VENV)/.site-installed
	$(PY) -m generator validate $(PAPERS)
	$(PY) -m generator fmt --check $(PAPERS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench

typecheck: $(VENV)/.dev-installed
	$(VENV)/bin/mypy generator bench

pytest: $(VENV)/.dev-installed
	$(PY) -m pytest

test: lint typecheck pytest

# The tests a change is checked with while working: no whole site built (`slow`), no browser.
test-quick: $(VENV)/.dev-installed
	$(PY) -m pytest -m "not slow and not browser"

# The tests that read the catalog (marked `catalog` by tests/conftest.py), run against a second,
# quite different catalog: 400 made-up papers, 3 themes, no tags, no abstracts. They build it with
# `mkdocs build --strict` and Zensical. A fork's catalog must pass the same tests as the first one.
FORK_CATALOG ?= tests/fixtures/fork/papers.yaml
test-fork: $(VENV)/.dev-installed
	CATALOG=$(FORK_CATALOG) $(PY) -m pytest -m "catalog and not browser"

# Lighthouse for the benchmark, pinned by bench/lighthouse/package-lock.json, in a git-ignored folder.
bench/lighthouse/node_modules/.installed: bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# About 25 minutes: synthetic catalogs of 60, 1,000 and 10,000 papers (3 runs each), 20,000 and 40,000 (1);
# Lighthouse at 60 and 10,000; `make serve` at 10,000; bench/run.py.
bench: $(VENV)/.dev-installed bench/lighthouse/node_modules/.installed
	nice -n 10 $(PY) -m bench.run --write

# The JSON Schemas in docs/ follow the table of paper fields (generator/fields.py).
schema: $(VENV)/.site-installed
	$(PY) -m generator schema > docs/papers.schema.json
	$(PY) -m generator schema --export > docs/papers.export.schema.json

lock:
	$(PYTHON) -m venv /tmp/pip-tools-venv && /tmp/pip-tools-venv/bin/pip install -q pip-tools
	cd requirements && /tmp/pip-tools-venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o site.txt site.in
	cd requirements && /tmp/pip-tools-venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o dev.txt dev.in
	cd requirements && /tmp/pip-tools-venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o build.txt build.in

clean:
	rm -rf site .site-new .site-old docs/.gen .cache .pytest_cache .mypy_cache .ruff_cache
	find docs -maxdepth 1 -type l -lname ".gen/current/*" -delete
