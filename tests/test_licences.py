"""Licences: Packet's own (Apache-2.0) said the same everywhere, every library it runs on listed in the About box,
none of them GPL, and the bundle checker catching GPL libraries."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PACKAGING = PROJECT_ROOT / "packaging"


def load_script(name: str):
    """A script from packaging/ as a module (packaging/ is not a package; its scripts import each other)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(PACKAGING))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(PACKAGING))
    return module


def test_the_licence_is_apache_2_everywhere():
    text = (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    meta = ElementTree.parse(PACKAGING / "linux" / "org.packet.Packet.metainfo.xml").getroot()
    assert meta.findtext("project_license") == "Apache-2.0"
    pytest.importorskip("PySide6.QtWidgets")
    from packet.ui.about import LICENCE, about_text

    assert LICENCE == "Apache-2.0"
    assert "Licence: Apache-2.0" in about_text()


def test_about_lists_every_library_the_app_runs_on():
    """A new dependency cannot ship without the About box saying its licence."""
    pytest.importorskip("PySide6.QtWidgets")
    from packet.ui.about import LIBRARIES

    tpl = load_script("third_party_licenses")
    installed = {tpl.normalise(d.metadata["Name"]) for d in tpl.runtime_distributions()} - {"packet"}
    listed = {tpl.normalise(name) for name, _, _ in LIBRARIES}
    assert listed == installed, f"missing from About: {installed - listed}; not installed: {listed - installed}"
    assert "pi-heif" in installed and "pillow-heif" not in installed


def test_no_library_is_gpl_only():
    """Each library's licence, as the About box and its metadata say, allows shipping it with Apache-2.0 code."""
    pytest.importorskip("PySide6.QtWidgets")
    from packet.ui.about import LIBRARIES

    def gpl_only(licence: str) -> bool:
        # "LGPL-3.0-only OR GPL-2.0-only" offers the LGPL; "GPLv2" alone does not.
        options = re.split(r"\s+OR\s+|;", licence.split("(")[0])
        return bool(options) and all(re.search(r"(?<!L)GPL", o) for o in options if o.strip())

    for name, licence, _ in LIBRARIES:
        assert not gpl_only(licence), f"{name}: {licence}"
    tpl = load_script("third_party_licenses")
    for dist in tpl.runtime_distributions():
        assert not gpl_only(tpl.licence_of(dist)), f"{dist.metadata['Name']}: {tpl.licence_of(dist)}"
    assert gpl_only("GPLv2") and gpl_only("GPL-3.0-or-later") and not gpl_only("LGPL-3.0-only OR GPL-2.0-only")


def test_third_party_file_has_every_licence_text(tmp_path):
    tpl = load_script("third_party_licenses")
    out = tmp_path / "THIRD-PARTY-LICENSES"
    assert tpl.main(["-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for dist in tpl.runtime_distributions():
        if tpl.normalise(dist.metadata["Name"]) != "packet":
            assert f"{dist.metadata['Name']} {dist.version}: " in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt for Python ships no text of its own
    assert "libde265" in text  # pi-heif's bundled libraries and their licence
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text
    assert "Permission is hereby granted" in text  # MIT texts are there in full


@pytest.mark.parametrize("name, flagged", [
    ("libreadline.so.8", True), ("readline.cpython-311-x86_64-linux-gnu.so", True),
    ("libx265-2f3a4b5c.so.199", True), ("_gdbm.cpython-311-x86_64-linux-gnu.so", True),
    ("libheif-7a3e919c.so.1.23.0", False), ("libQt6Core.so.6", False), ("libz.so.1", False),
])
def test_gpl_check_flags_gpl_libraries(tmp_path, name, flagged, capsys):
    check = load_script("gpl_check")
    bundle = tmp_path / "Packet"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "libQt6Gui.so.6").write_bytes(b"\0")
    (bundle / "_internal" / name).write_bytes(b"\0")
    assert check.main([str(bundle)]) == (1 if flagged else 0)
    err = capsys.readouterr().err
    assert (name in err) == flagged


def test_gpl_check_flags_pillow_heif_folder(tmp_path):
    check = load_script("gpl_check")
    (tmp_path / "_internal" / "pillow_heif.libs").mkdir(parents=True)
    assert any("pillow-heif" in p for p in check.problems(tmp_path))
