# Real Personas: two commands on a fresh machine.
#   make run   set up .venv and open the app on the bundled sample data
#   make test  set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test bench clean golden chromium

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install whenever a requirements file changes. uv when it can be had, else pip.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	@if $(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install -q uv >/dev/null 2>&1; then \
		echo "installing requirements with uv"; \
		$(PY) -m uv pip install -q --python $(PY) -r requirements-dev.txt; \
	else \
		echo "uv unavailable; installing requirements with pip"; \
		$(PY) -m pip install -q -r requirements-dev.txt; \
	fi
	@touch $(STAMP)

venv: $(STAMP)

# Local only by default. To show the app to a workshop room on purpose: make run ADDRESS=0.0.0.0
ADDRESS ?= 127.0.0.1
PORT ?= 8501

run: $(STAMP)
	@if [ "$(ADDRESS)" != "127.0.0.1" ] && [ "$(ADDRESS)" != "localhost" ]; then \
		echo "WARNING: serving on $(ADDRESS):$(PORT). Anyone who can reach this address sees your customers' names and words."; \
		echo "         Use it only on a network you trust, for the length of the workshop."; \
	fi
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

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

test: $(STAMP) chromium
	$(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) benchmarks/quality.py
	$(PY) benchmarks/speed.py

golden: $(STAMP)
	$(PY) -m pytest -q tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) .pytest_cache
