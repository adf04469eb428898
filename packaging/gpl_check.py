"""List the shared libraries in a frozen build and fail on known GPL ones: `python gpl_check.py DIST`.

Packet is Apache-2.0 and ships LGPL/MPL/BSD/MIT libraries only. A GPL library in the bundle (GNU readline
through Python's `readline` module, x265 through pillow-heif's wheels, gdbm through `dbm.gnu`, ...) would make
the installer GPL, so `make package` runs this on every build. The list is of names, because a frozen bundle has
no package metadata for system libraries; add to it when a new one turns up.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SHARED_LIBRARY = re.compile(r"\.(so(\.\d+)*|dll|dylib|pyd)$")
# Library (file-name stem) -> why it is a problem.
KNOWN_GPL = {
    "libreadline": "GNU readline, GPL-3.0 (Python's readline module; exclude it)",
    "libhistory": "GNU readline's history library, GPL-3.0",
    "readline": "Python's readline module, linked to GNU readline (GPL-3.0); exclude it",
    "libx265": "x265 HEVC encoder, GPL-2.0 (pillow-heif's wheels; use pi-heif)",
    "libx264": "x264 encoder, GPL-2.0",
    "libgdbm": "GNU dbm, GPL-3.0 (Python's dbm.gnu; exclude _gdbm)",
    "libgdbm_compat": "GNU dbm, GPL-3.0",
    "_gdbm": "Python's dbm.gnu, linked to GNU dbm (GPL-3.0); exclude it",
    "libpoppler": "Poppler, GPL-2.0",
    "libgs": "Ghostscript, AGPL-3.0",
    "libmupdf": "MuPDF, AGPL-3.0",
    "libfftw3": "FFTW, GPL-2.0",
    "libxvidcore": "Xvid, GPL-2.0",
    "libcdio": "libcdio, GPL-3.0",
}
# Python packages whose presence alone is the problem (their wheels bundle GPL code).
KNOWN_GPL_PACKAGES = {"pillow_heif": "pillow-heif: its binary wheels bundle x265 (GPL-2.0); use pi-heif"}


def stem(name: str) -> str:
    """`libreadline.so.8.2` -> `libreadline`; `readline.cpython-311-x86_64-linux-gnu.so` -> `readline`."""
    base = name.split(".", 1)[0]
    return re.sub(r"-[0-9a-f]{8}$", "", base)  # auditwheel's hash suffix: libx265-1a2b3c4d.so


def shared_libraries(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and SHARED_LIBRARY.search(p.name))


def problems(bundle: Path) -> list[str]:
    found = []
    for lib in shared_libraries(bundle):
        why = KNOWN_GPL.get(stem(lib.name))
        if why:
            found.append(f"{lib.relative_to(bundle)}: {why}")
    for folder in sorted(p for p in bundle.rglob("*") if p.is_dir()):
        why = KNOWN_GPL_PACKAGES.get(folder.name.removesuffix(".libs"))
        if why:
            found.append(f"{folder.relative_to(bundle)}/: {why}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the frozen app's folder")
    parser.add_argument("--list", action="store_true", help="also list every shared library with its size")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"gpl_check: {args.bundle}: no such folder", file=sys.stderr)
        return 2
    libs = shared_libraries(args.bundle)
    if args.list:
        for lib in libs:
            print(f"{lib.stat().st_size / 1e6:8.2f} MB  {lib.relative_to(args.bundle)}")
    found = problems(args.bundle)
    for line in found:
        print(f"GPL: {line}", file=sys.stderr)
    if found:
        print(f"gpl_check: {len(found)} GPL component(s) in {args.bundle}; the build must not ship.", file=sys.stderr)
        return 1
    print(f"gpl_check: {len(libs)} shared libraries, none of them known GPL.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
