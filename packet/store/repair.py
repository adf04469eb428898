"""Proving at intake that a PDF can be exported, read the way the export reads it (qpdf), or repairing it.

The export copies pages with qpdf and checks what it writes as `qpdf --check` does: every stream must decode
and every page's content must parse. So intake reads each page the same way: it decodes every stream a page
reaches (bounded: a stream that inflates past `MAX_INFLATED` bytes is a decompression bomb and is refused) and
parses every page's content with qpdf's parser. A file that passes is stored as it is. One that does not is
repaired in memory (qpdf rebuilds a broken cross-reference table when it opens a file; damaged streams keep
what can be decoded of them; content qpdf cannot parse is written back as qpdf understood it; a page tree that
loops is rebuilt flat), written out, and proved again: the copy that passes is stored beside the original,
which stays as it came. Hidden layers are flattened into the same kind of copy (see `layers.py`).
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name

from packet.core.i18n import _, ngettext
from packet.store.layers import flatten_layers, hidden_groups

PROOF_VERSION = 1  # Document.proof: 0 means not proven (added by an older Packet); the export proves those itself
MAX_INFLATED = 256 * 1024 * 1024  # bytes one stream may inflate to (a Letter page at 600 dpi in colour is ~100 MB)
MAX_OBJECTS = 2_000_000  # objects one document's pages may reach
_CHUNK = 1 << 20
FLATE = {"/FlateDecode", "/Fl"}
LZW = {"/LZWDecode", "/LZW"}
GENERALIZED = FLATE | LZW | {"/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx", "/RunLengthDecode", "/RL"}
_EXPANSION = {"/LZWDecode": 2730, "/LZW": 2730, "/RunLengthDecode": 128, "/RL": 128}  # worst case out/in
MAX_DECODED_BY_QPDF = 1024 * 1024 * 1024
_SKIP_KEYS = frozenset({"/Parent", "/P", "/Dest", "/Prev", "/Next", "/First", "/Last"})


class Refused(Exception):
    """The PDF cannot be exported, even repaired; the message says why (and starts lower-case: after the name)."""


@dataclass
class Proof:
    pages: int
    repaired: bytes | None = None  # the copy to store and export from, when the original needed repair
    messages: list[str] = field(default_factory=list)
    hidden_layers: int = 0


@dataclass
class _Findings:
    damaged_file: bool = False  # qpdf had to repair the file's structure to read it
    broken_tree: bool = False
    streams: dict[tuple[int, int], bytes] = field(default_factory=dict)  # damaged stream -> what could be read
    images: list[tuple[int, int]] = field(default_factory=list)  # JPEG images qpdf's decoder refuses
    content_pages: list[int] = field(default_factory=list)  # 0-based pages whose content does not parse

    @property
    def any(self) -> bool:
        return (self.damaged_file or self.broken_tree or bool(self.streams) or bool(self.images)
                or bool(self.content_pages))


def prove(data: bytes, password: str = "", rewrite: bool = False) -> Proof:
    """Check `data` as the export will read it; repair when needed (or when `rewrite`). Raises Refused."""
    pdf = _open(data, password)
    try:
        found = _examine(pdf)
        layers = len(hidden_groups(pdf))
        if not found.any and not layers and not rewrite:
            return Proof(_page_count(pdf))
        messages = _repair(pdf, found)
        if layers:
            flatten_layers(pdf)
            messages.append(_("has hidden layers ({layers} switched off in the document); the packet shows its "
                              "pages as a viewer does, without them.").format(layers=layers))
        buf = io.BytesIO()
        pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False,
                 preserve_pdfa=False)
    finally:
        pdf.close()
    repaired = buf.getvalue()
    again = _open(repaired, "")
    try:
        left = _examine(again)
        count = _page_count(again)
    finally:
        again.close()
    if left.any:
        raise Refused(_("is damaged in a way Packet cannot repair ({what}). Open it in a PDF viewer; if it shows "
                        "there, print it to a new PDF and add that, or ask the sender for a new copy.").format(
                            what=_describe(left)))
    return Proof(count, repaired, messages, layers)


def _open(data: bytes, password: str) -> pikepdf.Pdf:
    try:
        # not walking the page tree on opening: a tree that loops is repaired below, not refused here
        return pikepdf.open(io.BytesIO(data), password=password or "", inherit_page_attributes=False)
    except pikepdf.PasswordError as exc:
        raise Refused(_("needs a password to open. Add it again with its password.")) from exc
    except Exception as exc:
        raise Refused(_("is damaged beyond repair and cannot be read ({error}). Open it in a PDF viewer to "
                        "check; if it opens there, print it to a new PDF and add that, or ask the sender for a "
                        "new copy.").format(error=_short(exc))) from exc


def _page_count(pdf: pikepdf.Pdf) -> int:
    try:
        n = len(pdf.pages)
    except Exception as exc:
        raise Refused(_("has a page list Packet cannot read ({error}). Print it to a new PDF and add that.").format(
                          error=_short(exc))) from exc
    if n == 0:
        raise Refused(_("is a PDF with no pages in it. Check that you picked the right file, or export it again."))
    return n


# -- examining ------------------------------------------------------------------------------------------------------

def _examine(pdf: pikepdf.Pdf) -> _Findings:
    found = _Findings(damaged_file=bool(pdf.get_warnings()))
    try:
        pages = list(pdf.pages)
    except Exception:
        found.broken_tree = True
        pages = [pikepdf.Page(p) for p in _walk_tree(pdf)]
    seen: set[tuple[int, int]] = set()
    for page in pages:
        _check_streams(page.obj, seen, found)
    if found.streams:
        return found  # parse once the streams are mended: a damaged content stream cannot parse anyway
    for n, page in enumerate(pages):
        before = len(pdf.get_warnings())
        try:
            # qpdf's parser, as `qpdf --check` runs it; keeping no operator, so nothing comes back to Python
            pikepdf.parse_content_stream(page, "PKTNONE")
        except Exception:
            found.content_pages.append(n)
            continue
        if len(pdf.get_warnings()) > before:
            found.content_pages.append(n)
    return found


def _check_streams(page: Dictionary, seen: set[tuple[int, int]], found: _Findings) -> None:
    """Decode (bounded) every stream the page reaches; note the damaged ones with what could be read of them."""
    stack = [v for k, v in page.items() if k not in _SKIP_KEYS]
    if "/Resources" not in page:
        stack.append(_inherited(page, "/Resources"))
    while stack:
        obj = stack.pop()
        if not isinstance(obj, (Dictionary, Array, pikepdf.Stream)):
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            if len(seen) > MAX_OBJECTS:
                raise Refused(_("is too complex to check (millions of objects). Print it to a new PDF and add "
                                "that."))
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            stack.extend(obj)
            continue
        if obj.get("/Type") in (Name.Page, Name.Pages) and obj.is_indirect and obj.objgen != page.objgen:
            continue  # another page: checked on its own
        if isinstance(obj, pikepdf.Stream):
            if _filters(obj)[-1:] == ["/DCTDecode"] or _filters(obj)[-1:] == ["/DCT"]:
                if not _jpeg_decodes(obj):
                    found.images.append(obj.objgen)
            else:
                partial = _decode_check(obj)
                if partial is not None:
                    found.streams[obj.objgen] = partial
        stack.extend(v for k, v in obj.items() if k not in _SKIP_KEYS)


def _filters(stream: pikepdf.Stream) -> list[str]:
    f = stream.get("/Filter")
    if isinstance(f, Name):
        return [str(f)]
    if isinstance(f, Array):
        return [str(x) for x in f]
    return []


def _decode_check(stream: pikepdf.Stream) -> bytes | None:
    """None when the stream decodes; else what could be decoded of its generalized filters. Refuses bombs."""
    filters = _filters(stream)
    if not filters or any(f not in GENERALIZED for f in filters):
        return None  # unfiltered, or image codecs qpdf's check does not decode either
    try:
        raw = stream.read_raw_bytes()
    except Exception:
        return b""
    if all(f in FLATE for f in filters):
        data, ok = raw, True
        for _filter in filters:
            data, ok = _inflate(data)
            if not ok:
                return data
        return None
    worst = len(raw)
    for f in filters:
        worst *= _EXPANSION.get(f, 1)
    if worst > MAX_DECODED_BY_QPDF:  # qpdf decodes into memory: only when that cannot be a bomb
        if filters[0] in LZW:
            data, ok = _lzw(raw)
            return None if ok else data
        return None  # left to the export's check, which decodes it as qpdf does
    try:
        stream.read_bytes()
        return None
    except Exception:
        return _lzw(raw)[0] if filters[0] in LZW else b""


def _jpeg_decodes(stream: pikepdf.Stream) -> bool:
    """Whether qpdf's own JPEG decoder (as `qpdf --check` runs it) reads the image; huge ones are not tried."""
    try:
        size = int(stream.get("/Width", 0)) * int(stream.get("/Height", 0)) * 4
    except (TypeError, ValueError):
        size = 0
    if size <= 0 or size > MAX_INFLATED or len(_filters(stream)) > 1:
        return True  # left to the export's check
    try:
        stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.all)
    except Exception:
        return False
    return True


