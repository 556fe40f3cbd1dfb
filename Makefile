# Self-documenting Makefile: `make help` lists the targets (the `## ` comment above each).
# Every target goes through tools/bootstrap.py, which creates .venv and installs the pinned
# dependencies when they are missing or changed (needs only Python ≥ 3.11 with pip).
# make reports every failure as its own status 2; the reports targets print the runner's real
# status (1 failed, 2 refused, 3 locked, 4 environment, 130/143 interrupted) before that. Cron and
# systemd should call `python3 tools/bootstrap.py reports ...`, whose status is the runner's.
PYTHON ?= python3
BOOT := $(PYTHON) tools/bootstrap.py
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup reports reports-all test test-fast lab bench clean check-raw

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  make %-12s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

## Create .venv and install the pinned environment and the Jupyter kernel (idempotent)
setup:
	$(BOOT) setup

## Main job: clean the data and build the reports for the five pilot provinces (reports/latest)
reports:
	@$(BOOT) reports $(ARGS) || { s=$$?; echo "make: reports exited with status $$s (see reports --help; cron: call tools/bootstrap.py directly)" >&2; exit $$s; }

## Reports for all 81 provinces
reports-all:
	@$(BOOT) reports --provinces all $(ARGS) || { s=$$?; echo "make: reports exited with status $$s (see reports --help; cron: call tools/bootstrap.py directly)" >&2; exit $$s; }

## Run the whole test suite (what CI runs)
test:
	$(BOOT) test $(ARGS)

## Run the tests without the end-to-end notebook and browser tests
test-fast:
	$(BOOT) test -m "not slow and not browser" $(ARGS)

## Start JupyterLab on 127.0.0.1 with the project's kernel
lab:
	$(BOOT) lab $(ARGS)

## Run the benchmarks (cleaning, indicators, report runs against the kernel floor)
bench:
	$(BOOT) bench $(ARGS)

## Check every raw file: as shipped (data/raw/MANIFEST.sha256) or with the sidecar you wrote
check-raw:
	$(BOOT) check-raw

## Remove generated data and reports (keeps .venv)
clean:
	rm -rf data/processed/*.parquet data/processed/*.meta.json reports/*/ reports/latest
