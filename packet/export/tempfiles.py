"""Temporary files of an export: private while written, named so a later export can tell whose they are.

Every file an export writes first goes to `.packet-export.<pid>.<random><kind>.part` beside the target, created
readable by the user alone (0600): it holds the client's pages. A killed export cannot remove its own, so each
export (and opening a packet) removes the ones whose process is gone.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

PREFIX = ".packet-export."
SUFFIX = ".part"
_OWNER = re.compile(r"^\.packet-export\.(\d+)\.")
UNOWNED_AGE_S = 3600.0  # a temp file without an owner's pid (older Packet) is stale after an hour untouched
OWNED_AGE_S = 7 * 86400.0  # pids are reused: past a week, an owner that looks alive is not that export


def new_temp(where: Path, kind: str = "") -> Path:
    """A new, empty temporary file in `where`, mode 0600, owned by this process by name."""
    fd, name = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}.", suffix=f"{kind}{SUFFIX}", dir=where)
    os.close(fd)  # mkstemp creates it 0600 whatever the umask
    return Path(name)


def is_temp(name: str) -> bool:
    return name.startswith(PREFIX) and name.endswith(SUFFIX)


def remove_stale_temps(folder: Path) -> list[str]:
    """Remove the export temporaries in `folder` whose export is no longer running; returns their names.

    Never raises: a folder that cannot be listed, or a file that cannot be removed, is left as it is.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not is_temp(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            owner = _OWNER.match(entry.name)
            if owner:
                pid = int(owner.group(1))
                if pid == os.getpid() or (_alive(pid) and age < OWNED_AGE_S):
                    continue
            elif age < UNOWNED_AGE_S:
                continue
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill would end the process there; the age rule decides instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
