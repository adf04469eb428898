"""Writing, checking and committing the files of one export: all of them, or none.

Each part is written by qpdf's writer straight to a private temporary file (0600) beside the target, then
opened again and checked as `qpdf --check` does (structure, every stream decodes, every page's content
parses) and for the planned page count and size. Only when every part and the manifest are written and
checked are they renamed into place, the manifest last; if a rename fails, the files already renamed are put
back as they were.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pikepdf

from packet.core.geometry import LETTER_H, LETTER_W
from packet.core.i18n import _
from packet.export.errors import CANCELLED, ExportCancelled, ExportError
from packet.export.tempfiles import new_temp
from packet.store.atomic import fsync_dir

MAX_PROBLEMS_SHOWN = 2


def check_names(names: list[Path]) -> None:
    """Refuse, before anything is written, names the file system cannot hold."""
    for path in names:
        try:
            limit = os.pathconf(path.parent, "PC_NAME_MAX")
        except (OSError, ValueError, AttributeError):
            limit = 255
        if len(os.fsencode(path.name)) > limit:
            raise ExportError(_("{value}...: this name is too long for the folder (at most {limit} bytes, with "
                                "the manifest's and parts' endings). Choose a shorter name; nothing was written.").format(
                                  value=path.name[:60], limit=limit))


def _stop_if(cancelled: Callable[[], bool]) -> Callable[[int], None]:
    """A qpdf progress callback that stops the write (by raising) once the user cancels."""
    def progress(_percent: int) -> None:
        if cancelled():
            raise ExportCancelled(_(CANCELLED))
    return progress


def write_pdf(pdf: pikepdf.Pdf, where: Path, cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Save `pdf` to a new private temporary file in `where` (streamed by qpdf, object streams on)."""
    tmp = new_temp(where)
    try:
        # Into the file we made (0600), not by name: pikepdf would write its own temporary file and rename it.
        with open(tmp, "r+b", buffering=1 << 20) as fh:
            pdf.save(fh, min_version="1.7", object_stream_mode=pikepdf.ObjectStreamMode.generate,
                     compress_streams=True, fix_metadata_version=False, preserve_pdfa=False,
                     progress=_stop_if(cancelled))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) or (isinstance(exc, pikepdf.PdfError) and "write" in str(exc).lower()):
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ExportError(_("{where}: the PDF could not be written ({reason}). Check the free space and that "
                                "the folder is writable; no file was left behind.").format(
                                  where=where, reason=reason)) from exc
        raise
    return tmp


def write_bytes(data: bytes, where: Path, kind: str = "") -> Path:
    tmp = new_temp(where, kind)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(_("{where}: the manifest could not be written ({value}). Check the free space and that "
                            "the folder is writable; no file was left behind.").format(
                              where=where, value=exc.strerror or exc)) from exc
    return tmp


def check_pdf(path: Path, expected_pages: int, name: str, cancelled: Callable[[], bool] = lambda: False) -> None:
    """qpdf's own check of a written file, as `qpdf --check` makes it, plus the plan's pages on US Letter.

    Like `qpdf --check`, qpdf reads the file back, checks its document structures, and writes it to nowhere
    with every stream decoded (generalized filters) and every page's content tokenised; anything it has to
    say is a failure. All of it runs inside qpdf, so it costs about one more write of the file.
    """
    try:
        with pikepdf.open(path) as pdf:
            problems = list(pdf.get_warnings())
            pdf._check_document_structures()
            pages = len(pdf.pages)
            odd = [n for n, p in enumerate(pdf.pages, start=1) if not _is_letter(p.obj.get("/MediaBox"))]
            pdf.save(os.devnull, compress_streams=False, normalize_content=True, fix_metadata_version=False,
                     preserve_pdfa=False,
                     stream_decode_level=pikepdf.StreamDecodeLevel.generalized, progress=_stop_if(cancelled))
            problems += pdf.get_warnings()
    except ExportCancelled:
        raise
    except Exception as exc:
        raise ExportError(_("{name}: the written PDF could not be read back ({error}); nothing was saved. Please "
                            "report this with the packet.").format(name=name, error=exc)) from exc
    if problems:
        shown = "; ".join(str(p)[:200] for p in problems[:MAX_PROBLEMS_SHOWN])
        raise ExportError(_("{name}: the written PDF failed its check ({shown}); nothing was saved. Please "
                            "report this with the packet.").format(name=name, shown=shown))
    if pages != expected_pages:
        raise ExportError(_("{name}: the written PDF has {pages} pages instead of the {expected_pages} planned; "
                            "nothing was saved. Please report this with the packet.").format(
                              name=name, pages=pages, expected_pages=expected_pages))
    if odd:
        raise ExportError(_("{name}: page {value} of the written PDF is not US Letter; nothing was saved. Please "
                            "report this.").format(name=name, value=odd[0]))


def _is_letter(box) -> bool:
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        return False
    return abs(x1 - x0 - LETTER_W) <= 0.5 and abs(y1 - y0 - LETTER_H) <= 0.5


def commit(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each (temporary, final) pair into place, in order; on any failure, undo the renames done."""
    if not pairs:
        return
    mode = 0o666 & ~_umask()  # the exported files are ordinary documents, unlike their temporaries
    done: list[tuple[Path, Path | None]] = []  # (final, backup of what it replaced)
    try:
        for tmp, final in pairs:
            os.chmod(tmp, mode)
            backup = _keep_old(final)
            done.append((final, backup))
            os.replace(tmp, final)
        fsync_dir(pairs[0][1].parent)
    except OSError as exc:
        for final, backup in reversed(done):
            try:
                if backup is not None and final.exists() and os.path.samefile(backup, final):
                    backup.unlink()  # the new file never got there (rename between links does nothing)
                elif backup is not None:
                    os.replace(backup, final)  # the earlier file back
                else:
                    final.unlink(missing_ok=True)  # nothing was there before
            except OSError:
                pass
        for tmp, _final in pairs:
            tmp.unlink(missing_ok=True)
        raise ExportError(_("{value}: could not be put in place ({value2}). Check the free space and that the "
                            "folder is writable; the earlier files were left as they were.").format(
                              value=pairs[0][1], value2=exc.strerror or exc)) from exc
    for _final, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _keep_old(final: Path) -> Path | None:
    """A hard link to the file `final` names now (to put it back if the commit fails), or None if none."""
    if not final.exists():
        return None
    backup = new_temp(final.parent, ".old")
    backup.unlink()
    try:
        os.link(final, backup)
    except OSError:  # no hard links here (FAT, some network drives): move it aside instead
        os.replace(final, backup)
    return backup


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask, read once (reading it means setting it, which another thread could notice)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
