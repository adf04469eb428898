"""One built-in template per form of discretion (issue 11): each names its receiver, posture and sources, the
office-specific rules are in the data (one applicant, passport, fee slot, DHS signature, EOIR-28 filed apart,
humanitarian first), the new fields are validated naming the field, and the retired template id still resolves."""

from __future__ import annotations

import pytest

from packet.core.factors import factor_ids
from packet.core.model import Packet, Respondent
from packet.core.receivers import load_receivers
from packet.core.templates import (
    BUILTIN_ORDER,
    COVER_FIELDS,
    LEAD,
    RETIRED_TEMPLATES,
    Template,
    TemplateError,
    apply_template,
    builtin_ids,
    builtin_templates,
    parse_template,
    resolve_template_id,
    template_to_dict,
)

FORMS = {
    "opla-pd-request": ("ice-opla", "in-proceedings"),
    "eoir-admin-closure": ("immigration-court", "in-proceedings"),
    "eoir-dismiss": ("immigration-court", "in-proceedings"),
    "eoir-joint-dismiss": ("immigration-court", "in-proceedings"),
    "eoir-terminate": ("immigration-court", "in-proceedings"),
    "eoir-stay-motion": ("immigration-court", "post-order"),
    "bia-stay-motion": ("bia", "post-order"),
    "ice-stay-of-removal": ("ice-ero", "post-order"),
    "deferred-action": ("ice-ero", "not-in-proceedings"),
    "blank": ("immigration-court", ""),
}


def builtin(template_id: str) -> Template:
    templates, problems = builtin_templates()
    assert problems == []
    return next(t for t in templates if t.id == template_id)


def minimal(**extra) -> dict:
    return {"schema_version": 1, "id": "mine", "name": "Mine", "purpose": "Testing.", **extra}


def test_one_template_per_form_of_discretion_each_with_receiver_posture_and_sources():
    assert list(BUILTIN_ORDER) == list(FORMS)
    receivers = load_receivers()
    for tid, (receiver, posture) in FORMS.items():
        t = builtin(tid)
        assert (t.receiver, t.posture) == (receiver, posture), tid
        assert t.sources, f"{tid} names what it was written after"
        assert all(s.title and s.read == "2026-12-01" and s.url.startswith("https://") for s in t.sources), tid
        if t.posture:
            assert t.posture in receivers.get(t.receiver).postures
        assert "not legal advice" in t.notes.lower() or tid == "blank"
        assert "posture" in t.cover_show, tid
    assert "eoir-close-or-dismiss" not in builtin_ids()


def test_court_motions_file_the_eoir28_separately_and_serve_dhs():
    for tid in ("eoir-admin-closure", "eoir-dismiss", "eoir-terminate", "eoir-stay-motion"):
        t = builtin(tid)
        eoir28 = next(s for s in t.slots if s.id == "eoir28")
        assert eoir28.section == LEAD and eoir28.file_separately and not eoir28.required
        assert t.certificate_of_service and t.profile == "eoir-ecas"
        assert "proposed_order" in {s.id for s in t.required_slots}
        assert not any(s.file_separately for s in t.slots if s.id != "eoir28")
        assert {"hearing_type", "court_set_deadline"} <= set(t.cover_show) or tid == "eoir-stay-motion"


def test_administrative_closure_has_a_slot_for_the_rules_factors():
    t = builtin("eoir-admin-closure")
    ids = {s.id for s in t.slots}
    assert {"reason", "likely_success", "duration", "case_history", "dhs_position"} <= ids
    motion = next(s for s in t.slots if s.id == "motion")
    assert "1003.18(c)(3)" in motion.title
    for words in ("why closure is sought", "opposition", "likely", "how long", "delay", "stage", "detention"):
        assert words in motion.hint.lower(), words
    assert any("1003.18" in s.title and not s.confirmed for s in t.sources)  # the full list was not confirmed


def test_joint_motion_has_dhs_signature_and_no_certificate_of_service():
    t = builtin("eoir-joint-dismiss")
    sig = next(s for s in t.slots if s.id == "dhs_signature")
    assert sig.required and sig.section == LEAD
    assert not t.certificate_of_service
    assert "Joint Motion to Dismiss" in t.document_title


def test_dismissal_and_termination_are_separate_templates():
    dismiss, terminate = builtin("eoir-dismiss"), builtin("eoir-terminate")
    assert "Without Prejudice" in dismiss.document_title and "1239.2" in dismiss.sources[0].title
    assert "Terminate" in terminate.document_title and "1003.18(d)" in terminate.sources[0].title
    assert "ground_evidence" in {s.id for s in terminate.required_slots}


