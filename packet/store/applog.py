"""Packet's log file: what was done and what went wrong, never what the documents say or who they are about.

One file, `packet.log`, in the user's log folder (platformdirs: ~/.local/state/Packet/log on Linux,
~/Library/Logs/Packet on macOS, %LOCALAPPDATA%\\Packet\\Logs on Windows; PACKET_LOG_DIR overrides it), rotated at
1 MB. Lines say which action ran, counts, durations, exit codes and exception types. Anything that could name a
person is redacted before it is written: file and folder names become a short hash (`<file 3f2a9c1e.pdf>`), quoted
text becomes `<text>`, long digit runs and A-numbers become `<number>`. Callers log counts and kinds, never titles,
names or document text; `redact()` is the safety net for exception messages.
"""

from __future__ import annotations

import hashlib
import logging
import logging.handlers
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

LOG_FILE = "packet.log"
MAX_BYTES = 1_000_000
BACKUPS = 2
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("packet")

# What redact() takes out, in one pass (so nothing it wrote is matched again): quoted text, an absolute path (up
# to the ": " that follows it in Packet's messages), a name with an extension, an A-number or a long number.
_SENSITIVE = re.compile(r"""(?P<quoted>'[^'\x00]*'|"[^"\x00]*"|«[^»\x00]*»|“[^”\x00]*”)
    |(?P<path>(?:[A-Za-z]:[\\/]|/|~[\\/])[^:'"\n\x00]*[^:'"\n\s.,;)\x00])
    |(?P<name>[^\s\\/:'"()<>\x00]+\.[A-Za-z][A-Za-z0-9]{0,7}\b)
    |(?P<number>\bA?-?\d{3}-?\d{3}-?\d{2,3}\b|\d{5,})""", re.X)
_SUFFIX = re.compile(r"(\.[a-z][a-z0-9]{0,7})*")


def log_dir() -> Path:
    env = os.environ.get("PACKET_LOG_DIR")
    return Path(env) if env else Path(platformdirs.user_log_dir("Packet", appauthor=False))


def file_tag(name: str | os.PathLike[str]) -> str:
    """A file or folder as the log shows it: a hash of its name, and its kind (extension)."""
    text = os.fspath(name)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    suffix = "".join(Path(text).suffixes[-2:])[:16].lower()
    if not _SUFFIX.fullmatch(suffix):
        suffix = ""
    return f"<file {digest}{suffix}>"


def redact(text: str, known: tuple[str | os.PathLike[str], ...] = ()) -> str:
    """A message with paths, file names, quoted text and numbers that could identify someone taken out.

    `known` are paths the caller handled (a verb's arguments): they, their absolute forms and their names are
    replaced first, so a relative name with spaces ("José Núñez.packet") is caught whole.
    """
    text = str(text).replace("\x00", "")
    held: list[str] = []

    def hold(replacement: str) -> str:
        held.append(replacement)
        return f"\x00{len(held) - 1}\x00"

    variants: set[str] = set()
    for item in known:
        path = Path(item)
        variants.update({os.fspath(item), str(path.absolute()), path.name, path.name.split(".")[0]})
    for variant in sorted((v for v in variants if len(v) >= 3), key=len, reverse=True):
        text = text.replace(variant, hold(file_tag(variant)))

    def replace(m: re.Match) -> str:
        kind = m.lastgroup
        return hold("<text>" if kind == "quoted" else "<number>" if kind == "number" else file_tag(m.group(0)))

    text = _SENSITIVE.sub(replace, text)
    return re.sub(r"\x00(\d+)\x00", lambda m: held[int(m.group(1))], text)


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file, best effort: a line that cannot be written (a full disk, a file size limit) is dropped
    quietly. logging's default prints a traceback to stderr, which would bury the message the user needs
    ("the disk is full") under one about the log."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup() -> Path | None:
    """Send Packet's log lines to the log file (again, if PACKET_LOG_DIR changed). Never fails the app: a log
    folder that cannot be written means no log, not an error."""
    target = log_dir() / LOG_FILE
    for handler in list(log.handlers):
        if isinstance(handler, logging.FileHandler):
            if Path(handler.baseFilename) == target.absolute():
                return target
            log.removeHandler(handler)
            handler.close()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return target


def log_exception(where: str, exc: BaseException, known: tuple[str | os.PathLike[str], ...] = ()) -> None:
    """An error as the log keeps it: its type, its redacted message, and where in Packet's code it was raised."""
    frames = []
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append(f"{Path(code.co_filename).stem}.{code.co_name}:{tb.tb_lineno}")
        tb = tb.tb_next
    log.error("%s: %s: %s%s", where, type(exc).__name__, redact(str(exc), known),
              f" (at {' < '.join(reversed(frames[-6:]))})" if frames else "")


def run_verb(verb: str, handler: Callable[[Any], int | None], args: object) -> int:
    """Run one command-line verb, logging it: how many files it was given, its exit code and how long it took."""
    files = getattr(args, "files", None)
    log.info("%s: start%s", verb, f" ({len(files)} path(s))" if isinstance(files, list) else "")
    start = time.perf_counter()
    try:
        code = int(handler(args) or 0)
    except BaseException as exc:
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            log.info("%s: %s after %.2f s", verb, type(exc).__name__, time.perf_counter() - start)
        else:
            log_exception(verb, exc, _paths_in(args))
        raise
    log.info("%s: exit %d in %.2f s", verb, code, time.perf_counter() - start)
    return code


def _paths_in(args: object) -> tuple[str, ...]:
    """The string arguments of a verb (packet, files, output...): the paths its messages may repeat."""
    found: list[str] = []
    for value in vars(args).values() if hasattr(args, "__dict__") else ():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (str, os.PathLike)) and not callable(item):
                found.append(os.fspath(item))
    return tuple(found)


def install_excepthook() -> None:
    """Uncaught exceptions (in the window's slots, for instance) are logged, then handled as before."""
    previous = sys.excepthook

    def hook(kind, exc, tb):
        if exc is not None and not isinstance(exc, KeyboardInterrupt):
            log_exception("uncaught", exc.with_traceback(tb))
        previous(kind, exc, tb)

    if getattr(sys.excepthook, "__name__", "") != "hook":
        sys.excepthook = hook
