"""The packet model survives being written out as JSON and read back, and refuses settings that make no sense."""

import json

import pytest

from packet.core.model import (
    CoverSheet,
    Document,
    Exhibit,
    ExportSettings,
    Packet,
    PageImage,
    Respondent,
)
from packet.core.titles import title_from_filename

SHA_A = "a" * 64
SHA_B = "b" * 64
SHA_C = "c" * 64


def full_packet() -> Packet:
    docs = {
        SHA_A: Document(
            sha256=SHA_A, original_name="passport.pdf", stored=f"documents/{SHA_A}.pdf", kind="pdf", format="PDF",
            size=1234, pages=3, imported="2026-01-02T03:04:05+00:00", messages=["passport.pdf was repaired"],
            encrypted=True,
        ),
        SHA_B: Document(
            sha256=SHA_B, original_name="photo.jpg", stored=f"documents/{SHA_B}.jpg", kind="image", format="JPEG",
            size=999, pages=1,
            page_images=[PageImage(file=f"derived/{SHA_B}/p0001.jpg", width=1800, height=1200, encoding="jpeg",
                                   colorspace="rgb", dpi=300.0)],
        ),
        SHA_C: Document(
            sha256=SHA_C, original_name="letter.pdf", stored=f"documents/{SHA_C}.pdf", kind="pdf", format="PDF",
            size=10, pages=2, decrypted=True,
        ),
    }
    return Packet(
        name="Ana Lopez",
        cover=CoverSheet(
            filer_name="Jo Counsel", filer_address="1 Main St\nNew York, NY 10001", eoir_id="AB123456",
            respondents=[Respondent("Ana Lopez", "A-123-456-789"), Respondent("Luis Lopez", "A-012-345-678")],
            detained=True, court="Immigration Court, New York, NY", hearing_date="2027-01-15", hearing_time="09:30",
        ),
        settings=ExportSettings(label_style="numbers", stamp_position="bottom-right", bates_prefix="LOPEZ-",
                                page_of_total=True, start_number=5),
        documents=docs,
        lead=[Exhibit(document=SHA_C, title="Cover letter", description="why", language="es",
                      translation=SHA_A)],
        exhibits=[
            Exhibit(document=SHA_A, title="Passport", factors=["identity"], pages=[1, 3], rotation=90,
                    date="2020-01-01"),
            Exhibit(document=SHA_B, title="Family photo", factors=["family_ties", "residence"]),
        ],
        template="blank", profile="opla", created="2026-01-01T00:00:00+00:00",
    )


def test_round_trip_keeps_everything():
    p = full_packet()
    again = Packet.from_dict(json.loads(json.dumps(p.to_dict())))
    assert again == p
    # and the parts a user sees, spelled out
    assert [e.title for e in again.lead] == ["Cover letter"]
    assert [e.title for e in again.exhibits] == ["Passport", "Family photo"]
    assert again.exhibits[0].pages == [1, 3] and again.exhibits[0].rotation == 90
    assert again.cover.respondents[1] == Respondent("Luis Lopez", "A-012-345-678")
    assert again.cover.detained is True
    assert again.cover.filer_address == "1 Main St\nNew York, NY 10001"
    assert again.documents[SHA_B].page_images[0].width == 1800
    assert again.documents[SHA_A].messages == ["passport.pdf was repaired"]
    assert again.settings.bates_prefix == "LOPEZ-"
    assert again.exhibits[0].id == p.exhibits[0].id


def test_labels_follow_exhibit_order_and_style():
    p = full_packet()
    assert p.label_of(p.exhibits[1]) == "2"  # numbers style
    assert p.label_of(p.lead[0]) == ""  # lead documents have no tab
    p.settings.label_style = "letters"
    assert [p.label_of(e) for e in p.exhibits] == ["A", "B"]
    assert [e.title for e in p.items()] == ["Cover letter", "Passport", "Family photo"]


def test_unknown_keys_from_a_later_version_are_ignored():
    p = full_packet()
    data = p.to_dict()
    data["shiny_new_feature"] = {"x": 1}
    data["cover"]["court_room"] = "12B"
    data["cover"]["respondents"][0]["date_of_birth"] = "1990-01-01"
    data["settings"]["watermark"] = "DRAFT"
    data["documents"][SHA_B]["ocr_text"] = "hello"
    data["documents"][SHA_B]["page_images"][0]["icc_profile"] = "sRGB"
    data["exhibits"][0]["colour"] = "red"
    data["lead"][0]["sealed"] = True
    again = Packet.from_dict(data)
    assert again == p
    assert again.exhibits[0].title == "Passport"
    assert again.cover.respondents[0] == Respondent("Ana Lopez", "A-123-456-789")
    assert "court_room" not in again.cover.to_dict()
    assert "watermark" not in again.settings.to_dict()


