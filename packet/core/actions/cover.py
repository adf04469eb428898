"""Cover-sheet actions: the cover's fields, the respondents and their A-numbers, the translator, the service.

Every value is checked here (dates, times, A-numbers, yes/no), whether it was typed in the window's cover form or
given as `FIELD=VALUE` on the command line; a refused value raises ActionError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from packet.core.actions.errors import ActionError
from packet.core.actions.values import check_title, parse_a_number, parse_bool, parse_date, parse_time
from packet.core.deadlines import HEARING_TYPES, INDIVIDUAL, MASTER
from packet.core.i18n import _, ngettext
from packet.core.model import CoverSheet, Packet, Respondent
from packet.core.receivers import load_receivers

# Cover fields that hold text; `detained` is the one yes/no field, respondents are a list of their own.
COVER_TEXT = ("filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id", "represented_party",
              "court", "judge", "hearing_date", "hearing_time", "document_title", "hearing_type",
              "court_set_deadline", "posture", "requested", "passport_expiry", "stay_until")
DATE_FIELDS = ("hearing_date", "court_set_deadline", "passport_expiry", "stay_until")
# What people call the two kinds of hearing, as the cover stores them.
HEARING_WORDS = {"master": MASTER, "master calendar": MASTER, "master calendar hearing": MASTER, "mch": MASTER,
                 "individual": INDIVIDUAL, "individual calendar": INDIVIDUAL, "individual hearing": INDIVIDUAL,
                 "merits": INDIVIDUAL, "merits hearing": INDIVIDUAL, "": ""}
TRANSLATOR_FIELDS = ("name", "address", "phone", "email")
SERVICE_FIELDS = ("served_on", "address", "method", "date", "signer")


def parse_hearing_type(field: str, text: str) -> str:
    """'master' or 'individual' ('master calendar', 'merits' and the like are understood); '' for not known."""
    value = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if value not in HEARING_WORDS:
        raise ActionError(field, text, _("use {choices} (master calendar or individual merits hearing), or leave it "
                                         "empty when not known").format(choices=" or ".join(HEARING_TYPES)))
    return HEARING_WORDS[value]


def posture_choices(receiver_id: str) -> list[tuple[str, str]]:
    """(posture id, its phrase) the receiver accepts, its default first."""
    receivers = load_receivers()
    try:
        receiver = receivers.get(receiver_id)
    except KeyError:
        receiver = receivers.get("")
    ids = [receiver.default_posture, *(p for p in receiver.postures if p != receiver.default_posture)]
    return [(pid, receivers.postures[pid].phrase) for pid in ids if pid in receivers.postures]


def parse_posture(field: str, text: str, receiver_id: str) -> str:
    """A posture id the packet's receiver accepts ('' for its default); its phrase is understood too."""
    value = text.strip()
    if not value:
        return ""
    choices = posture_choices(receiver_id)
    for pid, phrase in choices:
        if value.lower() in (pid, phrase.lower()):
            return pid
    listed = "; ".join(f"{pid} ({phrase})" for pid, phrase in choices)
    raise ActionError(field, text, _("use one of: {choices}, or leave it empty for the first").format(choices=listed))


def _cover_value(key: str, value: object, receiver: str = "") -> object:
    """The checked value of one cover field, as stored (`receiver`: the packet's, for the posture)."""
    if key == "detained":
        return parse_bool(key, value if isinstance(value, (str, bool)) else str(value))
    if key not in COVER_TEXT:
        raise ActionError(_("unknown cover field"), key, _("use one of: {choices}").format(
            choices=", ".join((*COVER_TEXT, "detained"))))
    text = str(value).strip()
    if key in DATE_FIELDS:
        return parse_date(key, text)
    if key == "hearing_time":
        return parse_time(key, text)
    if key == "document_title":
        return check_title(text, key)
    if key == "hearing_type":
        return parse_hearing_type(key, text)
    if key == "posture":
        return parse_posture(key, text, receiver)
    return text


