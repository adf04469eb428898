"""Writes that either happen whole or not at all: temp file in the same folder, flush, fsync, rename.

Temp files are created 0600 (only the user can read them: packets hold passports and medical records) and are
removed when the write fails for any reason, so a full disk leaves the folder exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prepare_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to a synced temp file beside `path` and return it; `commit_atomic` puts it in place.

    Splitting the two lets a caller do other writes in between (the backup of packet.json) and still leave
    everything as it was when any of them fails.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        discard(Path(tmp))
        raise
    return Path(tmp)


def commit_atomic(tmp: Path, path: Path, sync_dir: bool = True) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    if sync_dir:
        fsync_dir(Path(path).parent)


def discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes, sync_dir: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one, never a mix."""
    commit_atomic(prepare_atomic(path, data), path, sync_dir)


def remove_stale_temps(folder: Path) -> None:
    """Temp files left by a crash mid-write (never the real files). Only call it while no one else writes here."""
    for p in folder.rglob(f".*{TEMP_SUFFIX}"):
        try:
            p.unlink()
        except OSError:
            pass
