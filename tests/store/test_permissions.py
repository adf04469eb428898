"""A packet is private to its owner: its folder 0700, every file in it 0600, also packets made before."""

from __future__ import annotations

import os
import sys

import pytest

from packet.cli import main
from packet.store.folder import open_packet

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def modes(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)) or ".": p.stat().st_mode & 0o777 for p in [folder, *folder.rglob("*")]}


def test_a_new_packet_and_what_is_added_are_private(tmp_path, make_pdf, make_image, capsys):
    old = os.umask(0o022)  # the usual default: without care, folders 0755 and files 0644
    try:
        assert main(["new", str(tmp_path / "Lopez")]) == 0
        assert main(["add", str(tmp_path / "Lopez.packet"), str(make_pdf("lease.pdf")),
                     str(make_image("photo.png", size=(3000, 4000)))]) == 0
    finally:
        os.umask(old)
    found = modes(tmp_path / "Lopez.packet")
    folders = {k for k in found if (tmp_path / "Lopez.packet" / k).is_dir()}
    assert {".", "documents", "derived"} <= folders and any(k.startswith("derived/") for k in folders)
    assert {k: v for k, v in found.items() if k in folders} == {k: 0o700 for k in folders}
    assert {k: v for k, v in found.items() if k not in folders} == {k: 0o600 for k in found if k not in folders}


def test_an_older_packet_is_made_private_when_opened(tmp_path, make_pdf, capsys):
    assert main(["new", str(tmp_path / "Lopez")]) == 0
    folder = tmp_path / "Lopez.packet"
    for p in (folder, folder / "documents", folder / "derived"):
        p.chmod(0o755)
    open_packet(folder)
    assert {k: v for k, v in modes(folder).items() if k in (".", "documents", "derived")} == \
        {".": 0o700, "documents": 0o700, "derived": 0o700}
