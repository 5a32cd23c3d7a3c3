# The two commands of the README: `make run` and `make test`. Everything a new machine lacks is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q -c constraints.txt
APT_PACKAGES := tesseract-ocr tesseract-ocr-nld fonts-dejavu-core
TEST_APT_PACKAGES := chromium poppler-utils

export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: install install-test run test index bench corpus system-packages test-system-packages clean

install: $(VENV)/.installed system-packages

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	@touch $@

install-test: install $(VENV)/.installed-test test-system-packages

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(PIP) -e '.[test]'
	@touch $@

# Debian packages: OCR (tesseract + Dutch model) for `make install`, Chromium for the browser tests.
# Installed only when missing and when we are root; otherwise say what is missing and carry on.
system-packages:
	@$(MAKE) --no-print-directory _apt PKGS="$(APT_PACKAGES)"

test-system-packages:
	@$(MAKE) --no-print-directory _apt PKGS="$(TEST_APT_PACKAGES)"

_apt:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null)) \
	     || echo "warning: could not install$$missing"; \
	  else echo "note: Debian packages missing:$$missing (install them as root for OCR / browser tests)"; fi; \
	fi

index: install
	$(VENV)/bin/policy-qa index --if-stale

run: install
	$(VENV)/bin/policy-qa index --if-stale
	$(PY) app.py

test: install-test
	$(PY) -m pytest -q -p no:cacheprovider

bench: install-test
	$(PY) bench/bench.py

corpus: install-test
	$(PY) scripts/make_corpus.py

# index/ is removed only when it is a policy-qa index (its marker file or manifest) or empty; else it is left alone.
clean:
	rm -rf $(VENV) .pytest_cache
	@if [ -d index ] && [ ! -L index ] && [ -n "$$(ls -A index)" ] && [ ! -f index/.policy-qa-index ] && \
	  ! grep -qs '"format_version"' index/manifest.json; then \
	  echo "make clean: index/ is not a policy-qa index (no index/.policy-qa-index); left alone: move your files out of it" >&2; \
	  exit 1; fi
	rm -rf index .index.old .index.tmp-*
