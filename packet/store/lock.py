"""One writer per packet: an advisory lock on the packet folder, and a `.lock` file naming its holder.

`.lock` holds the holder's pid, host, program and start time as JSON, so a refused writer can say who has the
packet ("in use by the Packet window, pid 1234 on laptop, since 14:02"); it is removed on release. The lock itself
is an OS lock (`flock` on the packet folder on POSIX, `msvcrt.locking` on the `.lock` file on Windows): the OS
drops it when its process dies, however it dies, so a crashed holder never leaves a packet stuck. Where the file
system has no locks, the record alone decides, and a holder is stale when its pid is gone on this host.

A second lock, on the `documents/` folder, is held shared by every intake that writes documents it has not yet
saved into packet.json; the clean-up of unnamed documents runs only when it can take that lock exclusively.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from packet.core.i18n import _
from packet.store.errors import PacketError
from packet.store.layout import DOCUMENTS

LOCK_FILE = ".lock"
DEFAULT_WAIT_S = 5.0
_POLL_S = 0.05
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks bytes, and locked bytes cannot be read: lock one far past the JSON

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


class LockError(PacketError):
    """The packet is in use by another writer; the message says who and what to do."""

    def __init__(self, message: str, holder: Holder | None = None):
        super().__init__(message)
        self.holder = holder


_program = "Packet"


def set_program_name(name: str) -> None:
    """How this process names itself in the lock ("the Packet window", "'packet add'")."""
    global _program
    _program = name


def program_name() -> str:
    return _program


def wait_seconds() -> float:
    """How long a writer waits for a held lock: PACKET_LOCK_WAIT seconds (default 5)."""
    try:
        return max(0.0, float(os.environ.get("PACKET_LOCK_WAIT", DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


@dataclass
class Holder:
    pid: int
    host: str
    program: str
    started: float

    @classmethod
    def me(cls, program: str) -> Holder:
        return cls(os.getpid(), socket.gethostname(), program, time.time())

    @classmethod
    def parse(cls, raw: bytes) -> Holder | None:
        try:
            d = json.loads(raw.decode("utf-8"))
            return cls(int(d["pid"]), str(d["host"]), str(d["program"]), float(d["started"]))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None

    def to_bytes(self) -> bytes:
        return json.dumps({"pid": self.pid, "host": self.host, "program": self.program,
                           "started": self.started}).encode("utf-8")

    def alive(self) -> bool:
        """False only when we can tell the holder is gone: same host, no such process."""
        if self.host != socket.gethostname():
            return True
        return pid_alive(self.pid)

    def describe(self) -> str:
        since = datetime.fromtimestamp(self.started)
        when = since.strftime("%H:%M") if since.date() == datetime.now().date() else since.strftime("%Y-%m-%d %H:%M")
        return _("{program}, pid {pid} on {host}, since {when}").format(
                   program=self.program, pid=self.pid, host=self.host, when=when)


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_os_lock(fd: int, exclusive: bool = True) -> bool | None:
    """True when locked, False when someone else holds it, None when the file system has no locks."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, getattr(errno, "ENOTSUP", -1)):
            return None
        raise


def _os_unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _lock_target(folder: Path) -> int:
    """What the OS lock is taken on: the packet folder itself on POSIX (nothing to create or clean up), the
    `.lock` file on Windows (which cannot lock folders)."""
    if sys.platform == "win32":  # pragma: no cover
        return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


class PacketLock:
    """The writer's lock on one packet folder. Not re-entrant: a second lock in the same process waits too."""

    def __init__(self, folder: Path, program: str | None = None):
        self.folder = Path(folder)
        self.program = program or _program
        self._fd: int | None = None
        self._wrote_record = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def path(self) -> Path:
        return self.folder / LOCK_FILE

    def acquire(self, wait: float | None = None) -> PacketLock:
        """Take the lock, waiting up to `wait` seconds (default `wait_seconds()`); LockError says who holds it."""
        if self._fd is not None:
            return self
        deadline = time.monotonic() + (wait_seconds() if wait is None else wait)
        while True:
            holder = self._attempt()
            if holder is None:
                return self
            if time.monotonic() >= deadline:
                raise LockError(_("{folder}: in use by {value}. Close it there, or wait until it is done and try "
                                  "again.").format(folder=self.folder, value=holder.describe()), holder)
            time.sleep(_POLL_S)

    def _attempt(self) -> Holder | None:
        """Lock once; None when taken, else who holds it."""
        try:
            fd = _lock_target(self.folder)
        except FileNotFoundError as exc:
            raise PacketError(_("{folder}: no packet here (it was moved or deleted).").format(folder=self.folder)) from exc
        except OSError as exc:
            raise PacketError(_("{folder}: cannot be opened for changes ({strerror}). Check that the folder is "
                                "yours, or copy the packet somewhere you may write.").format(
                                  folder=self.folder, strerror=exc.strerror)) from exc
        got = _try_os_lock(fd)
        current = read_holder(self.folder)
        if got is False or (got is None and current is not None and current.alive()
                            and current.pid != os.getpid()):
            os.close(fd)
            return current or Holder(0, "this computer", "another program", time.time())
        self._fd = fd
        self._wrote_record = _write_record(self.path, Holder.me(self.program))
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self._wrote_record and sys.platform != "win32":
            try:
                self.path.unlink()
            except OSError:
                pass
        elif self._wrote_record:  # pragma: no cover - Windows keeps the locked file; empty it
            _write_record(self.path, None)
        _os_unlock(fd)
        os.close(fd)

    def __enter__(self) -> PacketLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a lock nobody released (an exception unwinding) goes with its object
        try:
            self.release()
        except Exception:  # interpreter shutdown: the OS releases it with the process
            pass


def _write_record(path: Path, holder: Holder | None) -> bool:
    """Who holds the lock, for the messages of those refused; a read-only folder simply has none."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:
        return False
    try:
        if holder is not None:
            os.write(fd, holder.to_bytes())
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def read_holder(folder: Path) -> Holder | None:
    try:
        return Holder.parse((Path(folder) / LOCK_FILE).read_bytes()[:4096])
    except OSError:
        return None


@contextlib.contextmanager
def _documents_lock(folder: Path, exclusive: bool) -> Iterator[bool]:
    """An OS lock on the documents folder: shared by intakes, exclusive (never waiting) for the clean-up."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be locked: no clean-up while unsure
        yield not exclusive
        return
    try:
        fd = os.open(Path(folder) / DOCUMENTS, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield not exclusive
        return
    try:
        if exclusive:
            got = bool(_try_os_lock(fd, exclusive=True))
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
            except OSError:
                pass
            got = True
        yield got
    finally:
        _os_unlock(fd)
        os.close(fd)


@contextlib.contextmanager
def intake_guard(folder: Path) -> Iterator[None]:
    """Held while an intake writes documents it has not yet saved into packet.json: the clean-up waits."""
    with _documents_lock(folder, exclusive=False):
        yield


@contextlib.contextmanager
def no_intake_running(folder: Path) -> Iterator[bool]:
    """Yields True while no intake is writing into the folder (and none can start), False when one is."""
    with _documents_lock(folder, exclusive=True) as alone:
        yield alone
