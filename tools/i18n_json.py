"""Babel extractor for the user-visible fields of Packet's JSON resources (a development tool, never shipped).

The resources stay English data; the window and the command line translate these fields where they show them
(`_(factor.name)`), and the export never does: the filing is English. Which fields are shown to the user is listed
here, per kind of resource file; everything else (ids, rules, sources, the texts drawn into the filing, such as
a template's document title and its suggested requests) stays out of the catalogue. The postures' phrases are
in it for the window's list only: the cover page draws them in English.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

# Paths into the JSON: "a.b" a key, "a[]" every element of a list.
FIELDS: dict[str, tuple[str, ...]] = {
    "factors": ("factors[].name", "factors[].description", "factors[].evidence[]",
                "summary.criminal_history.headings.no_record", "summary.criminal_history.headings.record",
                "summary.criminal_history.headings.unknown", "summary.negative_factors.heading"),
    "template": ("name", "purpose", "notes", "sections[].title", "sections[].note", "slots[].title",
                 "slots[].hint"),
    "profile": ("name", "description"),
    "receivers": ("receivers[].name", "postures[].meaning", "postures[].phrase"),
    "deadlines": ("fix_passed", "rules[].rule"),
    # the kinds of document a suggestion names ("This looks like a pay stub"); their phrases are keyword rules
    "recognise": ("kinds[].name",),
}


def kind_of(filename: str) -> str:
    name = filename.replace("\\", "/")
    if name.endswith("factors.json"):
        return "factors"
    if name.endswith("receivers.json"):
        return "receivers"
    if "/templates/" in name:
        return "template"
    if "/profiles/" in name:
        return "profile"
    if "/deadlines/" in name:
        return "deadlines"
    if name.endswith("recognise/kinds.json"):
        return "recognise"
    return ""


def values_at(data: Any, path: str) -> Iterator[str]:
    """Every string at `path` in `data` (missing keys give nothing)."""
    head, _, rest = path.partition(".")
    is_list = head.endswith("[]")
    key = head[:-2] if is_list else head
    if not isinstance(data, dict) or key not in data:
        return
    items = data[key] if is_list else [data[key]]
    if is_list and not isinstance(items, list):
        return
    for item in items:
        if rest:
            yield from values_at(item, rest)
        elif isinstance(item, str) and item.strip():
            yield item


def extract_json(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
                 ) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor interface: (line, function name, message, comments) for each user-visible field."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    name = getattr(fileobj, "name", "")
    kind = options.get("kind") or kind_of(str(name))
    data = json.loads(text)
    for path in FIELDS.get(kind, ()):
        for value in values_at(data, path):
            quoted = json.dumps(value, ensure_ascii=False)[:60]
            line = next((i for i, ln in enumerate(lines, 1) if quoted in ln), 0)
            yield line, "_", value, [f"{kind}: {path}"]
