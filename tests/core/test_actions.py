"""The core actions, without Qt: each changes the packet as asked, or refuses with a message naming the field,
the bad value and what is accepted, and then leaves the packet exactly as it was."""

from __future__ import annotations

import copy

import pytest

from packet.core import actions
from packet.core.actions import ActionError
from packet.core.edits import Edit
from packet.core.model import Document, Exhibit, Packet, Respondent, Slot
from packet.core.profiles import Profile

SHA = {k: k * 64 for k in "abcdef"}


def doc(key: str, pages: int = 2) -> Document:
    return Document(sha256=SHA[key], original_name=f"{key}.pdf", stored=f"documents/{SHA[key]}.pdf", kind="pdf",
                    format="PDF", size=100, pages=pages)


@pytest.fixture
def packet() -> Packet:
    p = Packet(name="Lopez")
    for key in "abcd":
        p.documents[SHA[key]] = doc(key)
    p.lead = [Exhibit(document=SHA["a"], title="Letter", id="L")]
    p.exhibits = [Exhibit(document=SHA[k], title=f"Doc {k}", id=k) for k in "bcd"]
    p.slots = [Slot(id="kids", title="Birth certificates", factor="family_ties", required=True),
               Slot(id="misc", title="Anything else")]
    return p


def refused(change, packet: Packet, *words: str) -> ActionError:
    """Run a change that must be refused: the message has the words, and the packet is left as it was."""
    before = copy.deepcopy(packet)
    with pytest.raises(ActionError) as info:
        change(packet)
    assert packet == before, "a refused action changed the packet"
    for w in words:
        assert w in str(info.value), (w, str(info.value))
    return info.value


# -- cover -----------------------------------------------------------------------------------------------------

def test_cover_values_check_dates_times_and_a_numbers(packet):
    actions.set_cover_values(packet, [("respondent", " Ana Lopez "), ("a_number", "a 12345678"),
                                      ("hearing_date", "2027-03-02"), ("hearing_time", "9:30"),
                                      ("filer_address", "1 Main St\\nNew York"), ("detained", "yes")])
    c = packet.cover
    assert c.respondents == [Respondent("Ana Lopez", "A-012-345-678")]
    assert (c.hearing_date, c.hearing_time, c.detained) == ("2027-03-02", "09:30", True)
    assert c.filer_address == "1 Main St\nNew York"


@pytest.mark.parametrize(("pair", "words"), [
    (("hearing_time", "99:99"), ["hearing_time", "'99:99'", "HH:MM", "24-hour"]),
    (("hearing_time", "noon"), ["hearing_time", "'noon'", "HH:MM"]),
    (("hearing_date", "15/01/2027"), ["hearing_date", "'15/01/2027'", "YYYY-MM-DD"]),
    (("hearing_date", "2027-02-30"), ["hearing_date", "YYYY-MM-DD"]),
    (("a_number", "12345"), ["a_number", "'12345'", "5 digits", "8 or 9"]),
    (("a_number", "000000000"), ["a_number", "all zeros"]),
    (("detained", "maybe"), ["detained", "'maybe'", "yes or no"]),
    (("colour", "red"), ["unknown field", "'colour'", "filer_name", "hearing_time"]),
])
def test_bad_cover_values_are_refused_whole(packet, pair, words):
    # a good value given with the bad one is not applied either
    refused(lambda p: actions.set_cover_values(p, [("judge", "Hon. X"), pair]), packet, *words)


def test_set_cover_is_the_same_check_for_typed_values(packet):
    refused(lambda p: actions.set_cover(p, hearing_time="24:00"), packet, "hearing_time", "HH:MM")
    actions.set_cover(packet, hearing_time="13:05", court=" Immigration Court ", detained=True)
    assert (packet.cover.hearing_time, packet.cover.court, packet.cover.detained) == ("13:05",
                                                                                      "Immigration Court", True)


def test_respondents_added_changed_and_removed(packet):
    assert actions.add_respondent(packet, "Ana", "123456789") == 0
    actions.add_respondent(packet, "Luis")
    actions.set_respondent(packet, 1, a_number="A-987-654-321")
    assert packet.cover.respondents == [Respondent("Ana", "A-123-456-789"), Respondent("Luis", "A-987-654-321")]
    refused(lambda p: actions.set_respondent(p, 0, a_number="A-12X"), packet, "a_number", "only digits")
    refused(lambda p: actions.set_respondent(p, 5, name="Nobody"), packet, "respondent", "6", "2 respondent")
    actions.remove_respondents(packet, [0])
    assert [r.name for r in packet.cover.respondents] == ["Luis"]


