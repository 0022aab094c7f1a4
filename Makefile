# kg: two commands get a newcomer from clone to graph: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STORE ?= kg-store
EXAMPLE := examples/zelensky-downing-street.txt

.PHONY: demo test test-fast eval figures bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	rm -f $(VENV)/.installed-* && touch $@

## demo: install kg, build the example article into ./kg-store, print a summary, write exports to out/
demo: $(STAMP)
	$(BIN)/kg build $(EXAMPLE) --store $(STORE)
	$(BIN)/kg stats --store $(STORE)
	$(BIN)/kg show "Keir Starmer" --store $(STORE)
	mkdir -p out
	$(BIN)/kg export --format gexf -o out/graph.gexf --store $(STORE)
	$(BIN)/kg export --format graphml -o out/graph.graphml --store $(STORE)
	$(BIN)/kg export --format trig -o out/graph.trig --store $(STORE)
	$(BIN)/kg viz -o out/graph.html --store $(STORE)
	@echo "Open out/graph.gexf in Gephi, out/graph.html in a browser; try: $(BIN)/kg query --list"

## test: install kg and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## test-fast: the logic tests only (no model, no browser, no rapper): under a minute, for every edit
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not model and not slow and not needs_tool"

## eval: the GOLD-FORMAT measures on the seed article and the 31 GUM texts, then the four Lee articles, then the 24 BBC articles
eval: $(STAMP)
	$(BIN)/kg eval tests/data/gold/seed/*.gold.yaml tests/data/gold/gum/*.gold.yaml
	$(BIN)/kg eval tests/data/gold/lee/*.gold.yaml
	$(BIN)/kg eval tests/data/gold/bbc/*.gold.yaml

## figures: measure every gold set and write README's quality tables (tests/test_quality.py checks them)
figures: $(STAMP)
	$(BIN)/python bench/quality.py --write

## bench: throughput and store benchmarks (prints numbers; see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## docs: regenerate docs/ontology.md from the ontology, the lexicon and the rules table (tests/test_ontology.py checks it)
docs: $(STAMP)
	$(BIN)/python -m kg.analysis.ontodoc -o docs/ontology.md

clean:
	rm -rf $(VENV) $(STORE) out .pytest_cache
