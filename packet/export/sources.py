"""The packet's stored documents, as the export reads them: the one place export opens a document.

qpdf copies the pages (see `merge.py`) and reads their stream data straight from these files when the output
is written, so memory does not grow with the sources. A document intake repaired is read from its repaired
copy. Page-ready images are gathered into one temporary carrier PDF, one page per image, written a stream at a
time from the image files, so their bytes are never all held in memory either.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf

from packet.core.i18n import _
from packet.core.model import Document, PageImage
from packet.export.errors import ExportError
from packet.export.image_compression import ImageCompressor
from packet.export.tempfiles import new_temp
from packet.store.repair import PROOF_VERSION, Refused, prove

try:
    import resource as _rlimit  # POSIX only
except ImportError:  # Windows: no per-process limit to raise
    _rlimit = None  # type: ignore[assignment]


class Sources:
    """Source PDFs opened once per export and shared by every part; closed by `close()`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._pdfs: dict[str, pikepdf.Pdf] = {}
        self._carrier_path: Path | None = None
        self._checked: dict[str, Path] = {}  # repaired copies made now, of documents an older Packet added
        self._scratch: list[Path] = []
        self._images: dict[tuple[str, int], int] = {}  # (document, page) -> 1-based page of the carrier
        _raise_open_file_limit()

    def path_of(self, doc: Document) -> Path:
        """Where the export reads a document from: its repaired copy when intake made one, else the original."""
        return self._checked.get(doc.sha256) or self.folder / doc.pdf_file()

    def prove_unchecked(self, docs: list[tuple[Document, str]], where: Path) -> None:
        """Documents an older Packet added were never proved exportable: prove them now, as intake does now,
        and read a repaired copy (a private temporary file) where one is needed. `docs` pairs each with where
        it is in the packet ("Tab C"), for the message if it cannot be used."""
        for doc, where_in_packet in docs:
            if doc.kind != "pdf" or doc.proof >= PROOF_VERSION or doc.repaired or doc.sha256 in self._checked:
                continue
            try:
                data = (self.folder / doc.stored).read_bytes()
            except OSError:
                continue  # reported as missing when its pages are gathered
            try:
                proof = prove(data)
            except Refused as exc:
                raise ExportError(_("{original_name} ({where_in_packet}) {error} Then remove the exhibit and add "
                                    "the new file.").format(
                                      original_name=doc.original_name, where_in_packet=where_in_packet, error=exc)) from exc
            if proof.repaired is not None:
                path = new_temp(where, ".fix")
                self._scratch.append(path)
                path.write_bytes(proof.repaired)
                self._checked[doc.sha256] = path

    def pdf(self, doc: Document) -> pikepdf.Pdf:
        if doc.sha256 not in self._pdfs:
            self._pdfs[doc.sha256] = self._open(doc)
        return self._pdfs[doc.sha256]

    def _open(self, doc: Document) -> pikepdf.Pdf:
        path = self.path_of(doc)
        stored = doc.pdf_file()
        try:
            pdf = pikepdf.open(path, password="")
            if len(pdf.pages) < doc.pages:
                raise ExportError(_("{original_name}: its stored copy ({stored}) has {n_pages} pages, not the "
                                    "{pages} it had when added. Remove the exhibit and add the file again.").format(
                                      original_name=doc.original_name, stored=stored, n_pages=len(pdf.pages), pages=doc.pages))
        except FileNotFoundError as exc:
            raise ExportError(_("{original_name}: its stored copy ({stored}) is missing from the packet folder. "
                                "Remove the exhibit and add the file again.").format(
                                  original_name=doc.original_name, stored=stored)) from exc
        except pikepdf.PasswordError as exc:
            raise ExportError(_("{original_name}: its stored copy ({stored}) asks for a password. Remove the "
                                "exhibit and add the file again with its password.").format(
                                  original_name=doc.original_name, stored=stored)) from exc
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(_("{original_name}: its stored copy ({stored}) cannot be read ({error}). Remove "
                                "the exhibit and add the file again.").format(
                                  original_name=doc.original_name, stored=stored, error=_short(exc))) from exc
        return pdf

    # -- page-ready images -----------------------------------------------------------------------------------
    def prepare_images(self, wanted: list[tuple[Document, int, tuple[float, float]]], where: Path,
                       compressor: ImageCompressor | None = None) -> None:
        """Write the carrier PDF: a page per image page the export needs (document, 1-based page, the size in
        inches it is shown at), once; with a compressor, each image re-encoded for that size."""
        if self._carrier_path is not None:
            raise RuntimeError("the image carrier is written once per export")
        unique: dict[tuple[str, int], tuple[Document, int, tuple[float, float]]] = {}
        for d, n, shown in wanted:
            old = unique.get((d.sha256, n))
            unique[(d.sha256, n)] = (d, n, shown if old is None else max(old[2], shown))
        entries = [(key, d.page_images[n - 1], d, shown) for key, (d, n, shown) in unique.items()]
        if not entries:
            return
        path = new_temp(where, ".img")
        self._carrier_path = path
        with open(path, "r+b") as fh:
            self._images = _write_carrier(fh, self.folder, entries, compressor)

    def image_page(self, doc: Document, page: int) -> tuple[Path, int]:
        """The carrier file and its 1-based page showing one page of an image document."""
        assert self._carrier_path is not None, "prepare_images first"
        return self._carrier_path, self._images[(doc.sha256, page)]

    def close(self) -> None:
        for pdf in self._pdfs.values():
            pdf.close()
        self._pdfs.clear()
        if self._carrier_path is not None:
            self._carrier_path.unlink(missing_ok=True)
            self._carrier_path = None
        for path in self._scratch:
            path.unlink(missing_ok=True)
        self._scratch.clear()


