# Two commands: `make run` (set up, fill the demo city once, serve) and `make test`.
# `make run PORT=8600` serves on another port; `make demo-gala` rehearses the gala night.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT ?= 8501
# The gala rehearsal's moment: 20:45 on 15 March of the coming campaign (this year's until April).
GALA_AT ?= $(shell y=$$(date +%Y); [ $$(date +%m) -gt 03 ] && y=$$((y + 1)); echo $$y-03-15T20:45)

.PHONY: run test test-units test-browser lint install demo demo-gala screenshots clean

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

# The demo data filled up to GALA_AT and the clock frozen there: frozen on data filled at another
# moment, the gala night would be empty. Replaces the demo data; accounts and wall tokens stay.
demo-gala: install
	$(PY) -m campaign init
	$(PY) -m sample_data sample --today $(GALA_AT)
	CAMPAIGN_NOW=$(GALA_AT) $(PY) -m campaign serve --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .

# The two suites side by side (each prints its own time); `make test-units` or `make test-browser`
# runs one. They share no database: the browser tests make their own (SQLite, and PostgreSQL's
# <name>_wall_<worker> beside TEST_POSTGRES_URL's). A browser test mostly waits on a page, so that suite
# runs in BROWSER_WORKERS processes (pytest-xdist; the journeys' datasets kept to one worker each).
BROWSER_WORKERS ?= 3
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-units test-browser

test-units: install
	$(PY) -m pytest --ignore=tests/browser -o cache_dir=.pytest_cache/units

test-browser: install
	$(PY) -m pytest tests/browser -o cache_dir=.pytest_cache/browser -n $(BROWSER_WORKERS) --dist loadgroup

screenshots: install
	$(PY) scripts/screenshots.py http://127.0.0.1:$(PORT) screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