def test_translator_and_service(packet):
    actions.set_translator(packet, name="María Gómez", phone="555")
    actions.set_service(packet, date="2026-12-01", address="26 Federal Plaza")
    assert (packet.translator.name, packet.service.date) == ("María Gómez", "2026-12-01")
    refused(lambda p: actions.set_service(p, date="1 Dec"), packet, "service_date", "YYYY-MM-DD")
    refused(lambda p: actions.set_translator(p, fax="1"), packet, "unknown translator field", "'fax'", "phone")


# -- settings and profile ----------------------------------------------------------------------------------------

def test_choosing_a_profile_that_needs_a_certificate_of_service_turns_it_on(packet):
    ecas = Profile(id="eoir-ecas", name="EOIR ECAS", certificate_of_service=True)
    opla = Profile(id="opla-email", name="OPLA")
    actions.choose_profile(packet, opla)
    assert (packet.profile, packet.settings.certificate_of_service) == ("opla-email", False)
    actions.choose_profile(packet, ecas)
    assert (packet.profile, packet.settings.certificate_of_service) == ("eoir-ecas", True)
    actions.choose_profile(packet, None)
    assert (packet.profile, packet.settings.certificate_of_service) == ("", True)  # left as the user had it


def test_export_settings_are_checked_field_by_field(packet):
    actions.set_export_settings(packet, bates_prefix="LOPEZ-", bates_digits=7, stamp_font_size=12)
    assert (packet.settings.bates_prefix, packet.settings.bates_digits) == ("LOPEZ-", 7)
    refused(lambda p: actions.set_export_settings(p, separators=False, stamp_font_size=30), packet,
            "stamp_font_size", "30", "5 to 24 points")
    refused(lambda p: actions.set_export_settings(p, stamp_position="middle"), packet, "stamp_position",
            "bottom-center")
    refused(lambda p: actions.set_export_settings(p, colour="red"), packet, "unknown export setting", "'colour'")


@pytest.mark.parametrize(("pair", "words"), [
    (("certificate_of_service", "maybe"), ["certificate_of_service", "'maybe'", "yes or no"]),
    (("service_date", "5 Jan 2027"), ["service_date", "YYYY-MM-DD"]),
    (("bates_digits", "six"), ["bates_digits", "'six'", "whole number"]),
    (("bates_digits", "40"), ["bates_digits", "1 to 12"]),
    (("stamp_size", "3"), ["stamp_size", "5 to 24"]),
    (("label_style", "roman"), ["label_style", "'roman'", "letters"]),
    (("hearing_time", "25:00"), ["hearing_time", "HH:MM"]),
    (("colour", "blue"), ["unknown field", "'colour'", "service_date", "profile"]),
])
def test_set_values_refuses_bad_text_whole(packet, pair, words):
    refused(lambda p: actions.set_values(p, [("judge", "Hon. X"), ("summary", "yes"), pair]), packet, *words)


def test_set_values_reaches_every_group(packet):
    actions.set_values(packet, [("summary", "yes"), ("bates_digits", "8"), ("translator_address", "1 A\\n2 B"),
                                ("service_method", "mail"), ("judge", "Hon. X")])
    assert packet.settings.summary_of_equities is True and packet.settings.bates_digits == 8
    assert packet.translator.address == "1 A\n2 B" and packet.service.method == "mail"
    assert packet.cover.judge == "Hon. X"


# -- items -------------------------------------------------------------------------------------------------------

def test_fill_slot_tags_the_slots_factor_and_clearing_keeps_the_tag(packet):
    actions.fill_slot(packet, "c", "kids")
    e = packet.find("c")
    assert (e.slot, e.factors) == ("kids", ["family_ties"])
    actions.fill_slot(packet, "c", "kids")  # again: tagged once
    assert e.factors == ["family_ties"]
    actions.fill_slot(packet, "c", "")
    assert (e.slot, e.factors) == ("", ["family_ties"])
    refused(lambda p: actions.fill_slot(p, "c", "pets"), packet, "slot", "'pets'", "kids, misc")
    refused(lambda p: actions.fill_slot(p, "zz", "kids"), packet, "exhibit", "'zz'")


def test_tag_and_untag(packet):
    actions.tag(packet, ["b", "c"], "medical")
    actions.tag(packet, ["b"], "medical")
    assert packet.find("b").factors == ["medical"] and packet.find("c").factors == ["medical"]
    actions.untag(packet, ["c"], "medical")
    assert packet.find("c").factors == []
    refused(lambda p: actions.tag(p, ["b"], "good_vibes"), packet, "factor", "'good_vibes'", "residence")


