# Packet: two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: poppler-utils (tests read PDFs back, you look at pages), Qt's runtime libraries,
# xvfb and xauth (the window on a machine without a screen), qpdf (tests check exports with qpdf --check; the
# benchmark's lower bound); tesseract-ocr (the OCR fallback when the tesserocr wheel is missing, tested against
# it) and libreoffice-writer-nogui (the converter for Word and OpenDocument letters, tested for real);
# desktop-file-utils, appstream, shared-mime-info and librsvg2-bin: the tests validate the Linux desktop entry,
# AppStream metadata and archive type, and check the icon PNGs against their SVGs (`make icons` draws them).
APT_BASE := poppler-utils qpdf libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
            libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
            libxcb-render-util0 libxcb-image0 tesseract-ocr libreoffice-writer-nogui \
            desktop-file-utils appstream shared-mime-info librsvg2-bin
# xdotool: `make walkthrough` drives the real window with X11 key presses and a drag and drop
APT_GUI := xvfb xauth xdotool
APT_BENCH := qpdf
# make package: binutils (PyInstaller strips the libraries with `strip` and reads them with objdump)
APT_PACKAGE := binutils
SAMPLE := out/sample.packet
SAMPLE_PDF := out/sample-packet.pdf

PKG_OUT := out/package
DIST := $(PKG_OUT)/dist/Packet

.PHONY: help setup run demo test wheel-check bench fuzz screenshots walkthrough icons i18n package clean apt-base \
        apt-gui apt-bench apt-package

help:
	@echo "make run    - set up, then open the app on the sample packet (no display: build its PDF)"
	@echo "make test   - set up, then run every test"
	@echo "make demo   - build the sample packet's PDF into $(SAMPLE_PDF)"
	@echo "make wheel-check - the wheel, installed in a fresh environment, lists templates and builds the sample"
	@echo "make bench  - intake, export and window benchmarks, figures in bench/results.json"
	@echo "              (BASELINE=DIR also measures the Packet checkout in DIR, in the same run)"
	@echo "make fuzz   - $(FUZZ_CASES) mutated corpus PDFs through intake and export (FUZZ_CASES=, FUZZ_SEED=)"
	@echo "make screenshots - pictures of the window (under Xvfb; Spanish: docs/screenshots/es/) and of each"
	@echo "                   template's cover into docs/screenshots/"
	@echo "make walkthrough - the real window under Xvfb driven with xdotool (keys, Tab order, drag and drop)"
	@echo "make icons  - draw the icon PNGs from resources/icons/*.svg"
	@echo "make i18n   - extract the messages, update the Spanish catalogue, compile it (resources/locale/)"
	@echo "make package - the frozen one-folder app (PyInstaller), its smoke test, and the Linux tarball"

# One stamp per input: the venv is rebuilt when pyproject.toml changes.
$(VENV)/.stamp: pyproject.toml
	@command -v python3 >/dev/null || { echo "python3 (3.11 or newer) is needed"; exit 1; }
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	@touch $@

setup: $(VENV)/.stamp apt-base

# PyInstaller is only for `make package` (pyproject's optional group "package"), never for tests or the app.
$(VENV)/.stamp-package: $(VENV)/.stamp
	$(PIP) install --quiet -e '.[test,package]'
	@touch $@

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
apt-package:
	$(call apt_install,$(APT_PACKAGE))

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

# The checks first (seconds), then the tests: ruff (pyflakes, bugbear, pyupgrade, import order), mypy (strict on
# packet/core), the import-linter layer contracts; any finding fails `make test`.
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# A wheel built from this checkout, installed (not editable) into a fresh environment, lists the templates and
# builds the sample packet; offline, a few seconds (it is part of `make test` too).
wheel-check: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m wheel tests/test_wheel.py

bench: setup apt-bench
	@mkdir -p bench
	$(PY) tests/bench/run_bench.py --out bench/results.json $(if $(BASELINE),--baseline $(BASELINE))

FUZZ_CASES ?= 400
FUZZ_SEED ?= 1
fuzz: setup
	$(PY) tests/fuzz/fuzz_pdf.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --keep out/fuzz-failures

screenshots: setup apt-gui
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) tests/tools/screenshots.py
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) tests/tools/screenshots.py --lang es
	$(PY) tests/tools/cover_pictures.py

# The real window under Xvfb, driven with xdotool: keys in text fields, Tab order, a drop from another program.
walkthrough: setup apt-gui
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) tests/tools/walkthrough.py

# The icon PNGs (16 and 32 px from the SVG drawn on a 16-pixel grid), the Windows .ico and the macOS .icns.
icons: setup
	$(PY) packaging/make_icons.py

# The message catalogues: extract (babel.cfg) into resources/locale/packet.pot, update each language's .po, compile
# its .mo (committed: the app never needs Babel). Then translate what the .po has empty and run it again.
i18n: setup
	$(PY) tools/i18n.py

# The one-folder build, its licences, the smoke test of the frozen program, then the tarball with install.sh.
package: setup apt-package $(VENV)/.stamp-package
	rm -rf $(PKG_OUT)/dist
	$(VENV)/bin/pyinstaller packaging/packet.spec --noconfirm --log-level WARN \
	    --distpath $(PKG_OUT)/dist --workpath $(PKG_OUT)/build
	cp LICENSE $(DIST)/
	$(PY) packaging/third_party_licenses.py $(DIST)
	$(PY) packaging/smoke_test.py $(DIST)
	@tarball=$$(packaging/linux/make_tarball.sh $(DIST) $(PKG_OUT) $$($(PY) -c "import packet; print(packet.__version__)")) && \
	  $(PY) packaging/smoke_test.py --install "$$tarball"

clean:
	rm -rf out bench .pytest_cache