def test_stay_motions_before_the_court_and_the_board():
    court, board = builtin("eoir-stay-motion"), builtin("bia-stay-motion")
    assert court.receiver == "immigration-court" and board.receiver == "bia"
    for t in (court, board):
        assert {"pending_matter", "removal_order", "motion", "proposed_order"} <= {s.id for s in t.required_slots}
        assert t.posture == "post-order"
    assert next(s for s in board.slots if s.id == "eoir27").file_separately
    assert "judge" not in board.cover_show


def test_form_i246_is_one_applicant_with_passport_stay_and_fee():
    t = builtin("ice-stay-of-removal")
    assert t.one_applicant and t.passport_months_beyond_stay == 6
    assert {"passport_expiry", "stay_until"} <= set(t.cover_require)
    fee = next(s for s in t.slots if s.id == "fee")
    assert fee.required and fee.section == LEAD and "money order" in fee.title
    assert "hearing_date" not in t.cover_show and "judge" not in t.cover_show
    assert t.receiver == "ice-ero" and t.profile == "ice-paper"
    assert "Multiple applicants" in t.sources[0].section or "multiple applicants" in t.sources[0].section
    assert not any(x.one_applicant for x in builtin_templates()[0] if x.id != t.id)


def test_deferred_action_puts_humanitarian_first():
    t = builtin("deferred-action")
    assert t.factor_order[0] == "humanitarian"
    assert t.section("exhibits") is not None and t.section("exhibits").group_by_factor  # type: ignore[union-attr]
    assert t.receiver == "ice-ero" and t.posture == "not-in-proceedings"
    assert set(t.factor_order) <= set(factor_ids())


def test_criminal_history_is_split_into_checks_and_dispositions():
    for tid in ("opla-pd-request", "eoir-admin-closure", "ice-stay-of-removal", "deferred-action"):
        ids = [s.id for s in builtin(tid).slots]
        assert "criminal_record_checks" in ids and "criminal_dispositions" in ids and "criminal_history" not in ids


def test_applying_a_template_sets_receiver_posture_and_section_order():
    p = Packet(name="x")
    p.cover.respondents = [Respondent("Ana López", "012345678")]
    apply_template(p, builtin("deferred-action"))
    assert (p.cover.receiver, p.cover.posture) == ("ice-ero", "not-in-proceedings")
    assert p.settings.factor_order[0] == "humanitarian"
    apply_template(p, builtin("blank"))  # blank: the court, and the court's default posture
    assert p.cover.receiver == "immigration-court" and p.cover.posture == ""
    assert p.settings.factor_order == []
    assert "receiver" not in COVER_FIELDS and "posture" in COVER_FIELDS


def test_new_fields_round_trip_and_stay_out_when_unset():
    for t in builtin_templates()[0]:
        assert parse_template(template_to_dict(t), f"{t.id}.json") == t
    plain = template_to_dict(parse_template(minimal(), "mine.json"))
    assert not {"receiver", "posture", "one_applicant", "passport_months_beyond_stay", "factor_order", "requests",
                "sources"} & set(plain)


@pytest.mark.parametrize(("extra", "field", "words"), [
    ({"receiver": "consulate"}, "receiver", "is not a receiver"),
    ({"receiver": "ice-ero", "posture": "in-proceedings"}, "posture", "is not a posture for"),
    ({"factor_order": ["humanitarian", "kindness"]}, "factor_order[1]", "is not a discretion factor"),
    ({"factor_order": ["medical", "medical"]}, "factor_order[1]", "twice"),
    ({"one_applicant": "yes"}, "one_applicant", "true or false"),
    ({"passport_months_beyond_stay": 99}, "passport_months_beyond_stay", "use 0 to 60"),
    ({"requests": ["", "x"]}, "requests[0]", "short text"),
    ({"sources": [{"title": "ICPM"}]}, "sources[0].read", "is missing"),
    ({"sources": [{"title": "ICPM", "read": "last week"}]}, "sources[0].read", "YYYY-MM-DD"),
    ({"sources": [{"title": "ICPM", "read": "2026-12-01", "page": 3}]}, "sources[0].page", "not a template field"),
    ({"slots": [{"id": "x", "title": "X", "hint": "h", "file_separately": True}]},
     'slots[0] ("x").file_separately', "lead documents only"),
])
def test_bad_filing_fields_are_refused_naming_the_field(extra, field, words):
    with pytest.raises(TemplateError) as info:
        parse_template(minimal(**extra), "mine.json")
    assert str(info.value).startswith(f'mine.json: field "{field}"'), str(info.value)
    assert words in str(info.value)


def test_the_retired_template_id_resolves_to_its_successor():
    assert RETIRED_TEMPLATES["eoir-close-or-dismiss"][0] == "eoir-admin-closure"
    assert resolve_template_id("eoir-close-or-dismiss") == "eoir-admin-closure"
    assert resolve_template_id("opla-pd-request") == "opla-pd-request"
    assert resolve_template_id("my-own") == "my-own"
    assert all(new in builtin_ids() for new, _ in RETIRED_TEMPLATES.values())