def test_attach_and_remove_translation(packet):
    actions.attach_translation(packet, "b", doc("e"))
    e = packet.find("b")
    assert (e.translation, e.language) == (SHA["e"], "a language other than English")
    assert SHA["e"] in packet.documents
    actions.attach_translation(packet, "c", doc("f"), language="Spanish")
    assert packet.find("c").language == "Spanish"
    actions.set_language(packet, "b", "Haitian Creole")
    assert e.language == "Haitian Creole"
    actions.remove_translation(packet, "b")
    assert e.translation == "" and e.language == "Haitian Creole"
    refused(lambda p: actions.attach_translation(p, "d", doc("d")), packet, "translation", "not the document")
    actions.set_language(packet, "d", "en")
    assert packet.find("d").language == "English"  # said, not assumed: the language check believes it
    actions.set_language(packet, "d", " ")
    assert packet.find("d").language == ""


def test_reorder_roles_rename_details_remove(packet):
    actions.shift_items(packet, ["d"], -1)
    assert [e.id for e in packet.exhibits] == ["b", "d", "c"]
    actions.move_items(packet, ["c"], "b")
    assert [e.id for e in packet.exhibits] == ["c", "b", "d"]
    actions.set_role(packet, ["b"], "lead")
    assert [e.id for e in packet.lead] == ["L", "b"] and [e.id for e in packet.exhibits] == ["c", "d"]
    actions.rename(packet, "c", "  Lease  ")
    actions.set_details(packet, "c", date="2020", description="signed", rotation=90)
    c = packet.find("c")
    assert (c.title, c.date, c.description, c.rotation) == ("Lease", "2020", "signed", 90)
    refused(lambda p: actions.rename(p, "c", "  "), packet, "title", "needs a title")
    refused(lambda p: actions.set_details(p, "c", rotation=45), packet, "rotation", "'45'"[1:-1], "90")
    refused(lambda p: actions.set_role(p, ["c"], "appendix"), packet, "role", "'appendix'", "lead")
    refused(lambda p: actions.shift_items(p, ["c"], 3), packet, "move by")
    actions.remove_items(packet, ["c", "L"])
    assert [e.id for e in packet.items()] == ["b", "d"]
    assert SHA["c"] in packet.documents  # the stored document stays


def test_find_item_by_tab_lead_number_or_id(packet):
    assert actions.find_item(packet, "B").id == "c"
    assert actions.find_item(packet, "tab b").id == "c"
    assert actions.find_item(packet, "L1").id == "L"
    assert actions.find_item(packet, "d").id == "d"  # an id
    refused(lambda p: actions.find_item(p, "Q"), packet, "exhibit", "'Q'", "L1")


def test_add_item_adds_the_document_record_and_the_exhibit(packet):
    e = actions.add_item(packet, doc("e", pages=3), title=" Lease ", factors=["residence", "residence"])
    assert packet.exhibits[-1] is e and (e.title, e.factors) == ("Lease", ["residence"])
    assert packet.documents[SHA["e"]].pages == 3
    lead = actions.add_item(packet, doc("f"), title="Brief", lead=True)
    assert packet.lead[-1] is lead
    refused(lambda p: actions.add_item(p, doc("f"), title=""), packet, "title")


def test_an_action_wrapped_as_an_edit_undoes_and_redoes(packet):
    edit = Edit.capture(packet, "Fill slot", lambda p: actions.fill_slot(p, "b", "kids"))
    assert edit is not None
    edit.revert(packet)
    assert (packet.find("b").slot, packet.find("b").factors) == ("", [])
    edit.apply(packet)
    assert (packet.find("b").slot, packet.find("b").factors) == ("kids", ["family_ties"])
    # a refused action records nothing and leaves the packet as it was
    before = copy.deepcopy(packet)
    with pytest.raises(ActionError):
        Edit.capture(packet, "Bad time", lambda p: actions.set_cover(p, hearing_time="99:99"))
    assert packet == before


# -- the title cap (issue 10): every action that sets a title applies it ------------------------------------------

@pytest.mark.parametrize(("change", "words"), [
    (lambda p: actions.rename(p, "b", "T" * 2_000), ["The exhibit's title is 2,000 characters long", "up to 300"]),
    (lambda p: actions.add_item(p, doc("e"), title="N" * 301), ["301 characters long", "up to 300"]),
    (lambda p: actions.set_cover(p, document_title="D" * 400), ["document_title is 400 characters long"]),
    (lambda p: actions.set_cover_values(p, [("judge", "Hon. Kim"), ("document_title", "D" * 400)]),
     ["document_title is 400 characters long"]),
], ids=["rename", "add_item", "set_cover", "set_cover_values"])
def test_titles_over_the_cap_are_refused_by_every_action(packet, change, words):
    exc = refused(change, packet, *words)
    assert isinstance(exc, actions.TitleTooLong)
    assert "T" * 50 not in str(exc) and "D" * 50 not in str(exc)  # the message never repeats the long text


