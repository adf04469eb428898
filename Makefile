# Packet: two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: poppler-utils (tests read PDFs back, you look at pages), Qt's runtime libraries,
# xvfb and xauth (the window on a machine without a screen), qpdf (tests check exports with qpdf --check; the
# benchmark's lower bound).
APT_BASE := poppler-utils qpdf libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
            libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
            libxcb-render-util0 libxcb-image0
APT_GUI := xvfb xauth
APT_BENCH := qpdf
SAMPLE := out/sample.packet
SAMPLE_PDF := out/sample-packet.pdf

.PHONY: help setup run demo test bench fuzz screenshots clean apt-base apt-gui apt-bench

help:
	@echo "make run    - set up, then open the app on the sample packet (no display: build its PDF)"
	@echo "make test   - set up, then run every test"
	@echo "make demo   - build the sample packet's PDF into $(SAMPLE_PDF)"
	@echo "make bench  - intake, export and window benchmarks, figures in bench/results.json"
	@echo "              (BASELINE=DIR also measures the Packet checkout in DIR, in the same run)"
	@echo "make fuzz   - $(FUZZ_CASES) mutated corpus PDFs through intake and export (FUZZ_CASES=, FUZZ_SEED=)"
	@echo "make screenshots - pictures of the window (under Xvfb) into docs/screenshots/"

# One stamp per input: the venv is rebuilt when pyproject.toml changes.
$(VENV)/.stamp: pyproject.toml
	@command -v python3 >/dev/null || { echo "python3 (3.11 or newer) is needed"; exit 1; }
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	@touch $@

setup: $(VENV)/.stamp apt-base

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (not a Debian system; some tests may be skipped)"; fi; \
	fi
endef

apt-base:
	$(call apt_install,$(APT_BASE))
apt-gui:
	$(call apt_install,$(APT_GUI))
apt-bench:
	$(call apt_install,$(APT_BENCH))

$(SAMPLE)/packet.json: $(VENV)/.stamp
	@mkdir -p out
	$(PY) -m packet.sample $(SAMPLE)

demo: setup $(SAMPLE)/packet.json
	$(PY) -m packet build $(SAMPLE) -o $(SAMPLE_PDF)
	@echo "The sample packet's PDF is at $(abspath $(SAMPLE_PDF))"

run: setup $(SAMPLE)/packet.json
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && $(PY) -c "import packet.ui.app" 2>/dev/null; then \
	  $(PY) -m packet $(SAMPLE); \
	else \
	  echo "No display here: building the sample packet's PDF instead."; \
	  $(MAKE) --no-print-directory demo; \
	fi

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider
	$(VENV)/bin/lint-imports

bench: setup apt-bench
	@mkdir -p bench
	$(PY) tests/bench/run_bench.py --out bench/results.json $(if $(BASELINE),--baseline $(BASELINE))

FUZZ_CASES ?= 400
FUZZ_SEED ?= 1
fuzz: setup
	$(PY) tests/fuzz/fuzz_pdf.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --keep out/fuzz-failures

screenshots: setup apt-gui
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) tests/tools/screenshots.py

clean:
	rm -rf out bench .pytest_cache