def test_missing_keys_take_defaults():
    p = Packet.from_dict({"name": "Bare"})
    assert p.name == "Bare"
    assert p.exhibits == [] and p.lead == [] and p.documents == {}
    assert p.settings == ExportSettings()
    assert p.cover.document_title.startswith("Respondent's Request")
    assert p.id  # a fresh id


@pytest.mark.parametrize(("given", "kept"), [(90, 90), (450, 90), (-90, 270), (360, 0), (45, 0), ("180", 180)])
def test_exhibit_rotation_is_normalised_to_quarter_turns(given, kept):
    e = Exhibit.from_dict({"document": SHA_A, "title": "t", "rotation": given})
    assert e.rotation == kept


def test_exhibit_page_numbers_drop_pages_beyond_the_end():
    assert Exhibit(document=SHA_A, title="t").page_numbers(3) == [1, 2, 3]
    assert Exhibit(document=SHA_A, title="t", pages=[3, 1, 7, 0]).page_numbers(3) == [3, 1]


def test_check_integrity_finds_dangling_and_repeated_exhibits():
    p = full_packet()
    assert p.check_integrity() == []
    p.exhibits.append(Exhibit(document="d" * 64, title="Ghost"))
    p.exhibits.append(Exhibit(document=SHA_A, title="Twin", id=p.exhibits[0].id))
    problems = p.check_integrity()
    assert any("'Ghost'" in m and "not in the packet" in m for m in problems)
    assert any("appears twice" in m for m in problems)


def test_default_export_settings_are_valid():
    ExportSettings().validate()
    assert ExportSettings.from_dict({}) == ExportSettings()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("stamp_position", "middle", "stamp position"),
        ("landscape", "sideways", "landscape"),
        ("stamp_font_size", 2, "5 to 24"),
        ("stamp_font_size", 40, "5 to 24"),
        ("start_number", -1, "starting page number"),
        ("bates_digits", 0, "1 to 12"),
        ("bates_digits", 13, "1 to 12"),
        ("bates_prefix", "LOPEZ/", "Bates prefix"),
        ("bates_prefix", "X" * 25, "Bates prefix"),
    ],
)
def test_export_settings_refuse_bad_values_saying_which(field, value, says):
    with pytest.raises(ValueError, match=says):
        ExportSettings(**{field: value}).validate()
    with pytest.raises(ValueError, match=says):
        ExportSettings.from_dict({field: value})


@pytest.mark.parametrize("prefix", ["LOPEZ-", "A 1_2.3", "X" * 24])
def test_export_settings_accept_reasonable_bates_prefixes(prefix):
    assert ExportSettings.from_dict({"bates_prefix": prefix}).bates_prefix == prefix


def test_packet_with_bad_settings_is_refused_on_load():
    data = full_packet().to_dict()
    data["settings"]["stamp_position"] = "nowhere"
    with pytest.raises(ValueError, match="stamp position"):
        Packet.from_dict(data)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("birth_cert-ana_lopez.pdf", "Birth cert ana lopez"),
        ("2021-03-04 lease.pdf", "2021-03-04 lease"),  # a date stays whole
        ("lease-2021-03-04.pdf", "Lease 2021-03-04"),
        ("scan-001.jpg", "Scan 001"),
        ("I-130 receipt notice.pdf", "I-130 receipt notice"),  # form numbers keep their hyphen
        ("w2_2023 W-2.pdf", "w2 2023 W-2"),
        ("DS-160-confirmation.pdf", "DS-160 confirmation"),
        ("IMG_2045.JPG", "IMG 2045"),
        ("ANA LOPEZ passport.pdf", "ANA LOPEZ passport"),  # the user's capitals are kept
        ("Letter from Pastor.pdf", "Letter from Pastor"),
        ("tax  return   2020.pdf", "Tax return 2020"),
        ("/home/ana/Downloads/pay_stub.pdf", "Pay stub"),
        ("-draft-.pdf", "Draft"),
        ("___.pdf", "Untitled document"),
    ],
)
def test_title_from_filename(name, title):
    assert title_from_filename(name) == title


def test_unknown_label_style_is_refused_on_load():
    # otherwise the packet opens, and then labelling an exhibit fails at the first list or export
    with pytest.raises(ValueError, match="label style 'roman'"):
        ExportSettings.from_dict({"label_style": "roman"})
    assert ExportSettings.from_dict({"label_style": "numbers"}).label_style == "numbers"
