PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

WHO ?= console
TEST_WORKERS ?= 2
CHANNEL ?= console

.PHONY: install run console test test-all lint check demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: install
	@$(BIN)/crisisbot run

console: install
	@$(BIN)/crisisbot console --user $(WHO) --channel $(CHANNEL)

# The fast suite: neither the slow tests nor PostgreSQL, Hypothesis' dev profile; the tests
# of one file on one worker (some share a console session from test to test).
test: install
	@$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile -m "not slow and not postgres"

# Everything, as CI runs it: slow tests, PostgreSQL (required), every Hypothesis example.
test-all: install
	@CRISISBOT_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q --hypothesis-profile=ci

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

demo: install
	@$(BIN)/crisisbot demo

bench: install
	@$(BIN)/python bench/render.py
	@$(BIN)/python bench/slack_ack.py
	@$(BIN)/python bench/outbox.py
	@$(BIN)/python bench/digest.py
	@$(BIN)/python bench/pii_corpus.py
	@$(BIN)/python bench/guard_variants.py
	@$(BIN)/python bench/language.py
	@$(BIN)/python bench/factcheck.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info crisisbot.db*
