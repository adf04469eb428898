"""The summary of equities: which sections it has, in what order, under what headings, citing which exhibits.

Rules from resources/factors.json ("summary"): only discretion factors are equities (identity and procedural
documents get no section); the criminal-record section is headed by what was filed ("No criminal record" for
clearance letters, "Criminal history and rehabilitation" for dispositions, which then also cites the
rehabilitation evidence), unless the user chooses; an optional "Negative factors addressed" section closes it.
Each section carries the user's own short statement, if any, and the ids of the exhibits to cite; turning those
into "Tab C, p. 14" needs the export plan's page numbers, so cites are formatted by `exhibit_cite`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from packet.core.factor_sections import section_order
from packet.core.factors import load_factors
from packet.core.model import Exhibit, Packet, Slot, SummaryText
from packet.core.resources import resource
from packet.core.rule_data import DataReader, Source, read_rule_file

RECORD, NO_RECORD, UNKNOWN = "record", "no_record", "unknown"
KINDS = (RECORD, NO_RECORD, UNKNOWN)
NEGATIVE = "negative"  # the key of the negative-factors section


@dataclass(frozen=True)
class CriminalRules:
    factor: str
    headings: Mapping[str, str]  # record / no_record / unknown -> heading
    record_slots: tuple[str, ...]
    no_record_slots: tuple[str, ...]
    record_words: tuple[str, ...]
    no_record_words: tuple[str, ...]
    with_record_also_cites: tuple[str, ...]


@dataclass(frozen=True)
class SummaryRules:
    criminal: CriminalRules
    negative_heading: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class SummarySection:
    key: str  # factor id, or NEGATIVE
    heading: str
    statement: str  # the user's words, "" when none
    exhibits: tuple[str, ...]  # ids of the lead documents and exhibits to cite, in packet order


# -- the rules ---------------------------------------------------------------------------------------------------

def parse_summary_rules(data: object, source: str) -> SummaryRules:
    r = DataReader(source)
    top = r.object(data, "", ("schema_version", "about", "factors", "summary"), ("summary",))
    s = r.object(top["summary"], "summary", ("about", "sources", "criminal_history", "negative_factors"),
                 ("criminal_history", "negative_factors", "sources"))
    c = r.object(s["criminal_history"], "summary.criminal_history",
                 ("factor", "headings", "record_slots", "no_record_slots", "record_words", "no_record_words",
                  "with_record_also_cites", "note"), ("factor", "headings"))
    w = "summary.criminal_history"
    h = r.object(c["headings"], f"{w}.headings", KINDS, KINDS)
    known = {f.id for f in load_factors()}
    factor = r.text(c, "factor", f"{w}.factor", required=True)
    also = r.texts(c, "with_record_also_cites", f"{w}.with_record_also_cites")
    for i, fid in enumerate([factor, *also]):
        if fid not in known:
            where = f"{w}.factor" if i == 0 else f"{w}.with_record_also_cites[{i - 1}]"
            raise r.fail(where, f"{fid!r} is not a factor in factors.json")
    n = r.object(s["negative_factors"], "summary.negative_factors", ("id", "heading", "optional", "note"),
                 ("heading",))
    sources = tuple(r.source_of({"source": x}, f"summary.sources[{i}]")
                    for i, x in enumerate(r.items(s, "sources", "summary.sources")))
    return SummaryRules(
        CriminalRules(factor, {k: r.text(h, k, f"{w}.headings.{k}", required=True) for k in KINDS},
                      r.texts(c, "record_slots", f"{w}.record_slots"),
                      r.texts(c, "no_record_slots", f"{w}.no_record_slots"),
                      tuple(_fold(x) for x in r.texts(c, "record_words", f"{w}.record_words")),
                      tuple(_fold(x) for x in r.texts(c, "no_record_words", f"{w}.no_record_words")), also),
        r.text(n, "heading", "summary.negative_factors.heading", required=True), sources)


@lru_cache(maxsize=1)
def load_summary_rules() -> SummaryRules:
    return parse_summary_rules(read_rule_file(resource("factors.json"), "factors.json"), "factors.json")


# -- criminal record ---------------------------------------------------------------------------------------------

def _fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def _says(title: str, phrases: Iterable[str]) -> bool:
    padded = f" {title} "
    return any(f" {p} " in padded for p in phrases)


def exhibit_record_kind(e: Exhibit, rules: CriminalRules) -> str:
    """RECORD for a disposition, NO_RECORD for a clearance, UNKNOWN when neither the slot nor the title tells.
    A title that says "no record" / "no arrest" is read first, so "Police clearance: no arrests" is a clearance."""
    if e.slot in rules.record_slots:
        return RECORD
    if e.slot in rules.no_record_slots:
        return NO_RECORD
    title = _fold(e.title)
    if _says(title, [p for p in rules.no_record_words if p.startswith("no ")]):
        return NO_RECORD
    if _says(title, rules.record_words):
        return RECORD
    return NO_RECORD if _says(title, rules.no_record_words) else UNKNOWN


def criminal_record_kind(items: Iterable[Exhibit], rules: CriminalRules | None = None) -> str:
    """What the criminal-record evidence shows: any disposition makes it RECORD; else any clearance NO_RECORD."""
    rules = rules or load_summary_rules().criminal
    kinds = {exhibit_record_kind(e, rules) for e in items}
    return RECORD if RECORD in kinds else NO_RECORD if NO_RECORD in kinds else UNKNOWN


# -- the sections ------------------------------------------------------------------------------------------------

def _supports(e: Exhibit, factor: str, slots: Mapping[str, Slot]) -> bool:
    slot = slots.get(e.slot)
    return factor in e.factors or (slot is not None and slot.factor == factor)


def summary_sections(packet: Packet, order: Sequence[str] | None = None, text: SummaryText | None = None,
                     rules: SummaryRules | None = None) -> list[SummarySection]:
    """The summary's sections in order: each discretion factor with evidence or a statement (in the packet's
    section order, `order` overriding it), then the negative factors if the user addressed them. An exhibit is
    cited under every factor it supports. Identity and procedural documents never get a section."""
    rules = rules or load_summary_rules()
    text = text if text is not None else packet.summary
    crim = rules.criminal
    factors = {f.id: f for f in load_factors()}
    slots = {s.id: s for s in packet.slots}
    items = packet.items()
    ids = [f for f in section_order(packet.settings.factor_order if order is None else order)
           if factors[f].kind == "factor"]
    backing = {f: [e.id for e in items if _supports(e, f, slots)] for f in ids}
    kind = text.criminal_heading or criminal_record_kind(
        (e for e in items if _supports(e, crim.factor, slots)), crim)
    absorbed = set(crim.with_record_also_cites) if kind == RECORD and backing.get(crim.factor) else set()
    out: list[SummarySection] = []
    for fid in ids:
        if fid in absorbed:
            continue
        cite = list(backing[fid])
        statement = text.statements.get(fid, "").strip()
        heading = factors[fid].name
        if fid == crim.factor:
            heading = crim.headings[kind]
            for other in crim.with_record_also_cites if absorbed else ():
                cite += [i for i in backing.get(other, []) if i not in cite]
                extra = text.statements.get(other, "").strip()
                statement = "\n\n".join(x for x in (statement, extra) if x)
            order_of = {e.id: n for n, e in enumerate(items)}
            cite.sort(key=order_of.__getitem__)
        if cite or statement:
            out.append(SummarySection(fid, heading, statement, tuple(cite)))
    negative = text.statements.get(NEGATIVE, "").strip()
    known = {e.id for e in items}
    negative_ids = tuple(i for i in text.negative_exhibits if i in known)
    if negative or negative_ids:
        out.append(SummarySection(NEGATIVE, rules.negative_heading, negative, negative_ids))
    return out


def exhibit_cite(label: str, first: str, last: str = "") -> str:
    """'Tab C, p. 14', 'Tab C, pp. 14-16'; a lead document (no label) is cited by its pages alone."""
    pages = f"p. {first}" if not last or last == first else f"pp. {first}-{last}"
    return f"Tab {label}, {pages}" if label else pages
