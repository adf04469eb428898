"""A sample packet to try Packet on: `python -m packet.sample OUT.packet [--force]`.

Draws its own documents (a request letter, a birth certificate, pay stubs, letters, a phone photo and a school
record), every one marked SAMPLE and about invented people only (case.py), then imports them through the store
exactly as the app would and fills in the packet with the same core actions the window and the command line use.
The output is the same every time (fixed text and dates, no randomness, reportlab's invariant mode), small (well
under 3 MB) and quick to make (about a second).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from packet.core import actions
from packet.core.templates import apply_template
from packet.sample.case import COVER_VALUES, ITEMS, RESPONDENT, TEMPLATE
from packet.sample.drawing import register_fonts
from packet.sample.letters import medical_letter, pastor_letter, request_letter
from packet.sample.photo import award_photo
from packet.sample.records import birth_certificate, pay_stub, school_record
from packet.store.folder import BACKUP_FILE, PACKET_FILE, PacketError, create_packet, packet_path
from packet.store.intake import REJECT, add_files
from packet.store.template_library import find_template

DRAWERS: dict[str, Callable[[Path], None]] = {
    "pd_request_letter_2026-09-14.pdf": request_letter,
    "birth_certificate_ana.pdf": birth_certificate,
    "paystub_2026-07.pdf": lambda p: pay_stub(p, "July 2026", ("07/01/2026", "07/31/2026"), "07/31/2026",
                                               186.0, 7, detail_page=True),
    "paystub_2026-08.pdf": lambda p: pay_stub(p, "August 2026", ("08/01/2026", "08/31/2026"), "08/31/2026",
                                               183.5, 8, detail_page=False),
    "medical_letter_dr_raman.pdf": medical_letter,
    "support_letter_rev_adeyemi.pdf": pastor_letter,
    "IMG_20251115_143210.jpg": award_photo,
    "school_attendance_record_ana.pdf": school_record,
}


def draw_documents(folder: Path) -> list[Path]:
    """Draw every sample document into `folder`; returns their paths in packet order."""
    register_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in ITEMS:
        path = folder / item.file
        DRAWERS[item.file](path)
        paths.append(path)
    return paths


def _clear(folder: Path) -> None:
    """Remove an earlier sample packet; anything that is not a packet folder is refused, never deleted."""
    if not folder.is_dir() or folder.is_symlink():
        raise PacketError(f"{folder}: exists and is not a packet folder; not replacing it.")
    if not any(folder.iterdir()) or (folder / PACKET_FILE).exists() or (folder / BACKUP_FILE).exists():
        shutil.rmtree(folder)
        return
    raise PacketError(f"{folder}: exists and is not a packet folder (it has no {PACKET_FILE}); not deleting it.")


def build_sample(out: Path, force: bool = False, template: str = TEMPLATE) -> Path:
    """Create the sample packet at `out` (".packet" is added if missing) and return its folder.

    It is shaped by the OPLA request template, as its lead letter is addressed to OPLA; `template` gives another
    shape (the tests of court filings build it on "blank", the court cover and no expected evidence)."""
    target = packet_path(Path(out))
    if target.exists() or target.is_symlink():
        if not force:
            raise PacketError(f"{target}: already exists. Use --force to replace it.")
        _clear(target)
    with tempfile.TemporaryDirectory(prefix="packet-sample-") as tmp:
        paths = draw_documents(Path(tmp))
        pf = create_packet(target, name=f"SAMPLE - {RESPONDENT}")
        apply_template(pf.packet, find_template(template))
        # The counsel's letter tells the story in its own order and cites the tabs in it: keep that order rather
        # than the template's grouping by factor (the Factors tab or 'packet sort' groups it in one step).
        actions.set_export_settings(pf.packet, group_index_by_factor=False)
        actions.set_cover_values(pf.packet, COVER_VALUES)
        pf.save()
        for item, path in zip(ITEMS, paths, strict=True):
            # One file per call: add_files only uses `title` for a single file, and a single file needs no pool.
            (result,) = add_files(pf, [path], factors=item.factors, title=item.title, lead=item.lead, workers=1)
            if result.verdict == REJECT or not result.exhibit_id:
                raise PacketError(f"sample document {item.file} was not added: {'; '.join(result.messages)}")
            actions.set_details(pf.packet, result.exhibit_id, date=item.date, description=item.description)
            if any(s.id == item.slot for s in pf.packet.slots):
                actions.fill_slot(pf.packet, result.exhibit_id, item.slot)
        pf.save()
    return pf.path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m packet.sample",
        description="Create a sample packet (fictional documents, all marked SAMPLE) to try Packet on.",
    )
    parser.add_argument("out", metavar="OUT_DIR.packet", help="where to create the packet")
    parser.add_argument("--force", action="store_true", help="replace OUT if it is an existing packet folder")
    args = parser.parse_args(argv)
    try:
        path = build_sample(Path(args.out), force=args.force)
    except PacketError as exc:
        print(f"packet.sample: {exc}", file=sys.stderr)
        return 1
    print(f"Created sample packet {path}")
    return 0
