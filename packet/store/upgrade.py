"""Bringing packets made by earlier versions up to today's rules, once, when a writer opens them.

Earlier versions filed a page-sized JPEG byte for byte, metadata and all (the GPS position, the camera's serial
number, an appended video). Such a page now gets a clean copy in `derived/` (only the picture, as intake makes
today), and every JPEG page image a recorded SHA-256, so the export check covers it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from packet.core.model import Packet
from packet.store.atomic import write_atomic
from packet.store.layout import DERIVED, FOLDER_MODE
from packet.store.photo_privacy import NotAJpeg, strip_jpeg


def needs_upgrade(packet: Packet) -> bool:
    return any(img.file == doc.stored and img.encoding == "jpeg" and not img.sha256
               for doc in packet.documents.values() for img in doc.page_images)


def clean_reused_jpegs(root: Path, packet: Packet) -> None:
    """Give every JPEG page used as it was a metadata-free copy (caller holds the lock and saves)."""
    for doc in packet.documents.values():
        for n, img in enumerate(doc.page_images, start=1):
            if img.file != doc.stored or img.encoding != "jpeg" or img.sha256:
                continue
            try:
                data = (root / doc.stored).read_bytes()
                clean = strip_jpeg(data)
            except (OSError, NotAJpeg):
                continue  # missing or odd: the export check will say so
            if clean != data:
                rel = f"{DERIVED}/{doc.sha256}/p{n:04d}.jpg"
                (root / DERIVED / doc.sha256).mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
                write_atomic(root / rel, clean, sync_dir=False)
                img.file = rel
            img.sha256 = hashlib.sha256(clean).hexdigest()
