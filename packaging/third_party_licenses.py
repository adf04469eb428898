"""Write THIRD-PARTY-LICENSES for a frozen build, from what is really in it: `python third_party_licenses.py DIST`.

Never hand-written, so it cannot drift from the bundle:
- every Python distribution the app runs on (the dependency tree of `packet`, read from the installed wheels'
  metadata) with the licence files its wheel ships; Qt for Python's wheels ship none, so the LGPL-3.0 text (and
  the GPL-3.0 it builds on) come from packaging/licenses/;
- Python itself (its LICENSE.txt);
- on Debian-like systems, every system library PyInstaller copied in, with its package's copyright file.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
# Wheels that carry no licence file of their own, and the texts that apply to what they ship.
LICENCE_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "pyside6-pdf": ("LGPL-3.0.txt",),
    "shiboken6": ("LGPL-3.0.txt",),
}
# Where a wheel offers a choice of licences, the one Packet takes; or what its binary wheel adds.
AS_SHIPPED = {"pyside6-essentials": "used under LGPL-3.0-only; Qt's bundled ICU: Unicode-3.0",
              "pyside6-pdf": "used under LGPL-3.0-only",
              "shiboken6": "used under LGPL-3.0-only", "cryptography": "used under Apache-2.0",
              "pi-heif": "its binary wheel: LGPL-3.0, for the bundled libheif and libde265"}
SHARED_LIBRARY = re.compile(r"\.(so(\.\d+)*|dll|dylib)$")
RULE = "=" * 100


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = "packet") -> list[metadata.Distribution]:
    """`root` and everything it needs at run time (no extras), in a stable order."""
    found: dict[str, metadata.Distribution] = {}

    def walk(name: str) -> None:
        key = normalise(name)
        if key in found:
            return
        dist = metadata.distribution(name)
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                walk(req.name)

    walk(root)
    return [found[k] for k in sorted(found)]


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a distribution declares (SPDX expression, else License field, else classifiers), and the
    one Packet takes where there is a choice."""
    meta = dist.metadata
    field = (meta.get("License") or "").strip()
    classifiers = "; ".join(c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                            if c.startswith("License"))
    declared = (meta.get("License-Expression") or (field if field and "\n" not in field and len(field) < 100 else "")
                or classifiers or (field.splitlines()[0] if field else "unknown"))
    shipped = AS_SHIPPED.get(normalise(meta["Name"]))
    return f"{declared} ({shipped})" if shipped else declared


def licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(name, text) of every licence file the wheel ships, else the texts LICENCE_TEXTS names for it."""
    out = []
    for entry in dist.files or []:
        parts = entry.parts
        if len(parts) >= 2 and parts[0].endswith(".dist-info") and (
                parts[1] == "licenses" or re.match(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", parts[-1], re.I)):
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                out.append(("/".join(parts[1:]), path.read_text(encoding="utf-8", errors="replace")))
    if not out:
        for name in LICENCE_TEXTS.get(normalise(dist.metadata["Name"]), ()):
            out.append((name, (HERE / "licenses" / name).read_text(encoding="utf-8")))
    return out


def bundled_libraries(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and SHARED_LIBRARY.search(p.name))


def system_copyright(library: Path) -> tuple[str, Path] | None:
    """For a library copied from the system (e.g. libz.so.1): its Debian package and copyright file."""
    for folder in ("/lib", "/usr/lib", "/lib64", "/usr/lib64"):
        for sub in ("", "/x86_64-linux-gnu", "/aarch64-linux-gnu"):
            candidate = Path(folder + sub) / library.name
            if not candidate.exists():
                continue
            try:
                done = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                return None
            if done.returncode == 0:
                package = done.stdout.split(":", 1)[0].strip()
                copyright_file = Path("/usr/share/doc") / package / "copyright"
                if copyright_file.is_file():
                    return package, copyright_file
    return None


def from_a_wheel(library: Path, bundle: Path) -> bool:
    """Libraries under a package folder (PySide6/Qt/lib, pi_heif.libs, ...) come with a wheel listed above."""
    rel = library.relative_to(bundle).parts
    return len(rel) > 2 or (len(rel) == 2 and rel[0] not in ("_internal", "lib-dynload"))


def render(bundle: Path | None) -> str:
    chunks = ["Third-party software in this build of Packet (Packet itself: Apache-2.0, see LICENSE).",
              "Generated by packaging/third_party_licenses.py from the installed wheels; not edited by hand.",
              "The LGPL-3.0 libraries (Qt, Qt for Python, libheif, libde265) are separate shared libraries in this",
              "folder: you may replace them with your own builds of the same versions.", ""]
    dists = [d for d in runtime_distributions() if normalise(d.metadata["Name"]) != "packet"]
    chunks.append("Contents:")
    chunks += [f"  {d.metadata['Name']} {d.version}: {licence_of(d)}" for d in dists]
    chunks.append(f"  Python {sys.version.split()[0]}: PSF-2.0")
    system = []
    if bundle is not None:
        seen = set()
        for lib in bundled_libraries(bundle):
            if from_a_wheel(lib, bundle) or lib.name.startswith("libpython"):
                continue
            found = system_copyright(lib)
            if found and found[0] not in seen:
                seen.add(found[0])
                system.append((lib.name, *found))
        chunks += [f"  {name} (system package {package})" for name, package, _ in system]
    for d in dists:
        chunks += ["", RULE, f"{d.metadata['Name']} {d.version}: {licence_of(d)}", RULE]
        for name, text in licence_files(d):
            chunks += [f"--- {name} ---", text.rstrip(), ""]
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if not python_licence.is_file():
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"
    chunks += ["", RULE, f"Python {sys.version.split()[0]}: PSF-2.0", RULE]
    chunks.append(python_licence.read_text(encoding="utf-8", errors="replace").rstrip()
                  if python_licence.is_file() else "See https://docs.python.org/3/license.html")
    for name, package, copyright_file in system:
        chunks += ["", RULE, f"{name}: from the system package {package}", RULE,
                   copyright_file.read_text(encoding="utf-8", errors="replace").rstrip()]
    return "\n".join(chunks) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, nargs="?", help="the frozen app's folder (dist/Packet)")
    parser.add_argument("-o", "--output", type=Path, help="where to write (default: BUNDLE/THIRD-PARTY-LICENSES)")
    args = parser.parse_args(argv)
    if args.bundle is None and args.output is None:
        parser.error("give the bundle folder, or -o FILE to write the Python part only")
    out = args.output or args.bundle / "THIRD-PARTY-LICENSES"
    out.write_text(render(args.bundle), encoding="utf-8")
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
