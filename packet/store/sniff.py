"""What a file really is, judged by its first bytes rather than its name."""

from __future__ import annotations

from dataclasses import dataclass

from packet.core.i18n import N_

# Formats Packet reads, with the file name endings people use for them.
EXTENSIONS = {
    "PDF": (".pdf",),
    "JPEG": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "PNG": (".png",),
    "TIFF": (".tif", ".tiff"),
    "GIF": (".gif",),
    "WEBP": (".webp",),
    "BMP": (".bmp", ".dib"),
    "HEIF": (".heic", ".heif", ".hif"),
    "AVIF": (".avif",),
}
STORED_EXTENSION = {fmt: exts[0] for fmt, exts in EXTENSIONS.items()}
STORED_EXTENSION["HEIF"] = ".heic"

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "pdf", "image" or "unknown"
    format: str  # one of EXTENSIONS' keys, or a description of what it is when unknown
    hint: str = ""  # for unknown files: what the user can do


def sniff(head: bytes) -> Sniffed:
    """Identify a file from its first few kilobytes."""
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf", "PDF")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "JPEG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "PNG")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "GIF")
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return Sniffed("image", "TIFF")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "WEBP")
    if head[:2] == b"BM" and len(head) > 14:
        return Sniffed("image", "BMP")
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
        if brands & _AVIF_BRANDS:
            return Sniffed("image", "AVIF")
        if brands & _HEIF_BRANDS:
            return Sniffed("image", "HEIF")
        return Sniffed("unknown", N_("a video or other media file"), N_("Take a still photo or screenshot of it instead."))
    return _describe_unknown(head)


def _describe_unknown(head: bytes) -> Sniffed:
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head or b"[Content_Types].xml" in head:
            return Sniffed("unknown", N_("an Office document (Word, Excel or PowerPoint)"),
                           N_("Open it in its program and save or print it as PDF, then add the PDF."))
        return Sniffed("unknown", N_("a zip archive"), N_("Unzip it and add the documents inside."))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Sniffed("unknown", N_("an old-style Office document (.doc, .xls)"),
                       N_("Open it in its program and save or print it as PDF, then add the PDF."))
    if head.startswith(b"{\\rtf"):
        return Sniffed("unknown", N_("a rich-text (RTF) document"), N_("Open it and print it to PDF, then add the PDF."))
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return Sniffed("unknown", N_("a web page (HTML)"), N_("Open it in a browser and print it to PDF, then add the PDF."))
    if head.startswith(b"%!PS"):
        return Sniffed("unknown", N_("a PostScript file"), N_("Convert it to PDF first (for example with a print-to-PDF)."))
    try:
        head.decode("utf-8")
        text = True
    except UnicodeDecodeError:
        text = False
    if text and head:
        return Sniffed("unknown", N_("plain text, not a PDF or an image"),
                       N_("If it is a document, print it to PDF and add the PDF."))
    return Sniffed("unknown", N_("not a PDF or an image Packet can read"),
                   N_("Packet takes PDF, JPEG, PNG, TIFF, GIF, WebP, BMP and HEIC files; convert it to PDF first."))


def extension_matches(name: str, fmt: str) -> bool:
    lower = name.lower()
    return any(lower.endswith(ext) for ext in EXTENSIONS.get(fmt, ()))
