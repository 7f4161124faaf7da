# copdocs — two set-up commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_INDEX ?=

.PHONY: demo serve test test-fast lint bench golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/copdocs $(if $(DEMO_INDEX),--index $(DEMO_INDEX)) ingest corpus/
	$(BIN)/copdocs $(if $(DEMO_INDEX),--index $(DEMO_INDEX)) search "調適基金"

# The search pages on the demo index (after make demo): http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/copdocs $(if $(DEMO_INDEX),--index $(DEMO_INDEX)) serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The edit-test loop: everything but the tests that spawn processes or ingest large sets.
test-fast: $(STAMP)
	COPDOCS_TEST_FAST=1 $(BIN)/python -m pytest -q -m "not slow" -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

# Regenerate the golden files (outlines, CLI output) after an intended change.
golden: $(STAMP)
	COPDOCS_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_outline_golden.py \
		tests/test_cli_output.py

# Byte-compiled first, as a user's copy is after its first run (whatever PYTHONDONTWRITEBYTECODE
# says here), so that start-up is measured as users feel it.
bench: $(STAMP)
	$(BIN)/python -m compileall -q copdocs pipeline index
	$(BIN)/python bench/run.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/expansion.py
	$(BIN)/python bench/serve_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
