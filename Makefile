# Real Personas: two commands on a fresh machine.
#   make run   set up .venv and open the app on the bundled sample data
#   make test  set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test bench clean golden

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

run: $(STAMP)
	$(PY) -m streamlit run app.py

test: $(STAMP)
	$(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) benchmarks/quality.py
	$(PY) benchmarks/speed.py

golden: $(STAMP)
	$(PY) -m pytest -q tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) .pytest_cache