def _write_carrier(fh, folder: Path, entries, compressor: ImageCompressor | None = None) -> dict[tuple[str, int], int]:
    """A minimal PDF with one page per entry, each holding its image as /PktImg, streamed to `fh`."""
    offsets: list[int] = []

    def obj(body: bytes, data: bytes | None = None) -> int:
        offsets.append(fh.tell())
        fh.write(f"{len(offsets)} 0 obj\n".encode() + body)
        if data is not None:
            fh.write(b"\nstream\n")
            fh.write(data)
            fh.write(b"\nendstream")
        fh.write(b"\nendobj\n")
        return len(offsets)

    fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(b"<< /Type /Pages /Kids [] /Count 0 >>")  # rewritten at the end, with the kids
    numbers: dict[tuple[str, int], int] = {}
    kids: list[int] = []
    for key, image, doc, shown in entries:
        try:
            data = (folder / image.file).read_bytes()
            head, payload = _image_dict(image, data)
            smaller = compressor.page_image(key, data, shown) if compressor is not None else None
            if smaller is not None:
                head, payload = smaller
        except (OSError, ValueError, struct.error, zlib.error) as exc:
            raise ExportError(_("{original_name}: its page-ready image is missing or damaged ({error}). Remove "
                                "it and add the file again.").format(
                                  original_name=doc.original_name, error=_short(exc))) from exc
        image_id = obj(head + b" /Length %d >>" % len(payload), payload)
        kids.append(obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /PktImg "
                        b"%d 0 R >> >> >>" % image_id))
        numbers[key] = len(kids)
    offsets.append(fh.tell())  # the page tree again, as object 2 (the later offset wins in the table)
    fh.write(b"2 0 obj\n<< /Type /Pages /Count %d /Kids [%s] >>\nendobj\n"
             % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)))
    table = [*offsets[:1], offsets[-1], *offsets[2:-1]]
    xref = fh.tell()
    fh.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(table) + 1))
    for off in table:
        fh.write(b"%010d 00000 n \n" % off)
    fh.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(table) + 1, xref))
    fh.flush()
    return numbers


def _image_dict(image: PageImage, data: bytes) -> tuple[bytes, bytes]:
    """The image XObject's dictionary (without /Length and the closing >>) and its stream data, never decoded."""
    if image.encoding == "png1":
        width, height, idat = _png_idat(data)
        return (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 /ColorSpace /DeviceGray "
                b"/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 1 /Columns %d >>"
                % (width, height, width)), idat
    width, height, components = _jpeg_size(data)
    space = {1: b"/DeviceGray", 3: b"/DeviceRGB", 4: b"/DeviceCMYK"}.get(components, b"/DeviceRGB")
    decode = b" /Decode [1 0 1 0 1 0 1 0]" if components == 4 else b""  # Adobe CMYK JPEGs are stored inverted
    return (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 /ColorSpace %s "
            b"/Filter /DCTDecode%s" % (width, height, space, decode)), data


def _png_idat(data: bytes) -> tuple[int, int, bytes]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("page image is not a PNG")
    pos, idat, width, height = 8, [], 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 1 or colour != 0 or interlace:
                raise ValueError("page image is not a plain 1-bit greyscale PNG")
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    payload = b"".join(idat)
    zlib.decompressobj().decompress(payload[:64])  # fail early on garbage
    return width, height, payload


def _jpeg_size(data: bytes) -> tuple[int, int, int]:
    """Width, height and number of components from a JPEG's frame header."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height, data[pos + 9]
        pos += 2 + length
    raise ValueError("page image is not a readable JPEG")


def _raise_open_file_limit() -> None:
    """qpdf keeps every source file open until the output is written: allow as many as the system lets us."""
    if _rlimit is None:
        return
    try:
        soft, hard = _rlimit.getrlimit(_rlimit.RLIMIT_NOFILE)
        want = hard if hard != _rlimit.RLIM_INFINITY else 65536
        if soft != _rlimit.RLIM_INFINITY and soft < want:
            _rlimit.setrlimit(_rlimit.RLIMIT_NOFILE, (want, hard))
    except (ValueError, OSError, AttributeError):
        pass


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]

