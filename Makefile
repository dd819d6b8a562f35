# The product in two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(shell scripts/ensure-uv.sh)
PY := .venv/bin/python
RASA_VENV := .venv-rasa
EMBEDDERS_VENV := .venv-embedders
FILE ?= ../shared/eval/dev.jsonl
EVAL_FILES ?= ../shared/eval/dev.jsonl tests/eval/holdout.jsonl tests/eval/blind.jsonl tests/eval/safety.jsonl
URL ?= http://127.0.0.1:$${PORT:-8000}

export RASA_TELEMETRY_ENABLED := false
export HF_HUB_OFFLINE := 1

.PHONY: help run test env rasa-env embedders-env rasa-lock lint validate train eval bench cluster load clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: env rasa-env ## Run the product (SQLite, bundled embedder, sample content) on 127.0.0.1:$PORT
	$(PY) -m app run

test: env rasa-env embedders-env lint ## Run every test: lint, unit, integration (real Rasa, SQLite + PostgreSQL + Redis), end-to-end (Chromium)
	scripts/ensure-system-packages.sh
	$(PY) -m app validate-bot
	$(PY) -m pytest -m "not embedders"
	$(EMBEDDERS_VENV)/bin/python -m pytest -m embedders

env: .venv/.synced ## Create or update the backend environment (Python 3.11, uv.lock; no torch)
.venv/.synced: pyproject.toml uv.lock
	$(UV) sync --frozen --python 3.11
	@touch $@

embedders-env: $(EMBEDDERS_VENV)/.synced ## The backend environment plus the sentence-transformers extra (CPU torch), for its tests
$(EMBEDDERS_VENV)/.synced: pyproject.toml uv.lock scripts/embedders-env.sh
	scripts/embedders-env.sh "$(UV)" $(EMBEDDERS_VENV)
	@touch $@

rasa-env: $(RASA_VENV)/.synced ## Create or update Rasa's environment (Python 3.10, bot/requirements.txt)
$(RASA_VENV)/.synced: bot/requirements.txt
	@py310=$$(scripts/find-python310.sh) && \
	  $(UV) venv --allow-existing --quiet --python "$$py310" $(RASA_VENV) && \
	  VIRTUAL_ENV=$(RASA_VENV) $(UV) pip sync --quiet bot/requirements.txt
	$(RASA_VENV)/bin/rasa telemetry disable >/dev/null
	@touch $@

rasa-lock: ## Re-pin Rasa's environment from bot/requirements.in
	$(UV) pip compile --quiet --python-version 3.10 bot/requirements.in -o bot/requirements.txt --custom-compile-command "make rasa-lock"

train: env rasa-env ## Train the Rasa model if bot/ or config.yml changed
	$(PY) -m app train

validate: env ## Validate the knowledge-base content files
	$(PY) -m knowledge_base validate

lint: env ## Lint and check formatting with ruff
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

eval: env ## Score every evaluation file against the running product, side by side: make eval [EVAL_FILES=...] [URL=...]
	$(PY) -m app eval $(EVAL_FILES) --url "$(URL)"

cluster: env rasa-env ## Start a cluster on this machine: PostgreSQL, Redis, 2 Rasa, 2 backends, a worker, nginx on :8080
	scripts/ensure-system-packages.sh
	$(PY) -m tests.support.cluster

load: env rasa-env ## Turns/s and p50/p95 under a locust load of citizens, one replica of each against two
	scripts/ensure-system-packages.sh
	$(PY) scripts/load/measure.py

bench: env ## Print latency figures (retrieval, case creation, publish to answer, chat turn) and CPU per message
	$(PY) scripts/bench_retrieval.py "$(FILE)"
	$(PY) scripts/bench_handover.py
	$(PY) scripts/bench_publish.py
	$(PY) scripts/bench_chat.py --backend "$(URL)"
	$(PY) scripts/bench_message_cost.py --backend "$(URL)"

clean: ## Remove runtime files (database, index, trained models)
	rm -rf var
