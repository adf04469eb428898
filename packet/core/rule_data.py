"""Filing rules kept as data: where each rule comes from, and the checks' results as plain data.

Every rule file in `resources/` (deadlines, holidays, receivers, templates) names its source and the date it was
read, because these rules change and a user must be able to check them. `DataReader` reads such files and refuses
a bad value with a message naming the file and the field's path, like templates do.

`RuleFinding` is what the pure rule checks return. It has the fields of `packet.core.checks.Finding`, so the
readiness check can wrap one with `Finding(**rule_finding.as_dict())`; it lives here so that the rule modules
never import `checks` (which will import them).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

BLOCKER, WARNING, NOTE = "blocker", "warning", "note"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class RuleDataError(ValueError):
    """A rule file that cannot be used. The message names the file and the field."""

    def __init__(self, message: str, source: str = "", field: str = ""):
        super().__init__(message)
        self.source = source
        self.field = field


@dataclass(frozen=True)
class Source:
    """Where a rule was read: the document, the section, its address, and when."""

    title: str
    section: str = ""
    url: str = ""
    read: str = ""  # YYYY-MM-DD, the day it was read
    confirmed: bool = True  # False: the rule could not be confirmed in the stored copies; the reading is Packet's
    note: str = ""

    def cite(self) -> str:
        """'Immigration Court Practice Manual, Chapter 3.1(b) (read 2026-12-01)'."""
        where = ", ".join(x for x in (self.title, self.section) if x)
        return f"{where} (read {self.read})" if self.read else where


@dataclass(frozen=True)
class RuleFinding:
    """One result of a rule check, with the fields of `packet.core.checks.Finding`."""

    severity: str  # "blocker", "warning" or "note"
    code: str
    where: str
    problem: str
    fix: str
    exhibit_id: str = ""
    pages: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class DataReader:
    """Reads one rule file's values, raising RuleDataError with the file and the field's path."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, problem: str) -> RuleDataError:
        return RuleDataError(f"{self.source}: field \"{where}\" {problem}", self.source, where)

    def object(self, value: Any, where: str, known: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where or "(top)", f"must be an object {{...}}, not {_show(value)}")
        for key in value:
            if key not in known:
                path = f"{where}.{key}" if where else key
                raise self.fail(path, f"is not a known field (known here: {', '.join(known)}); check the spelling, "
                                      "or update Packet if a newer version wrote this file")
        for key in required:
            if key not in value:
                raise self.fail(f"{where}.{key}" if where else key, "is missing")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, default: str = "", required: bool = False) -> str:
        if key not in obj:
            if required:
                raise self.fail(where, "is missing")
            return default
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(where, f"must be text in quotes, not {_show(value)}")
        if required and not value.strip():
            raise self.fail(where, "is empty")
        return value

    def flag(self, obj: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where, f"must be true or false, not {_show(value)}")
        return value

    def whole(self, obj: dict[str, Any], key: str, where: str, low: int, high: int, default: int | None = None) -> int:
        if key not in obj and default is not None:
            return default
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"must be a whole number, not {_show(value)}")
        if not low <= value <= high:
            raise self.fail(where, f"is {value}; use {low} to {high}")
        return value

    def choice(self, obj: dict[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str = "") -> str:
        value = self.text(obj, key, where, default, required=not default)
        if value not in allowed:
            raise self.fail(where, f"{_show(value)} is not allowed here; use one of: {', '.join(allowed)}")
        return value

    def day(self, obj: dict[str, Any], key: str, where: str, required: bool = True) -> date | None:
        value = self.text(obj, key, where, required=required)
        if not value and not required:
            return None
        if not _DATE.fullmatch(value):
            raise self.fail(where, f"{_show(value)} is not a date written YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(where, f"{_show(value)} is not a real date") from None

    def items(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> list[Any]:
        if key not in obj and required:
            raise self.fail(where, "is missing")
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list [...], not {_show(value)}")
        return value

    def texts(self, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        out = []
        for i, v in enumerate(self.items(obj, key, where)):
            if not isinstance(v, str):
                raise self.fail(f"{where}[{i}]", f"must be text in quotes, not {_show(v)}")
            out.append(v)
        return tuple(out)

    def source_of(self, obj: dict[str, Any], where: str, read: str = "", confirmed: bool = True,
                  note: str = "") -> Source:
        """A rule's `source` object; `read`/`confirmed`/`note` may sit beside it (as in the deadline rules)."""
        raw = self.object(obj.get("source"), f"{where}.source" if where else "source",
                          ("title", "section", "url", "read", "confirmed", "note"), ("title",))
        w = f"{where}.source" if where else "source"
        read = self.text(raw, "read", f"{w}.read", read)
        if not read:
            raise self.fail(f"{where}.read" if where else "read", "is missing; say when the source was read")
        if not _DATE.fullmatch(read):
            raise self.fail(f"{w}.read", f"{_show(read)} is not a date written YYYY-MM-DD")
        return Source(
            title=self.text(raw, "title", f"{w}.title", required=True).strip(),
            section=self.text(raw, "section", f"{w}.section").strip(),
            url=self.text(raw, "url", f"{w}.url").strip(),
            read=read,
            confirmed=self.flag(raw, "confirmed", f"{w}.confirmed", confirmed),
            note=self.text(raw, "note", f"{w}.note", note),
        )


def load_json(text: str | bytes, source: str) -> Any:
    """JSON from a rule file's text; invalid JSON is refused naming the file, line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RuleDataError(f"{source}: is not UTF-8 text (byte {exc.start}); reinstall Packet.", source) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"{source}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            "reinstall Packet or fix the file.", source, f"line {exc.lineno}") from exc


def read_rule_file(path: Path, source: str) -> Any:
    """The JSON data of a built-in rule file; a missing or unreadable file is a RuleDataError naming it."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise RuleDataError(f"{source}: cannot be read ({exc.strerror or exc}); reinstall Packet.", source) from exc
    return load_json(text, source)
