# distillgate: `make demo` runs the embedded default job, `make test` runs the test suite.
# Both create or update .venv idempotently first. Works offline (package registries only).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export GX_ANALYTICS_ENABLED := false
export TOKENIZERS_PARALLELISM := false

.PHONY: all venv demo test test-fast fuzz lint bench browser clean help ner-model

help:
	@echo "make demo   - set up .venv and run the default job (distillgate run)"
	@echo "make test   - set up .venv and run the whole test suite"
	@echo "make lint   - ruff, mypy (strict), import-linter (layers) and bandit"
	@echo "make fuzz   - the fuzz targets with many examples (make test runs a smoke run)"
	@echo "make bench  - run the benchmarks in benchmarks/ (quick mode)"
	@echo "make ner-model - rebuild the shipped English NER (governance/pii/models/, ~6 min)"

venv: $(STAMP)

# Re-install only when pyproject.toml changes. torch is pinned and installed first so that
# pip takes the CPU wheel instead of pulling a multi-GB CUDA build.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: venv
	$(BIN)/distillgate run

# Headless Chromium for the report tests (Debian's package; needs root, skipped otherwise).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not installed; browser tests will be skipped"; fi; }

test: venv browser
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -n 2 --durations=15

test-fast: venv
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not browser"

# Rebuilds the shipped NER from its generator and config (pipeline/ner_model/); see
# governance/pii/models/MODEL_CARD.md.
ner-model: venv
	$(BIN)/python -m pipeline.ner_model.train

lint: venv
	$(BIN)/ruff check governance pipeline reports tests benchmarks
	$(BIN)/ruff format --check governance pipeline reports tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit -q -c pyproject.toml -r governance pipeline reports

# Fuzz targets (Hypothesis): policy and job loaders, scan's JSONL reader, audit and bundle
# verifiers. `make test` runs each with a few examples; FUZZ_EXAMPLES sets how many here.
FUZZ_EXAMPLES ?= 2000
fuzz: venv
	DISTILLGATE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -n 2 tests/fuzz \
	  tests/pipeline/export/test_export_links.py -k "fuzz or survive or never"

bench: venv
	$(BIN)/python benchmarks/pii_bench.py --quick
	$(BIN)/python benchmarks/audit_bench.py --quick
	$(BIN)/python benchmarks/teacher_bench.py --quick
	$(BIN)/python benchmarks/governed_overhead_bench.py --quick
	$(BIN)/python benchmarks/dp_bench.py --quick

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
