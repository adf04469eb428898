"""What a photo says besides its picture never goes into a filing.

Phones write the GPS position, camera make, model and serial number, the owner's name, thumbnails and even seconds
of video ("motion photos", appended after the image) into their JPEGs. The page-ready JPEG that export embeds as
is keeps only what decoding needs: the quantisation and Huffman tables, the frame and the scans, a JFIF header
without its thumbnail, and Adobe's colour-transform marker. Everything else (EXIF, XMP, ICC, IPTC, comments,
anything after the end of the image) is dropped, without decoding or re-encoding the picture.
"""

from __future__ import annotations

import struct

from PIL import Image

from packet.core.i18n import N_

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
APP0, APP14, COM = 0xE0, 0xEE, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length
_GPS_IFD = 0x8825
LOCATION_NOTE = N_("records where it was taken (a GPS location); the location is not carried into the filing, only "
                 "the picture.")


class NotAJpeg(ValueError):
    pass


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG with only the segments decoding needs, ending at its end-of-image marker."""
    if data[:2] != b"\xff\xd8":
        raise NotAJpeg("no start-of-image marker")
    out = [b"\xff\xd8"]
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise NotAJpeg(f"expected a marker at byte {i}")
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == EOI:
            break
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if i + 2 > n:
            raise NotAJpeg("cut short in a segment header")
        (length,) = struct.unpack(">H", data[i:i + 2])
        body = data[i + 2:i + length]
        end = i + length
        if length < 2 or end > n:
            raise NotAJpeg("a segment runs past the end of the file")
        kept = _keep(marker, body)
        if kept is not None:
            out.append(bytes((0xFF, marker)) + struct.pack(">H", len(kept) + 2) + kept)
        i = end
        if marker == SOS:
            scan_end = _scan_end(data, i)
            out.append(data[i:scan_end])
            i = scan_end
    out.append(b"\xff\xd9")
    return b"".join(out)


def _keep(marker: int, body: bytes) -> bytes | None:
    """The segment's body as kept, or None to drop it."""
    if marker == APP0:
        if body[:5] == b"JFIF\0" and len(body) >= 14:
            return body[:12] + b"\0\0"  # version, units and density; no thumbnail
        return None
    if marker == APP14:
        return body if body[:5] == b"Adobe" else None
    if 0xE1 <= marker <= 0xEF or marker == COM:  # EXIF, XMP, ICC, MPF, IPTC, ... and comments
        return None
    return body  # SOFn, DHT, DQT, DRI, DNL, SOS, DAC, ...


def _scan_end(data: bytes, i: int) -> int:
    """Where the entropy-coded data after an SOS header ends: the first marker that is not stuffing or RSTn."""
    n = len(data)
    while True:
        j = data.find(b"\xff", i)
        if j < 0 or j + 1 >= n:
            return n
        if data[j + 1] == 0x00:  # a stuffed 0xFF inside the data
            i = j + 2
            continue
        k = j + 1
        while k < n and data[k] == 0xFF:  # fill bytes
            k += 1
        if k < n and 0xD0 <= data[k] <= 0xD7:  # restart markers belong to the scan
            i = k + 1
            continue
        return j


def records_location(im: Image.Image) -> bool:
    """Does the image carry a GPS position (EXIF GPS IFD with coordinates, or XMP GPS fields)?"""
    try:
        gps = im.getexif().get_ifd(_GPS_IFD)
        if any(tag in gps for tag in (1, 2, 3, 4)):  # latitude ref, latitude, longitude ref, longitude
            return True
    except Exception:  # a damaged EXIF block says nothing we can trust
        pass
    xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return b"GPSLatitude" in xmp or b"GPSLongitude" in xmp
