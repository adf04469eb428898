"""Packet templates: the built-ins load and validate, applying one shapes a packet, saving a packet as a template
keeps none of the respondent's data, and each kind of broken template is refused naming the file and the field."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from packet.core.factors import factor_ids
from packet.core.model import CoverSheet, Exhibit, Packet, Respondent, Service, Slot, Translator
from packet.core.resources import resource
from packet.core.templates import (
    BATES,
    BUILTIN_ORDER,
    COVER_FIELDS,
    EXHIBITS,
    LEAD,
    SCHEMA_VERSION,
    Template,
    TemplateError,
    apply_template,
    builtin_ids,
    builtin_templates,
    parse_template,
    parse_template_text,
    template_from_packet,
    template_to_dict,
    template_to_json,
)

PROFILE_IDS = {"eoir-ecas", "eoir-paper", "ice-paper", "opla-email", "federal-cmecf"}


def builtin(template_id: str) -> Template:
    templates, problems = builtin_templates()
    assert problems == []
    return next(t for t in templates if t.id == template_id)


def minimal(**extra) -> dict:
    return {"schema_version": 1, "id": "mine", "name": "Mine", "purpose": "Testing.", **extra}


# -- built-ins ---------------------------------------------------------------------------------------------------

def test_every_builtin_template_loads_and_validates():
    templates, problems = builtin_templates()
    assert problems == []
    assert [t.id for t in templates] == list(BUILTIN_ORDER)
    files = sorted(resource("templates").glob("*.json"))
    assert {f.stem for f in files} == set(BUILTIN_ORDER)
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["schema_version"] == SCHEMA_VERSION
        assert data["id"] == path.stem, "a built-in template's file is named after its id"
        t = parse_template(data, path.name)
        assert t.name and t.purpose
        assert t.profile == "" or t.profile in PROFILE_IDS
        assert t.section(EXHIBITS) is not None
        assert set(t.cover_require) <= set(t.cover_show) <= set(COVER_FIELDS)
        ids = [s.id for s in t.slots]
        assert len(ids) == len(set(ids))
        for s in t.slots:
            assert s.title and (s.factor == "" or s.factor in factor_ids())
            assert s.section in (LEAD, EXHIBITS)
            assert s.hint, f"{t.id}/{s.id} tells what counts as this evidence"
        # the file says nothing a template may not say: it reads back to the same data
        assert parse_template(template_to_dict(t), path.name) == t
    assert all(t.builtin and t.source == "built-in" for t in templates)
    assert builtin_ids() == set(BUILTIN_ORDER)


def test_builtins_fit_their_filings():
    opla = builtin("opla-pd-request")
    assert opla.profile == "opla-email" and opla.summary_of_equities and not opla.certificate_of_service
    assert {s.id for s in opla.slots if s.section == LEAD} == {"request_letter", "g28"}
    assert {"identity", "residence", "usc_children", "medical", "employment_taxes", "support_letters",
            "criminal_record_checks", "criminal_dispositions"} <= {s.id for s in opla.slots}
    assert opla.receiver == "ice-opla" and opla.posture == "in-proceedings"
    court = builtin("eoir-admin-closure")
    assert court.profile == "eoir-ecas" and court.certificate_of_service
    assert "proposed_order" in {s.id for s in court.required_slots}
    assert court.receiver == "immigration-court"
    stay = builtin("ice-stay-of-removal")
    assert stay.profile == "ice-paper"
    required = {s.id: s for s in stay.required_slots}
    assert {"form_i246", "statement", "passport"} <= set(required)
    assert required["passport"].factor == "identity"
    assert next(s for s in stay.slots if s.id == "medical").factor == "medical"
    assert "hearing_date" not in stay.cover_show and "judge" not in stay.cover_show
    deferred = builtin("deferred-action")
    assert "humanitarian" in {s.id for s in deferred.required_slots}
    blank = builtin("blank")
    assert blank.slots == [] and blank.profile == "" and blank.document_title == ""


def test_builtin_templates_are_copies():
    first, _ = builtin_templates()
    first[0].slots.clear()
    again, _ = builtin_templates()
    assert again[0].slots


# -- applying ----------------------------------------------------------------------------------------------------

def test_apply_template_shapes_the_packet():
    p = Packet(name="Lopez")
    p.cover.respondents = [Respondent("Ana Lopez", "A-123-456-789")]
    p.cover.court = "Immigration Court, New York, NY"
    t = builtin("eoir-admin-closure")
    apply_template(p, t)
    assert p.template == "eoir-admin-closure"
    assert (p.cover.receiver, p.cover.posture) == ("immigration-court", "in-proceedings")
    assert p.profile == "eoir-ecas"
    assert p.cover.document_title == t.document_title
    assert [s.id for s in p.slots] == [s.id for s in t.slots]
    assert p.slots is not t.slots and p.slots[0] is not t.slots[0]
    assert p.settings.certificate_of_service and not p.settings.summary_of_equities
    assert not p.settings.group_index_by_factor
    # the respondent's own fields are untouched
    assert p.cover.respondents == [Respondent("Ana Lopez", "A-123-456-789")]
    assert p.cover.court == "Immigration Court, New York, NY"


def test_apply_template_settings_and_filer():
    t = parse_template(minimal(
        label_style="numbers",
        page_numbers={"style": "bates", "position": "top-right", "start": 5, "font_size": 9,
                      "bates_prefix": "EX-", "bates_digits": 4},
        separators=False, landscape="shrink", profile="federal-cmecf",
        sections=[{"kind": "exhibits", "title": "Evidence", "group_by_factor": True}],
        summary_of_equities=True, certificate_of_service=True,
        filer={"filer_name": "Maria Abogada", "eoir_id": "AB123456"},
    ), "mine.json")
    p = Packet(name="x")
    p.cover.filer_phone = "555-0100"
    apply_template(p, t)
    s = p.settings
    assert (s.label_style, s.stamp_position, s.start_number, s.stamp_font_size) == ("numbers", "top-right", 5, 9.0)
    assert (s.bates_prefix, s.bates_digits, s.page_of_total) == ("EX-", 4, False)
    assert (s.separators, s.landscape, s.group_index_by_factor) == (False, "shrink", True)
    assert s.summary_of_equities and s.certificate_of_service
    assert p.profile == "federal-cmecf"
    assert (p.cover.filer_name, p.cover.eoir_id) == ("Maria Abogada", "AB123456")
    assert p.cover.filer_phone == "555-0100"  # the template had none: the packet's own is kept
    assert p.cover.document_title == CoverSheet().document_title  # no title in the template: kept

    apply_template(p, parse_template(minimal(page_numbers={"style": "page_of_total"}), "x.json"))
    assert p.settings.page_of_total and p.settings.bates_prefix == ""


def test_apply_template_clears_slots_the_new_template_lacks():
    p = Packet(name="x")
    apply_template(p, builtin("opla-pd-request"))
    p.exhibits = [Exhibit(document="d1", title="Passport", slot="identity"),
                  Exhibit(document="d2", title="Rehab", slot="rehabilitation")]
    apply_template(p, builtin("deferred-action"))
    assert [e.slot for e in p.exhibits] == ["identity", ""]


# -- save as template: privacy -----------------------------------------------------------------------------------

def personal_packet() -> Packet:
    p = Packet(name="José Núñez Ibáñez PD request")
    apply_template(p, builtin("opla-pd-request"))
    p.cover = CoverSheet(
        filer_name="Maria Abogada, Esq.", filer_address="1 Main St\nNew York, NY 10001", filer_phone="212-555-0100",
        filer_email="maria@example.org", eoir_id="AB123456", represented_party="Respondents",
        respondents=[Respondent("José Núñez Ibáñez", "A-123-456-789"), Respondent("Nguyễn Thị Ánh", "A-098-765-432")],
        detained=True, court="Immigration Court, New York, NY", judge="Hon. Jane Smith", hearing_date="2027-03-02",
        hearing_time="09:30", document_title="Request for Prosecutorial Discretion for José Núñez Ibáñez",
    )
    p.settings.bates_prefix = "NUNEZ-"
    p.settings.bates_digits = 5
    p.settings.stamp_position = "bottom-right"
    p.settings.group_index_by_factor = False
    p.translator = Translator("Luisa Traductora", "2 Elm St", "555-0199", "luisa@example.org")
    p.service = Service(served_on="ICE OPLA New York", address="26 Federal Plaza", date="2027-02-01",
                        signer="Maria Abogada")
    p.exhibits = [Exhibit(document="a" * 64, title="Birth certificate of Ana Núñez", slot="usc_children",
                          factors=["family_ties"], description="private note")]
    p.slots.append(Slot("extra", "Letter from the parish", "community", False, "Signed by the priest"))
    return p


def test_save_as_template_keeps_structure_and_only_the_filers_details():
    p = personal_packet()
    base = builtin("opla-pd-request")
    t = template_from_packet(p, "my-pd", "My PD request", "For NYC cases", base)
    data = template_to_dict(t)
    # exactly these fields, and nothing else
    assert set(data) == {"schema_version", "id", "name", "purpose", "notes", "document_title", "cover", "sections",
                         "slots", "label_style", "page_numbers", "separators", "landscape", "profile",
                         "summary_of_equities", "certificate_of_service", "filer",
                         # the receiver, its posture, the factor order, what can be asked and the sources: the base's
                         "receiver", "posture", "factor_order", "requests", "sources"}
    assert (data["receiver"], data["posture"]) == ("ice-opla", "in-proceedings")
    assert data["sources"] == [{k: v for k, v in asdict(x).items() if v != "" and not (k == "confirmed" and v)}
                               for x in base.sources]
    assert data["filer"] == {"filer_name": "Maria Abogada, Esq.", "filer_address": "1 Main St\nNew York, NY 10001",
                             "filer_phone": "212-555-0100", "filer_email": "maria@example.org",
                             "eoir_id": "AB123456"}
    assert (data["id"], data["name"], data["purpose"]) == ("my-pd", "My PD request", "For NYC cases")
    # a slot's file_separately is written only when set, so older Packets still read the file
    assert data["slots"] == [{k: v for k, v in asdict(s).items() if k != "file_separately"} for s in p.slots]
    assert data["slots"][-1]["title"] == "Letter from the parish"
    assert data["profile"] == "opla-email" and data["summary_of_equities"] is True
    assert data["page_numbers"] == {"style": BATES, "position": "bottom-right", "start": 1, "font_size": 10.0,
                                    "bates_prefix": "", "bates_digits": 5}  # NUNEZ- names the respondent
    assert data["document_title"] == base.document_title  # the packet's title named the respondent
    assert data["cover"] == {"show": base.cover_show, "require": base.cover_require}
    assert [s["kind"] for s in data["sections"]] == ["lead", "exhibits"]
    assert data["sections"][1]["group_by_factor"] is False
    # none of the respondent's data, the case, the translator, the service or the documents, anywhere
    text = template_to_json(t)
    for secret in ("Núñez", "Nunez", "NUNEZ", "Ibáñez", "Nguyễn", "Ánh", "123456789", "123-456-789", "098-765",
                   "Jane Smith", "2027-03-02", "09:30", "Immigration Court, New York", "Luisa", "Traductora",
                   "26 Federal Plaza", "2027-02-01", "private note", "aaaaaaaa", "Ana N",
                   "Respondents\""):
        assert secret not in text, secret
    assert "detained" not in json.dumps(data["filer"])
    # and it is a valid template that makes the same shape again
    again = parse_template_text(text, "my-pd.json")
    assert again == t
    fresh = Packet(name="Next client")
    apply_template(fresh, again)
    assert [s.id for s in fresh.slots] == [s.id for s in p.slots]
    assert fresh.cover.filer_name == "Maria Abogada, Esq." and fresh.cover.respondents == []
    assert fresh.cover.court == "" and fresh.cover.judge == "" and not fresh.cover.detained


def test_save_as_template_keeps_a_prefix_and_title_that_name_no_one():
    p = personal_packet()
    p.settings.bates_prefix = "EXH-"
    p.cover.document_title = "Respondents' Joint Request for Prosecutorial Discretion"
    t = template_from_packet(p, "mine", "Mine")
    assert t.page_numbers.bates_prefix == "EXH-"
    assert t.document_title == "Respondents' Joint Request for Prosecutorial Discretion"
    # without a base template: every cover field shown, the default sections, the packet's grouping
    assert t.cover_show == list(COVER_FIELDS) and t.cover_require == []
    assert [s.kind for s in t.sections] == [LEAD, EXHIBITS]
    assert t.purpose  # a purpose is always there for the list


def test_save_as_template_refuses_bad_ids_and_names():
    p = personal_packet()
    with pytest.raises(TemplateError, match='"id"'):
        template_from_packet(p, "Not An Id!", "Mine")
    with pytest.raises(TemplateError, match='"name"'):
        template_from_packet(p, "mine", "  ")


# -- round trip ----------------------------------------------------------------------------------------------------

def test_round_trip_through_json():
    t = builtin("ice-stay-of-removal")
    t.filer.filer_name = "Legal Aid Clinic"
    text = template_to_json(t)
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert parse_template_text(text, "x.json") == t
    assert parse_template_text(text.encode("utf-8"), "x.json") == t


def test_missing_optional_fields_take_defaults():
    t = parse_template(minimal(), "mine.json")
    assert t.slots == [] and t.profile == "" and t.label_style == "letters"
    assert t.cover_show == list(COVER_FIELDS)
    assert [s.kind for s in t.sections] == [LEAD, EXHIBITS]


# -- broken templates: each names the file and the field -----------------------------------------------------------

def refused(data, source: str = "/home/me/templates/broken.json") -> TemplateError:
    with pytest.raises(TemplateError) as info:
        if isinstance(data, (str, bytes)):
            parse_template_text(data, source)
        else:
            parse_template(data, source)
    message = str(info.value)
    assert message.startswith(source + ":"), message
    assert info.value.source == source
    return info.value


def test_invalid_json_names_the_file_and_the_place():
    err = refused('{"schema_version": 1, "id": "x",\n  "name": }')
    assert "not valid JSON" in str(err) and "line 2" in str(err)
    err = refused(b"\xff\xfe\x00garbage")
    assert "UTF-8" in str(err)
    err = refused("[1, 2]")
    assert "not a Packet template" in str(err)


@pytest.mark.parametrize(("data", "field", "says"), [
    (minimal(colour="blue"), "colour", "is not a template field"),
    (minimal(slots=[{"id": "a", "title": "A", "kind": "x"}]), "slots[0].kind", "is not a template field"),
    (minimal(page_numbers={"style": "number", "size": 3}), "page_numbers.size", "is not a template field"),
    (minimal(cover={"show": [], "hide": []}), "cover.hide", "is not a template field"),
])
def test_unknown_fields(data, field, says):
    err = refused(data)
    assert err.field == field
    assert f'field "{field}"' in str(err) and says in str(err)


def test_schema_version_missing_newer_or_bad():
    data = minimal()
    del data["schema_version"]
    err = refused(data)
    assert err.field == "schema_version" and "missing" in str(err)
    err = refused(minimal(schema_version=SCHEMA_VERSION + 1))
    assert err.field == "schema_version" and "newer version of Packet" in str(err) and "Update Packet" in str(err)
    err = refused(minimal(schema_version="1"))
    assert err.field == "schema_version"


@pytest.mark.parametrize(("data", "field", "says"), [
    (minimal(slots=[{"id": "kids", "title": "Kids", "factor": "famly_ties"}]), 'slots[0] ("kids").factor',
     "is not a discretion factor"),
    (minimal(label_style="roman"), "label_style", "is not a label style"),
    (minimal(slots=[{"id": "kids", "title": "Kids", "required": "yes"}]), 'slots[0] ("kids").required',
     "must be true or false"),
    (minimal(slots=[{"id": "kids", "title": "Kids"}, {"id": "kids", "title": "Children"}]), "slots[1].id",
     "is used by another slot"),
    (minimal(cover={"show": ["filer_name", "hearing"]}), "cover.show[1]", "is not a cover-sheet field"),
    (minimal(cover={"show": ["filer_name"], "require": ["judge"]}), "cover.require[0]", "not shown"),
    (minimal(id="My Template"), "id", "is not a valid id"),
    (minimal(name=""), "name", "is empty"),
    (minimal(name=5), "name", "must be text"),
    (minimal(page_numbers={"style": "roman"}), "page_numbers.style", "is not a page-number style"),
    (minimal(page_numbers={"start": 0}), "page_numbers.start", "use 1 to 999999"),
    (minimal(page_numbers={"bates_digits": 30}), "page_numbers.bates_digits", "use 1 to 12"),
    (minimal(page_numbers={"style": "bates", "bates_prefix": "NO/SLASH"}), "page_numbers.bates_prefix", "use up to"),
    (minimal(landscape="sideways"), "landscape", "is not a landscape mode"),
    (minimal(profile="Not a profile"), "profile", "not a valid filing profile id"),
    (minimal(summary_of_equities="true"), "summary_of_equities", "must be true or false"),
    (minimal(sections=[{"kind": "appendix", "title": "A"}]), "sections[0].kind", "is not a section kind"),
    (minimal(sections=[{"kind": "lead", "title": "Lead"}]), "sections", "has no \"exhibits\" section"),
    (minimal(slots={"id": "x"}), "slots", "must be a list"),
    (minimal(slots=[{"id": "x"}]), 'slots[0] ("x").title', "is missing"),
    (minimal(filer={"filer_name": "Me", "respondent": "Ana"}), "filer.respondent", "is not a template field"),
])
def test_bad_values(data, field, says):
    err = refused(data)
    assert err.field == field, str(err)
    assert f'field "{field}"' in str(err) and says in str(err), str(err)
