# Two commands: `make run` (set up, fill the demo city once, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run test lint install demo screenshots clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m campaign init
	$(PY) -m sample_data sample --if-empty

run: demo
	$(PY) -m campaign serve --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .

test: lint
	$(PY) -m pytest

screenshots: install
	$(PY) scripts/screenshots.py http://127.0.0.1:$(PORT) screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
