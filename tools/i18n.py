"""`make i18n`: extract Packet's messages (babel.cfg), update the catalogues, compile them.

    python tools/i18n.py            # extract -> resources/locale/packet.pot, update each .po, compile each .mo
    python tools/i18n.py --check    # extract and report: messages missing a translation, fuzzy or obsolete

A development tool: Babel (the `test` extras) is needed here, never at run time (the app reads the committed .mo
with the standard library's gettext). The tests use `extract()` and `compile_po()` too, so the committed files
never drift from the code.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # babel.cfg names the JSON extractor as tools.i18n_json
    sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

LOCALE = ROOT / "resources" / "locale"
POT = LOCALE / "packet.pot"
LANGUAGES = ("es",)
# GNU gettext's rule for Spanish (CLDR adds a form for exact millions, "1 000 000 de anexos", that no message needs).
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
WIDTH = 116
# Fixed header dates: the files change only when a message does (a run with nothing new rewrites them the same).
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
HEADER = "# {lang} catalogue of Packet's interface. The filing itself stays English.\n# See glossary.tsv beside it."


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "packet.po"


def extract() -> Catalog:
    """Every marked message of the source tree and the resources' user-visible fields, as a template."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = Catalog(project="Packet", version="", msgid_bugs_address="", copyright_holder="Packet contributors",
                      charset="utf-8", creation_date=STAMP, revision_date=STAMP, fuzzy=False,
                      header_comment="# Packet's messages, extracted by tools/i18n.py (make i18n). Do not edit.")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _set_plural_forms(catalog: Catalog, lang: str) -> None:
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = STAMP
    catalog.last_translator = "Packet contributors"
    catalog.language_team = "Spanish"
    if lang in PLURAL_FORMS:
        headers = [(k, v) for k, v in catalog.mime_headers if k != "Plural-Forms"]
        catalog.mime_headers = [*headers, ("Plural-Forms", PLURAL_FORMS[lang])]


def read_catalog(lang: str) -> Catalog:
    with open(po_path(lang), "rb") as fh:
        catalog = read_po(fh, locale=lang)
    _set_plural_forms(catalog, lang)
    return catalog


def write_catalog(path: Path, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def compile_po(lang: str) -> bytes:
    """The .mo the committed .po compiles to (fuzzy entries left out, as gettext's msgfmt does)."""
    out = io.BytesIO()
    write_mo(out, read_catalog(lang), use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is missing; change nothing")
    args = parser.parse_args(argv)
    template = extract()
    status = 0
    if not args.check:
        write_catalog(POT, template)
    for lang in LANGUAGES:
        if po_path(lang).exists():
            catalog = read_catalog(lang)
        else:
            catalog = Catalog(locale=lang, project="Packet", version="", charset="utf-8",
                              header_comment=HEADER.format(lang=lang))
            _set_plural_forms(catalog, lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _set_plural_forms(catalog, lang)
        missing = untranslated(catalog)
        print(f"{lang}: {len(template)} messages, {len(missing)} without a translation, "
              f"{len(catalog.obsolete)} obsolete")
        if args.check:
            for m in missing:
                print(f"  missing: {m[:100]!r}")
            status = 1 if missing else status
            continue
        catalog.obsolete.clear()
        write_catalog(po_path(lang), catalog)
        (po_path(lang).with_suffix(".mo")).write_bytes(compile_po(lang))
    return status


if __name__ == "__main__":
    sys.exit(main())
