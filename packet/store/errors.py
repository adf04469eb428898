"""The one error type of the store: something about a packet on disk the user must know.

Every message names the file, says what is wrong and what the user can do. The CLI prints it and exits 1; the
window shows it. Kept in its own module so that every store module (folder, lock, integrity) can raise it.
"""

from __future__ import annotations

import errno as _errno
import os as _os

from packet.core.i18n import N_, _


class PacketError(Exception):
    """Something about a packet on disk the user must know; the message names it and what to do."""


_FULL = {_errno.ENOSPC, _errno.EFBIG, getattr(_errno, "EDQUOT", -1)}
_DENIED = {_errno.EACCES, _errno.EPERM, _errno.EROFS}
# What was being done, as the message says it ("could not save the packet"): verbs in the infinitive.
DOING = {"write": N_("write"), "read": N_("read"), "save": N_("save"), "save the packet": N_("save the packet"),
         "create the packet folder": N_("create the packet folder"), "create the packet": N_("create the packet"),
         "open the packet": N_("open the packet"), "write the archive": N_("write the archive"),
         "read the archive": N_("read the archive")}



def os_problem(exc: OSError, path: str | _os.PathLike[str] | None = None, doing: str = "write") -> str:
    """Plain words for an OS error: the file, what went wrong, what to do (the packet was left as it was)."""
    named = path if path is not None else exc.filename  # the caller knows which file matters (not a temp name)
    where = _os.path.abspath(_os.fsdecode(named)) if named else _("the file")
    code = exc.errno
    verb = _(DOING[doing]) if doing in DOING else doing
    if code in _FULL:
        what = _("the disk is full, or the file is larger than this computer allows. Free some disk space (or "
                 "choose another disk) and try again")
    elif code in _DENIED:
        what = _("Packet may not {doing} there (the folder or file is read-only, or belongs to someone else). "
                 "Choose a folder you may write to, or fix its permissions").format(doing=verb)
    elif code == _errno.ENAMETOOLONG:
        what = _("the name or the path is too long for this computer. Choose a shorter name, or a folder nearer the "
                 "top")
    elif code == _errno.ENOENT:
        what = _("it is not there any more (deleted, moved, or a disk that was removed). Check the folder and try "
                 "again")
    elif code == _errno.ENOTDIR:
        what = _("a file is in the way where a folder is expected. Check the path")
    elif code == _errno.EISDIR:
        what = _("it is a folder, not a file. Check the path")
    else:
        what = _("{error}. Check the disk and try again").format(error=exc.strerror or type(exc).__name__)
    return _("{where}: could not {doing}: {what}.").format(where=where, doing=verb, what=what)



class PacketIOError(PacketError):
    """An OS error in plain words (disk full, read-only, name too long); nothing was left half-written."""

    def __init__(self, exc: OSError, path: str | _os.PathLike[str] | None = None, doing: str = "write"):
        super().__init__(os_problem(exc, path, doing))
        self.errno = exc.errno
