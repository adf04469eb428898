"""packet.json is checked against the model before anything is built from it: never trust a file.

A value of the wrong type (a title that is a number, a page list that is text), a document keyed by something that
is not its hash, or a count no real file has (a document claiming 10^9 pages) is refused with the field's path,
so that nothing downstream (list, check, build, the window) meets it.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import cache
from typing import Any

from packet.core.model import Document, Exhibit, Packet

MAX_DOCUMENT_PAGES = 100_000  # far more than any filing; a bound so a damaged count cannot exhaust memory
MAX_ITEMS = MAX_DOCUMENT_PAGES  # exhibits, documents, respondents, pages of an exhibit
_SHA = re.compile(r"[0-9a-f]{64}")
_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "yes or no (true/false)"}


class SchemaProblem(ValueError):
    """One field of packet.json that cannot be right; str() is `field "x.y" should be ...`."""


def check_packet_dict(data: dict[str, Any]) -> None:
    """Raise SchemaProblem for the first field of packet.json whose type or size cannot be right."""
    _check_fields(Packet, data, "")
    documents = data.get("documents") or {}
    for key, doc in documents.items():
        where = f"documents[{key[:16]!r}]"
        if not _SHA.fullmatch(key) or doc.get("sha256") != key:
            raise SchemaProblem(f'field "{where}" is not named by its SHA-256')
        pages = doc.get("pages", 0)
        if not 0 <= pages <= MAX_DOCUMENT_PAGES:
            raise SchemaProblem(f'field "{where}.pages" is {pages:,}; a document has 1 to {MAX_DOCUMENT_PAGES:,} pages')
        if doc.get("kind") == "image" and len(doc.get("page_images") or []) != pages:
            raise SchemaProblem(f'field "{where}.page_images" does not match its {pages} page(s)')
        if doc.get("size", 0) < 0:
            raise SchemaProblem(f'field "{where}.size" is negative')
    for role in ("lead", "exhibits"):
        for n, item in enumerate(data.get(role) or []):
            for p in item.get("pages") or []:
                if not 1 <= p <= MAX_DOCUMENT_PAGES:
                    raise SchemaProblem(f'field "{role}[{n}].pages" holds page {p}, which no document has')


def check_family_dict(data: dict[str, Any]) -> None:
    """The same for a family's family.json (store/family.py): its id, members, documents and shared exhibits."""
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise SchemaProblem('field "id" should be text naming the family')
    members = data.get("members", [])
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        raise SchemaProblem('field "members" should be a list of packet folder names')
    documents = data.get("documents") or {}
    if not isinstance(documents, dict) or len(documents) > MAX_ITEMS:
        raise SchemaProblem('field "documents" should be a group of documents')
    for key, doc in documents.items():
        _check_fields(Document, doc, f"documents[{key[:16]!r}]")
        if not _SHA.fullmatch(key) or doc.get("sha256") != key:
            raise SchemaProblem(f'field "documents[{key[:16]!r}]" is not named by its SHA-256')
    exhibits = data.get("exhibits") or {}
    if not isinstance(exhibits, dict) or len(exhibits) > MAX_ITEMS:
        raise SchemaProblem('field "exhibits" should be a group of shared exhibits')
    for key, values in exhibits.items():
        _check_fields(Exhibit, values, f"exhibits[{key[:16]!r}]")


def _check_fields(cls: type, data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise SchemaProblem(f'field "{where or "(top)"}" should be a group of fields, not {_kind(data)}')
    hints = _hints(cls)
    for name, value in data.items():
        if name in hints:
            _check_value(hints[name], value, f"{where}.{name}" if where else name)


def _check_value(hint: Any, value: Any, where: str) -> None:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return
        hint = next(a for a in options if a is not type(None))
        origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _check_fields(hint, value, where)
    elif origin is list:
        if not isinstance(value, list):
            raise SchemaProblem(f'field "{where}" should be a list, not {_kind(value)}')
        if len(value) > MAX_ITEMS:
            raise SchemaProblem(f'field "{where}" holds {len(value):,} entries, more than a packet can have')
        (item,) = typing.get_args(hint)
        for n, v in enumerate(value):
            _check_value(item, v, f"{where}[{n}]")
    elif origin is dict:
        if not isinstance(value, dict) or len(value) > MAX_ITEMS:
            raise SchemaProblem(f'field "{where}" should be a group of entries, not {_kind(value)}')
        _, item = typing.get_args(hint)
        for k, v in value.items():
            _check_value(item, v, f"{where}[{k[:16]!r}]")
    elif hint in _NAMES:
        ok = isinstance(value, hint) and not (hint is not bool and isinstance(value, bool))
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            raise SchemaProblem(f'field "{where}" should be {_NAMES[hint]}, not {_kind(value)}')
    # Any other annotation (Any, object) is not checked.


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in typing.get_type_hints(cls).items() if k in names}


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"[:60]
    if isinstance(value, str):
        return f"the text {value[:30]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__

