"""Word and OpenDocument letters: recognised by content, converted once to PDF by LibreOffice, or refused clearly.

Letters of support often arrive as .docx. Packet does not read Word files itself: LibreOffice (free, found on the
PATH or in its usual install folder) converts them, headless, each conversion with a fresh temporary profile
(`-env:UserInstallation`) so two conversions never collide and the user's own LibreOffice settings are never
touched, and in its own process group so that a converter that hangs is killed, children and all, at the limit.

Phase 2, in intake (`store/intake.py`, in the worker, before the file is refused as unknown): when
`sniff_office(data)` names a format, `convert_to_pdf(data, name)` gives the PDF bytes, which are examined as any
PDF; the original is stored as `documents/<sha>.<ext>` and the PDF as `converted_path(sha)`, the Document records
`converted_from` (the office format), and the list marks it "converted: check the pages". Without LibreOffice,
`ConversionError(refusal_message(name, fmt))` is the file's refusal.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from packet.core.i18n import N_, _
from packet.store.folder import DERIVED

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

CONVERT_TIMEOUT_S = 180  # one file; LibreOffice starting with a fresh profile takes a few seconds of it
OFFICE_EXTENSIONS = {"DOCX": ".docx", "DOC": ".doc", "ODT": ".odt", "RTF": ".rtf"}
_WHAT = {"DOCX": N_("a Word document"), "DOC": N_("a Word document"), "ODT": N_("an OpenDocument text"),
         "RTF": N_("a rich-text (RTF) document")}
_WORD_TYPES = (b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml",
               b"ms-word.document.macroenabled.main+xml", b"ms-word.template.macroenabledtemplate.main+xml")
_ODF_TEXT = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


class ConversionError(Exception):
    """The file could not be made into a PDF; the message names it and says what to do."""


def sniff_office(data: bytes) -> str | None:
    """"DOCX", "DOC", "ODT" or "RTF" when the bytes are a word-processing document, else None.

    A .docx is a zip whose [Content_Types].xml declares a Word main part; an .odt a zip whose first entry,
    `mimetype`, says OpenDocument text; a .doc an OLE2 compound file with a WordDocument stream; RTF starts
    with `{\\rtf`. Spreadsheets and presentations are not letters and are left to the usual refusal.
    """
    if data.startswith(b"{\\rtf"):
        return "RTF"
    if data.startswith(_OLE2):
        return "DOC" if _WORD_STREAM in data[:4 * 1024 * 1024] else None
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if names and names[0] == "mimetype" and z.read("mimetype").strip() in _ODF_TEXT:
                return "ODT"
            if "[Content_Types].xml" in names:
                types = z.read("[Content_Types].xml").lower()
                if any(t in types for t in _WORD_TYPES):
                    return "DOCX"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def soffice_candidates() -> list[Path]:
    """Where LibreOffice usually lives when it is not on the PATH (Windows and macOS installers)."""
    out = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        base = os.environ.get(var)
        if base:
            out.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    return out


def find_soffice() -> str | None:
    """The LibreOffice program: `soffice` or `libreoffice` on the PATH, else the usual install folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in soffice_candidates():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def refusal_message(name: str, fmt: str) -> str:
    what = _(_WHAT.get(fmt, N_("a word-processing document")))
    program = "Word" if fmt in ("DOCX", "DOC") else _("your word processor")
    return (_("{name} is {what}. Install LibreOffice (free) so Packet can convert it, or save it as PDF from "
              "{program} and add the PDF.").format(name=name, what=what, program=program))


def converted_path(sha256: str) -> str:
    """Where the PDF made from a stored office document lives, relative to the packet folder."""
    return f"{DERIVED}/{sha256}/converted.pdf"


def convert_to_pdf(data: bytes, name: str, fmt: str | None = None, timeout: float = CONVERT_TIMEOUT_S,
                   soffice: str | None = None) -> bytes:
    """The document converted to PDF by LibreOffice. Raises ConversionError with a message for the user."""
    fmt = fmt or sniff_office(data)
    if fmt is None:
        raise ConversionError(_("{name} is not a Word, OpenDocument or RTF document.").format(name=name))
    program = soffice or find_soffice()
    if program is None:
        raise ConversionError(refusal_message(name, fmt))
    with tempfile.TemporaryDirectory(prefix="packet-convert-") as tmp:
        work = Path(tmp)
        source = work / f"letter{OFFICE_EXTENSIONS[fmt]}"
        source.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        cmd = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "pdf",
               "--outdir", str(out_dir), str(source)]
        stderr = _run(cmd, work, timeout, name)
        pdf = out_dir / "letter.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            detail = stderr.strip().splitlines()[-1][:200] if stderr.strip() else _("no PDF came out")
            raise ConversionError(_("{name}: LibreOffice could not convert it ({detail}). Open it in Word or "
                                    "LibreOffice to check it, save it as PDF, and add the PDF.").format(
                                      name=name, detail=detail))
        return pdf.read_bytes()


def _run(cmd: list[str], cwd: Path, timeout: float, name: str) -> str:
    """Run the converter in its own process group; at the time limit kill the whole group."""
    kwargs: dict = {"start_new_session": True} if os.name == "posix" else {
        "creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    try:
        with _converter_memory():
            proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, **kwargs)
    except OSError as exc:
        raise ConversionError(_("{name}: LibreOffice could not be started ({strerror}). Reinstall it, or save "
                                "the document as PDF and add the PDF.").format(name=name, strerror=exc.strerror)) from exc
    try:
        err = proc.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise ConversionError(_("{name}: converting it to PDF took longer than {timeout:.0f} seconds and was "
                                "stopped. Open it in Word or LibreOffice, save it as PDF, and add the PDF.").format(
                                  name=name, timeout=timeout)) from None
    return err.decode("utf-8", "replace")


@contextmanager
def _converter_memory() -> Iterator[None]:
    """LibreOffice starts with its own memory needs: an intake worker's address-space budget (RLIMIT_AS, which
    a child inherits) is lifted for the converter it starts, and put back at once. The time limit still holds."""
    if resource is None:  # pragma: no cover - Windows
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == hard:
        yield
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        except (ValueError, OSError):
            pass


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, timeout=60)
    except (ProcessLookupError, PermissionError, OSError, subprocess.SubprocessError):
        proc.kill()