def test_titles_at_the_cap_are_taken_stripped(packet):
    actions.rename(packet, "b", "  " + "T" * 300 + "  ")
    actions.set_cover(packet, document_title="D" * 300)
    assert packet.find("b").title == "T" * 300
    assert packet.cover.document_title == "D" * 300
    assert actions.check_title("x" * 300, "--title") == "x" * 300


# -- suggestions -----------------------------------------------------------------------------------------------

def _automatic_titles(packet: Packet) -> None:
    """Titles as intake makes them from the file names (what a suggestion may replace)."""
    from packet.core.titles import title_from_filename

    for e in packet.exhibits:
        e.title = title_from_filename(packet.documents[e.document].original_name)


def test_accepting_a_suggestion_takes_its_fields_and_undoes_as_one_edit(packet):
    offer = actions.Accepted(title="Pay stub, March 2024", date="2024-03-01 to 2024-03-15", factor="employment",
                             language="Spanish")
    _automatic_titles(packet)
    automatic = packet.find("b").title
    e = packet.find("b")
    assert offer.changes(e) == offer.offered()
    edit = Edit.capture(packet, "Accept suggestion", lambda p: actions.accept_suggestion(p, "b", offer))
    assert (e.title, e.date, e.factors, e.language) == ("Pay stub, March 2024", "2024-03-01 to 2024-03-15",
                                                       ["employment"], "Spanish")
    assert offer.changes(packet.find("b")) == {}  # taken: nothing left to change
    edit.revert(packet)
    e = packet.find("b")
    assert (e.title, e.date, e.factors, e.language) == (automatic, "", [], "")
    assert actions.accept_suggestion(packet, "c", offer, only=("date",)) == ["date"]
    assert packet.find("c").date == "2024-03-01 to 2024-03-15"
    packet.find("d").language = "English"  # what the user said is never overridden
    assert "language" not in actions.accept_suggestion(packet, "d", offer)
    assert packet.find("d").language == "English"


def test_a_suggestion_never_replaces_what_the_user_typed_nor_tags_a_lead_document(packet):
    offer = actions.Accepted(title="Letter of support", date="2026-09-14", factor="community")
    packet.find("b").date = "2025"
    assert offer.changes(packet.find("b"), packet) == {"factor": "community"}  # 'Doc b' and 2025 were typed
    assert actions.accept_suggestion(packet, "b", offer) == ["factor"]
    assert (packet.find("b").title, packet.find("b").date) == ("Doc b", "2025")
    # the request letter is a lead document: a title and date may be offered while automatic, never a factor
    packet.find("L").title = ""
    assert set(offer.changes(packet.find("L"), packet)) == {"title", "date"}
    assert "factor" not in actions.accept_suggestion(packet, "L", offer)
    assert packet.find("L").factors == []


def test_a_dismissed_suggestion_is_kept_on_the_item_and_undoes_as_one_edit(packet):
    said = "Pay stub, March 2024; 2024-03-01 to 2024-03-15; factor employment"
    edit = Edit.capture(packet, "Dismiss", lambda p: actions.dismiss_suggestion(p, "b", said))
    assert packet.find("b").dismissed_suggestion == said
    assert Exhibit.from_dict(packet.find("b").to_dict()).dismissed_suggestion == said  # saved with the packet
    assert not actions.dismiss_suggestion(packet, "b", said)  # already dismissed: no change
    assert (packet.find("b").title, packet.find("b").factors) == ("Doc b", [])  # nothing taken
    edit.revert(packet)
    assert packet.find("b").dismissed_suggestion == ""
    refused(lambda p: actions.dismiss_suggestion(p, "b", "  "), packet, "suggestion")
    refused(lambda p: actions.dismiss_suggestion(p, "zz", said), packet, "no such")


def test_a_suggestion_with_a_bad_value_changes_nothing(packet):
    _automatic_titles(packet)
    refused(lambda p: actions.accept_suggestion(p, "b", actions.Accepted(title="T", factor="famly")), packet,
            "factor", "'famly'")
    refused(lambda p: actions.accept_suggestion(p, "b", actions.Accepted(title="x" * 400)), packet, "400")
    refused(lambda p: actions.accept_suggestion(p, "b", actions.Accepted(date="2024"), only=("when",)), packet,
            "suggestion field")
    refused(lambda p: actions.accept_suggestion(p, "zz", actions.Accepted(date="2024")), packet, "no such")