def _mend_jpeg(stream: pikepdf.Stream) -> None:
    """A JPEG qpdf cannot decode, decoded as far as it goes (Pillow) and encoded again; blank if nothing reads."""
    from PIL import Image, ImageFile

    width, height = int(stream.get("/Width", 1)), int(stream.get("/Height", 1))
    space = stream.get("/ColorSpace")
    mode = {"/DeviceGray": "L", "/DeviceCMYK": "CMYK"}.get(str(space), "RGB")
    image = None
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        with Image.open(io.BytesIO(stream.read_raw_bytes())) as im:
            im.load()
            image = im.convert(mode) if im.size == (width, height) else None
    except Exception:
        image = None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    if image is None:
        image = Image.new(mode, (width, height), "white" if mode != "CMYK" else (0, 0, 0, 0))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    stream.write(buf.getvalue(), filter=Name.DCTDecode)
    if "/Decode" in stream and mode == "CMYK":
        del stream["/Decode"]  # Pillow writes CMYK the Adobe way round again


def _inflate(data: bytes) -> tuple[bytes, bool]:
    """Inflate with a bound: (everything, True), or (what could be read, False) for damaged data."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    total = 0
    pos = 0
    try:
        while pos < len(data):
            chunk = d.decompress(data[pos : pos + _CHUNK], _CHUNK)
            pos += _CHUNK
            while True:
                total += len(chunk)
                if total > MAX_INFLATED:
                    raise Refused(_("holds a stream that inflates to more than {value} MB (a decompression bomb, "
                                    "or badly damaged). Packet will not take it; print the document to a new PDF "
                                    "and add that.").format(value=MAX_INFLATED // (1024 * 1024)))
                out.append(chunk)
                if not d.unconsumed_tail:
                    break
                chunk = d.decompress(d.unconsumed_tail, _CHUNK)
            if d.eof:
                break
        tail = d.flush()
        total += len(tail)
        if total > MAX_INFLATED:
            raise Refused(_("holds a stream that inflates past every sensible size (a decompression bomb). Print "
                            "the document to a new PDF and add that."))
        out.append(tail)
    except zlib.error:
        return b"".join(out), False
    return b"".join(out), d.eof


def _lzw(data: bytes) -> tuple[bytes, bool]:
    """LZW-decode (early change, as PDF writes it) with a bound: (everything, True), or (what came before the
    first bad code, False). qpdf stops at a bad code and keeps nothing."""
    out = bytearray()
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    width, bits, nbits, prev = 9, 0, 0, b""
    for byte in data:
        bits = ((bits << 8) | byte) & 0xFFFFFF
        nbits += 8
        while nbits >= width:
            nbits -= width
            code = (bits >> nbits) & ((1 << width) - 1)
            if code == 256:
                del table[258:]
                width, prev = 9, b""
                continue
            if code == 257:
                return bytes(out), True
            if code < len(table):
                entry = table[code]
            elif code == len(table) and prev:
                entry = prev + prev[:1]
            else:
                return bytes(out), False
            out += entry
            if len(out) > MAX_INFLATED:
                raise Refused(_("holds a stream that decodes to more than {value} MB (a decompression bomb, or "
                                "badly damaged). Print the document to a new PDF and add that.").format(
                                  value=MAX_INFLATED // (1024 * 1024)))
            if prev:
                table.append(prev + entry[:1])
            prev = entry
            if len(table) >= (1 << width) - 1 and width < 12:
                width += 1
    return bytes(out), True


def _walk_tree(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """The leaf pages of a page tree qpdf will not read (it loops, or holds odd nodes), each once, in order."""
    leaves: list[Dictionary] = []
    seen: set[tuple[int, int]] = set()
    stack = [pdf.Root.get("/Pages")]
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary) or not node.is_indirect or node.objgen in seen:
            continue
        seen.add(node.objgen)
        kids = node.get("/Kids")
        if isinstance(kids, Array):
            stack.extend(reversed(list(kids)))
        elif node.get("/Type") == Name.Page or "/Contents" in node or "/MediaBox" in node:
            leaves.append(node)
    return leaves


# -- repairing ----------------------------------------------------------------------------------------------------

def _repair(pdf: pikepdf.Pdf, found: _Findings) -> list[str]:
    what: list[str] = []
    if found.damaged_file:
        what.append(_("its structure was rebuilt"))
    if found.broken_tree:
        _flatten_tree(pdf)
        what.append(_("its page list was rebuilt"))
    for objgen, partial in found.streams.items():
        stream = pdf.get_object(objgen)
        parms = stream.get("/DecodeParms")
        if isinstance(parms, Array):
            parms = next((p for p in parms if isinstance(p, Dictionary)), None)
        kept = (Dictionary({k: v for k, v in parms.items() if k != "/EarlyChange"})
                if isinstance(parms, Dictionary) and "/Predictor" in parms else None)
        stream.write(zlib.compress(partial, 6), filter=Name.FlateDecode, decode_parms=kept)
    for objgen in found.images:
        _mend_jpeg(cast(pikepdf.Stream, pdf.get_object(objgen)))
    if found.images:
        what.append(ngettext("{n} damaged image was kept as far as it could be read",
                             "{n} damaged images were kept as far as they could be read", len(found.images)).format(
                                 n=len(found.images)))
    if found.streams:
        what.append(ngettext("{n} damaged part was kept as far as it could be read",
                             "{n} damaged parts were kept as far as they could be read", len(found.streams)).format(
                                 n=len(found.streams)))
        found.content_pages = _examine(pdf).content_pages  # now that the streams decode, check their content
    for n in found.content_pages:
        page = pdf.pages[n]
        try:
            instructions = pikepdf.parse_content_stream(page)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        except Exception:
            page.obj.Contents = pdf.make_stream(b"")
    if found.content_pages:
        what.append(ngettext("the drawing of {n} page was rewritten as far as it could be read",
                             "the drawing of {n} pages was rewritten as far as it could be read",
                             len(found.content_pages)).format(n=len(found.content_pages)))
    if not what:
        return []
    return [_("was damaged and has been repaired ({what}); check its pages in the exported packet.").format(
        what="; ".join(what))]


def _flatten_tree(pdf: pikepdf.Pdf) -> None:
    leaves = _walk_tree(pdf)
    tree = pdf.make_indirect(Dictionary(Type=Name.Pages, Kids=Array(), Count=0))
    for leaf in leaves:
        for key in ("/Resources", "/MediaBox", "/CropBox", "/Rotate"):
            if key not in leaf:
                value = _inherited(leaf, key)
                if value is not None:
                    leaf[key] = value
        leaf.Parent = tree
        tree.Kids.append(leaf)
    tree.Count = len(leaves)
    pdf.Root.Pages = tree


def _inherited(node: Dictionary, key: str):
    seen = set()
    for _step in range(32):
        parent = node.get("/Parent")
        if not isinstance(parent, Dictionary) or not parent.is_indirect or parent.objgen in seen:
            return None
        seen.add(parent.objgen)
        if key in parent:
            return parent[key]
        node = parent
    return None


def _describe(found: _Findings) -> str:
    parts = []
    if found.broken_tree:
        parts.append(_("its page list"))
    if found.streams or found.images:
        parts.append(f"{len(found.streams) + len(found.images)} damaged part(s)")
    if found.content_pages:
        parts.append(_("the drawing of page {page}").format(page=found.content_pages[0] + 1))

    if found.damaged_file and not parts:
        parts.append("its structure")
    return ", ".join(parts)


def _short(exc: BaseException) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip() or type(exc).__name__
    text = re.sub(r"^stream <[^>]*>:? ?", "", text)  # qpdf names the in-memory stream it read
    return text[:120]
