"""A phone photo goes into the filing as its picture only: no location, camera, serial number, owner's name,
comments, colour profile or appended video. Checked in the exported PDF, as a recipient would inspect it."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image
from pypdf import PdfReader

from packet.cli import main
from packet.store.folder import create_packet
from packet.store.intake import add_files
from packet.store.photo_privacy import strip_jpeg

SERIAL, OWNER, MAKE, MODEL = "SN-0042-7731", "Maria Lopez Artist", "Canon", "EOS R5 Mark II"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + os.urandom(1_800_000)  # a "motion photo" clip after the image


def phone_jpeg(path, size=(1600, 1200), gps=True, progressive=False, tail=VIDEO, **save):
    """A JPEG as phones write them: EXIF with camera, serial, owner and GPS; XMP; a comment; an ICC profile."""
    from PIL import ImageCms, ImageDraw

    im = Image.new("RGB", size, (235, 235, 225))
    draw = ImageDraw.Draw(im)
    for x in range(0, size[0], 40):
        draw.line((x, 0, size[0] - x, size[1]), fill=(20, 60, 140), width=3)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x013B] = MAKE, MODEL, OWNER
    exif[0x8769] = {0xA431: SERIAL}  # BodySerialNumber
    if gps:
        exif[0x8825] = {1: "N", 2: (40.0, 44.0, 54.36), 3: "W", 4: (73.0, 59.0, 8.36)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,44.906N" '
           b'exif:GPSLongitude="73,59.139W"/></rdf:RDF></x:xmpmeta>') if gps else b'<x:xmpmeta>Maria</x:xmpmeta>'
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=icc, xmp=xmp, comment=b"Taken at 12 Elm St",
            progressive=progressive, **save)
    path.write_bytes(buf.getvalue() + tail)
    return path, im


def embedded_jpegs(pdf_path) -> list[bytes]:
    """The raw data of every DCT image in the PDF, wherever its pages' resources hold it."""
    reader = PdfReader(pdf_path)
    found, seen = [], set()

    def walk(resources):
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            key = getattr(ref, "idnum", id(ref))
            if key in seen:
                continue
            seen.add(key)
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and "/DCTDecode" in str(obj.get("/Filter")):
                found.append(obj._data)
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


@pytest.fixture
def exported(tmp_path, capsys):
    def export(photo):
        pf = create_packet(tmp_path / "Lopez")
        capsys.readouterr()
        assert main(["add", str(pf.path), str(photo)]) == 0
        added = capsys.readouterr().out
        out = tmp_path / "out.pdf"
        assert main(["build", str(pf.path), "-o", str(out), "--force", "--quiet"]) == 0
        return out, added

    return export


@pytest.mark.parametrize("size", [(1600, 1200), (2550, 3300), (4032, 3024)], ids=["small", "page-sized", "large"])
def test_the_filed_photo_carries_no_metadata_and_no_appended_video(tmp_path, exported, size):
    photo, _ = phone_jpeg(tmp_path / "IMG_2031.jpg", size=size)
    out, added = exported(photo)
    pdf = out.read_bytes()
    for secret in (SERIAL, OWNER, MODEL, "Taken at 12 Elm St", "GPSLatitude", "ftypmp42"):
        assert secret.encode() not in pdf, secret
    assert b"Exif\0\0" not in pdf and b"ICC_PROFILE" not in pdf
    assert len(pdf) < photo.stat().st_size - 1_500_000  # the 1.8 MB clip is not in it
    [jpeg] = embedded_jpegs(out)
    assert jpeg.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(jpeg)) as im:
        assert dict(im.getexif()) == {}
        assert "icc_profile" not in im.info and "xmp" not in im.info and "comment" not in im.info
        im.load()


def test_the_picture_itself_is_untouched(tmp_path, exported):
    photo, _ = phone_jpeg(tmp_path / "IMG_2032.jpg", size=(1600, 1200), progressive=True)
    out, _ = exported(photo)
    [jpeg] = embedded_jpegs(out)
    with Image.open(photo) as original, Image.open(io.BytesIO(jpeg)) as filed:
        assert filed.size == original.size
        assert filed.tobytes() == original.tobytes()  # same decoded pixels: the scans were copied, not re-encoded


def test_restart_markers_and_stuffed_bytes_survive_stripping(tmp_path):
    photo, _ = phone_jpeg(tmp_path / "rst.jpg", size=(640, 480), tail=b"", restart_marker_blocks=4)
    data = photo.read_bytes()
    clean = strip_jpeg(data)
    assert b"\xff\xd0" in clean  # restart markers kept
    with Image.open(photo) as a, Image.open(io.BytesIO(clean)) as b:
        assert a.tobytes() == b.tobytes()


def test_intake_says_when_a_photo_records_where_it_was_taken(tmp_path, capsys):
    with_gps, _ = phone_jpeg(tmp_path / "with-gps.jpg")
    without, _ = phone_jpeg(tmp_path / "no-gps.jpg", gps=False)
    pf = create_packet(tmp_path / "Lopez")
    capsys.readouterr()
    assert main(["add", str(pf.path), str(with_gps), str(without)]) == 0
    out = capsys.readouterr().out
    assert "note: with-gps.jpg records where it was taken" in out and "not carried into the filing" in out
    assert "no-gps.jpg records" not in out
    results = add_files(create_packet(tmp_path / "Other"), [with_gps])
    assert results[0].verdict == "accept" and results[0].notes and not results[0].messages


def test_a_jpeg_followed_by_a_mass_of_zeros_makes_a_small_pdf(tmp_path, exported):
    photo, _ = phone_jpeg(tmp_path / "padded.jpg", size=(800, 600), gps=False, tail=b"\0" * 50_000_000)
    out, _ = exported(photo)
    assert out.stat().st_size < 2_000_000


def test_a_photo_without_metadata_is_still_used_as_is(tmp_path):
    path = tmp_path / "plain.jpg"
    Image.new("RGB", (1700, 2200), (250, 250, 250)).save(path, quality=90)
    pf = create_packet(tmp_path / "Lopez")
    (r,) = add_files(pf, [path])
    doc = pf.packet.documents[r.sha256]
    assert doc.page_images[0].file == doc.stored  # nothing to strip: no second copy


def test_a_packet_made_before_photos_were_stripped_is_cleaned_when_opened(tmp_path, capsys):
    import json
    import shutil

    photo, _ = phone_jpeg(tmp_path / "IMG_2040.jpg")
    pf = create_packet(tmp_path / "Lopez")
    (r,) = add_files(pf, [photo])
    body = json.loads((pf.path / "packet.json").read_bytes())
    doc = body["documents"][r.sha256]
    doc["page_images"][0].update(file=doc["stored"], sha256="")  # as earlier versions wrote it
    shutil.rmtree(pf.path / "derived" / r.sha256)
    (pf.path / "packet.json").write_text(json.dumps(body), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["build", str(pf.path), "-o", str(out), "--force", "--quiet"]) == 0
    pdf = out.read_bytes()
    assert SERIAL.encode() not in pdf and b"ftypmp42" not in pdf
    upgraded = json.loads((pf.path / "packet.json").read_bytes())["documents"][r.sha256]["page_images"][0]
    assert upgraded["file"].startswith("derived/") and upgraded["sha256"]
    assert (pf.path / doc["stored"]).read_bytes() == photo.read_bytes()  # the stored original is untouched
