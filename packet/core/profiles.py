"""Filing profiles: what the receiving end accepts (size limit, part names, margins, certificate of service).

Built-in profiles live in resources/profiles/; a user's own copies (with another size limit, say) are read from
folders the store names. A profile file with problems is reported, never fatal, and never hides the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from packet.core.i18n import _
from packet.core.resources import resource

SCHEMA_VERSION = 1
FIELDS = {"schema_version", "id", "name", "description", "page_size", "max_file_mb", "part_name", "sides",
          "top_margin_in", "certificate_of_service", "text_searchable", "delivery", "file_separately",
          "translations", "translation_source"}
# How the filing reaches the office; "email" makes the export write the email's text beside the PDF.
DELIVERIES = ("", "ecas", "paper", "email", "in_person", "cmecf")
# What a document in another language without its English translation is for the receiver: "required" (a court:
# a blocker) or "expected" (a warning); `translation_source` says where the rule comes from and when it was read.
TRANSLATIONS = ("required", "expected")


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    description: str = ""
    max_file_mb: float | None = None
    part_name: str = "{name}_Part{n}.pdf"
    sides: str = "single"
    top_margin_in: float = 0.5
    certificate_of_service: bool = False
    text_searchable: str = "preferred"
    delivery: str = ""  # one of DELIVERIES
    file_separately: tuple[str, ...] = ()  # template slot ids filed as their own PDF with this profile (EOIR-28)
    translations: str = "expected"
    translation_source: str = ""
    source: str = "built-in"

    @property
    def emailed(self) -> bool:
        return self.delivery == "email"

    @property
    def max_bytes(self) -> int | None:
        """The limit in bytes (a megabyte is 1,000,000 bytes here: the stricter reading of 'MB')."""
        return int(self.max_file_mb * 1_000_000) if self.max_file_mb else None

    @property
    def top_margin_pt(self) -> float:
        return self.top_margin_in * 72.0

    def part_file(self, stem: str, n: int) -> str:
        return self.part_name.format(name=stem, n=n)


def parse_profile(data: object, source: str) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(_("{source}: a profile is a JSON object").format(source=source))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise ProfileError(f"{source}: unknown field {unknown[0]!r}")
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise ProfileError(_("{source}: field 'schema_version' is missing or not a number").format(source=source))
    if version > SCHEMA_VERSION:
        raise ProfileError(_("{source}: field 'schema_version' is {version}, newer than this Packet reads "
                             "({schema_version}); update Packet").format(
                               source=source, version=version, schema_version=SCHEMA_VERSION))
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ProfileError(_("{source}: field {key!r} must be a non-empty text").format(source=source, key=key))
    limit = data.get("max_file_mb")
    if limit is not None and (not isinstance(limit, (int, float)) or isinstance(limit, bool) or limit <= 0.1):
        raise ProfileError(_("{source}: field 'max_file_mb' must be a number of megabytes above 0.1, or null").format(
                               source=source))
    part = data.get("part_name", "{name}_Part{n}.pdf")
    if not isinstance(part, str) or "{n}" not in part or not part.endswith(".pdf") or "/" in part:
        raise ProfileError(_("{source}: field 'part_name' must contain {{n}} and end in .pdf, like "
                             "'{{name}}_Part{{n}}.pdf'").format(source=source))
    if data.get("page_size", "letter") != "letter":
        raise ProfileError(_("{source}: field 'page_size' must be 'letter' (US Letter is what courts take)").format(
                               source=source))
    if data.get("sides", "single") not in ("single", "double"):
        raise ProfileError(_("{source}: field 'sides' must be 'single' or 'double'").format(source=source))
    margin = data.get("top_margin_in", 0.5)
    if not isinstance(margin, (int, float)) or isinstance(margin, bool) or not 0.25 <= margin <= 2.5:
        raise ProfileError(_("{source}: field 'top_margin_in' must be between 0.25 and 2.5 inches").format(
                               source=source))
    cos = data.get("certificate_of_service", False)
    if not isinstance(cos, bool):
        raise ProfileError(_("{source}: field 'certificate_of_service' must be true or false").format(source=source))
    searchable = data.get("text_searchable", "preferred")
    if searchable not in ("preferred", "required", "no"):
        raise ProfileError(_("{source}: field 'text_searchable' must be 'preferred', 'required' or 'no'").format(
                               source=source))
    translations = data.get("translations", "expected")
    if translations not in TRANSLATIONS:
        raise ProfileError(_("{source}: field 'translations' must be 'required' or 'expected'").format(
                               source=source))
    if not isinstance(data.get("translation_source", ""), str):
        raise ProfileError(_("{source}: field 'translation_source' must be a text").format(source=source))
    delivery = data.get("delivery", "")
    if delivery not in DELIVERIES:
        raise ProfileError(_("{source}: field 'delivery' must be one of {choices}").format(
                               source=source, choices=", ".join(repr(d) for d in DELIVERIES if d)))
    apart = data.get("file_separately", [])
    if not isinstance(apart, list) or not all(isinstance(x, str) and x.strip() for x in apart):
        raise ProfileError(_("{source}: field 'file_separately' must be a list of template slot ids, like "
                             "[\"eoir28\"]").format(source=source))
    return Profile(id=data["id"].strip(), name=data["name"].strip(), description=str(data.get("description", "")),
                   max_file_mb=float(limit) if limit else None, part_name=part, sides=data.get("sides", "single"),
                   top_margin_in=float(margin), certificate_of_service=cos, text_searchable=searchable,
                   delivery=delivery, file_separately=tuple(x.strip() for x in apart), translations=translations,
                   translation_source=str(data.get("translation_source", "")), source=source)


def load_profiles(extra_dirs: tuple[Path, ...] = ()) -> tuple[dict[str, Profile], list[str]]:
    """Every profile by id (a user's copy with the same id replaces the built-in), and problems found."""
    found: dict[str, Profile] = {}
    problems: list[str] = []
    folders = [(resource("profiles"), "built-in"), *[(Path(d), "user") for d in extra_dirs]]
    for folder, kind in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.append(_("{path}: not a readable JSON file ({error}); it was skipped").format(
                                    path=path, error=exc))
                continue
            try:
                profile = parse_profile(data, str(path) if kind == "user" else path.name)
                if kind != "user":
                    profile = replace(profile, source="built-in")
            except ProfileError as exc:
                problems.append(_("{error}; the profile was skipped").format(error=exc))
                continue
            found[profile.id] = profile
    return found, problems
