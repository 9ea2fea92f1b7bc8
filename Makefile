# gongkai: two commands for a newcomer (make demo, make test); the rest are for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WAREHOUSE ?= warehouse/gongkai.duckdb
SAMPLE_INBOX ?= warehouse/sample_inbox
SAMPLE_EXPECTED ?= warehouse/sample_expected
SAMPLE_N ?= 6
SEED ?= 20240601
# documents more, scanned (image-only PDF): the demo runs the OCR path end to end
SAMPLE_SCANNED ?= 1

.PHONY: install demo test ui bench bench-cluster docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/gongkai prepare
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m sample_corpus --inbox $(SAMPLE_INBOX) --expected $(SAMPLE_EXPECTED) --n $(SAMPLE_N) --seed $(SEED) --scanned $(SAMPLE_SCANNED)
	$(BIN)/gongkai run --inbox $(SAMPLE_INBOX) --warehouse $(WAREHOUSE)

test: $(STAMP)
	$(BIN)/pytest -q

# the Dagster UI and daemon on the warehouse's own instance (the one `gongkai run` records its runs in)
ui: $(STAMP)
	$(BIN)/gongkai ui --warehouse $(abspath $(WAREHOUSE)) --inbox $(abspath $(SAMPLE_INBOX))

# dbt docs of a published warehouse, attached read-only (the profile's docs target): it works while analysts have
# the file open, changes nothing, and a missing warehouse stops here instead of being created empty
docs: $(STAMP)
	@test -f "$(abspath $(WAREHOUSE))" || { echo "make docs: no warehouse at $(abspath $(WAREHOUSE)) (make demo, or make docs WAREHOUSE=/path/to/gongkai.duckdb)" >&2; exit 2; }
	cd dbt_project && GONGKAI_DBT_PATH="$(abspath $(WAREHOUSE))" ../$(BIN)/dbt docs generate --profiles-dir . --target docs --target-path target/docs
	@echo "dbt docs: dbt_project/target/docs/index.html"

# make bench BENCH_ARGS="--n 1000 --workdir /tmp/bench1000": see benchmarks/run.py and RESULTS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# extraction through a Dask cluster of 1 and 2 workers (scaling efficiency) and the loader's rows per second
bench-cluster: $(STAMP)
	$(BIN)/python benchmarks/cluster.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) dbt_project/target warehouse/*.duckdb* warehouse/store warehouse/runs warehouse/dagster_home