def set_cover(packet: Packet, **fields: object) -> None:
    """Set cover fields (text fields by name, `detained` as yes/no, dates as YYYY-MM-DD, the hearing type and the
    posture from their choices); all are checked before any is set."""
    checked = {key: _cover_value(key, value, packet.cover.receiver) for key, value in fields.items()}
    for key, value in checked.items():
        setattr(packet.cover, key, value)


def add_respondent(packet: Packet, name: str = "", a_number: str = "") -> int:
    """Add a respondent at the end; returns its index."""
    person = Respondent(name=name.strip(), a_number=parse_a_number("a_number", a_number))
    packet.cover.respondents.append(person)
    return len(packet.cover.respondents) - 1


def _respondent(packet: Packet, index: int) -> Respondent:
    people = packet.cover.respondents
    if not 0 <= index < len(people):
        raise ActionError(_("respondent"), index + 1, ngettext("the packet has {n} respondent",
                                                               "the packet has {n} respondents", len(people)).format(
            n=len(people)))
    return people[index]


def set_respondent(packet: Packet, index: int, *, name: str | None = None, a_number: str | None = None) -> None:
    """Change a respondent's name or A-number (written A-123-456-789)."""
    person = _respondent(packet, index)
    number = parse_a_number("a_number", a_number) if a_number is not None else person.a_number
    if name is not None:
        person.name = name.strip()
    person.a_number = number


def remove_respondents(packet: Packet, indexes: Iterable[int]) -> None:
    wanted = set(indexes)
    for i in wanted:
        _respondent(packet, i)
    packet.cover.respondents = [r for i, r in enumerate(packet.cover.respondents) if i not in wanted]


def set_cover_values(packet: Packet, values: Iterable[tuple[str, str]]) -> None:
    """Apply FIELD=VALUE text pairs (`packet new --set`, `packet set`, the sample).

    The n-th `respondent` and `a_number` fill the n-th respondent (added when missing; what is not given is
    kept); `filer_address` takes `\\n` between lines. Everything is checked before anything changes.
    """
    pairs = list(values)
    unknown = [k for k, _value in pairs if k not in CoverSheet.SETTABLE]
    if unknown:
        raise ActionError(_("unknown field"), unknown[0], _("use one of: {choices}").format(
            choices=", ".join(CoverSheet.SETTABLE)))
    names = [v.strip() for k, v in pairs if k == "respondent"]
    numbers = [parse_a_number("a_number", v) for k, v in pairs if k == "a_number"]
    fields: dict[str, object] = {}
    for key, value in pairs:
        if key in ("respondent", "a_number"):
            continue
        fields[key] = value.replace("\\n", "\n") if key == "filer_address" else value
    checked = {key: _cover_value(key, value, packet.cover.receiver) for key, value in fields.items()}
    for i in range(max(len(names), len(numbers))):
        while len(packet.cover.respondents) <= i:
            packet.cover.respondents.append(Respondent())
        if i < len(numbers):
            packet.cover.respondents[i].a_number = numbers[i]
        if i < len(names):
            packet.cover.respondents[i].name = names[i]
    set_cover(packet, **checked)


def set_translator(packet: Packet, **fields: str) -> None:
    """The translator's name, address, phone and email (printed on every certificate of translation)."""
    for key in fields:
        if key not in TRANSLATOR_FIELDS:
            raise ActionError(_("unknown translator field"), key, _("use one of: {choices}").format(
                choices=", ".join(TRANSLATOR_FIELDS)))
    for key, value in fields.items():
        setattr(packet.translator, key, str(value).strip())


def set_service(packet: Packet, **fields: str) -> None:
    """The certificate of service: served on, address, method, date (YYYY-MM-DD) and signer."""
    checked: dict[str, str] = {}
    for key, value in fields.items():
        if key not in SERVICE_FIELDS:
            raise ActionError(_("unknown service field"), key, _("use one of: {choices}").format(
                choices=", ".join(SERVICE_FIELDS)))

        checked[key] = parse_date(f"service_{key}", value) if key == "date" else str(value).strip()
    for key, value in checked.items():
        setattr(packet.service, key, value)
