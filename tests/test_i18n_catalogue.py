"""The message catalogues: every marked message is in the template and has a Spanish entry, the Spanish keeps each
placeholder, the committed .mo is the compiled .po, the glossary's terms are used the same way everywhere, and the
CLI and the layers below it pass no unmarked literal to the places a user reads.

Extraction needs Babel (a test dependency, never a run-time one): tools/i18n.py does it, as `make i18n` does.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
i18n_tool = pytest.importorskip("i18n", reason="tools/i18n.py needs Babel (the test extras)")

LOCALE = ROOT / "resources" / "locale"
GLOSSARY = LOCALE / "es" / "glossary.tsv"


def ids_of(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def pairs(message) -> list[tuple[str, str]]:
    """(English, Spanish) for each form: singular with form 0, plural with every other form."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    singular, plural = message.id
    strings = list(message.string)
    return [(singular, strings[0])] + [(plural, s) for s in strings[1:]]


@pytest.fixture(scope="module")
def template():
    return i18n_tool.extract()


@pytest.fixture(scope="module")
def spanish():
    return i18n_tool.read_catalog("es")


def test_committed_template_is_what_the_code_marks(template):
    """A message marked in the code (or a new user-visible field in a resource) is in packet.pot: run make i18n."""
    with open(LOCALE / "packet.pot", "rb") as fh:
        committed = i18n_tool.read_po(fh)
    new, gone = ids_of(template) - ids_of(committed), ids_of(committed) - ids_of(template)
    assert not new and not gone, f"run 'make i18n': new {sorted(new)[:5]}, no longer marked {sorted(gone)[:5]}"


def test_every_message_has_a_spanish_entry(template, spanish):
    missing = sorted(ids_of(template) - ids_of(spanish))
    assert not missing, f"not in packet.po (run make i18n, then translate): {missing[:5]}"
    empty = i18n_tool.untranslated(spanish)
    assert not empty, f"{len(empty)} Spanish entries are empty or fuzzy, e.g. {empty[:3]}"
    assert len(ids_of(spanish)) > 800  # the whole interface below the window, the resources' fields


def test_the_committed_mo_is_the_compiled_po():
    committed = (LOCALE / "es" / "LC_MESSAGES" / "packet.mo").read_bytes()
    assert committed == i18n_tool.compile_po("es"), "packet.mo is stale: run make i18n"


FIELD = re.compile(r"\{[^{}]*\}")
PRINTF = re.compile(r"%(?:\([a-z_]+\))?[sdrn]")
MNEMONIC = re.compile(r"&(?=[^\W\d_])")  # "&File", not "Courts & Appeals"


def test_spanish_keeps_every_placeholder_and_mnemonic(spanish):
    """str.format fields ({name}, {n:,}, {x!r}), %-style ones, and '&' mnemonics survive translation."""
    lost = []
    for message in spanish:
        if not message.id:
            continue
        for english, translated in pairs(message):
            for pattern in (FIELD, PRINTF):
                if Counter(pattern.findall(english)) != Counter(pattern.findall(translated)):
                    lost.append((english, translated))
            if len(MNEMONIC.findall(english)) != len(MNEMONIC.findall(translated)):
                lost.append((english, translated))
    assert not lost, "\n".join(f"{e!r}\n  -> {s!r}" for e, s in lost[:5])


def test_the_checks_of_this_test_fail_on_a_lost_placeholder():
    english, translated = "{name} is {size:,.0f} MB", "{nombre} pesa {size} MB"
    assert Counter(FIELD.findall(english)) != Counter(FIELD.findall(translated))


def _plain(text: str) -> str:
    """Text without placeholders, quoted commands and option-like words, where a glossary term is looked for."""
    text = FIELD.sub(" ", text).replace("&", "")
    text = re.sub(r"\bpacket [a-z][a-z-]*", " ", text)
    text = re.sub(r"'[^']*'", " ", text)
    return " ".join(w for w in text.split()
                    if not ("=" in w or "_" in w or w.startswith("-") or (w.isupper() and len(w) > 1)))


def test_glossary_terms_are_used_the_same_way_everywhere(spanish):
    with open(GLOSSARY, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert {"exhibit", "hearing", "A-number", "Notice to Appear", "stay of removal"} <= {r["english"] for r in rows}
    checked = [r for r in rows if r["checked"] == "yes"]
    wrong = []
    for row in checked:
        term = re.compile(r"\b" + re.escape(row["english"]) + r"s?\b", re.I)
        wanted = [w.lower() for w in row["spanish"].split("|")]
        for message in spanish:
            if message.id:
                for english, translated in pairs(message):
                    shown = translated.replace("&", "").lower()  # mnemonics split words: "a&udiencia"
                    if term.search(_plain(english)) and not any(w in shown for w in wanted) and not term.search(
                            shown):  # an English example kept as it is written ("e.g. Immigration Court, New York")
                        wrong.append(f"{row['english']} -> {row['spanish']}: {translated[:100]!r}")
    assert not wrong, "\n".join(wrong[:8])


def test_repaired_files_are_recognised_in_spanish_too(spanish):
    """Intake says a repair once by the words every such message starts with (store/pdf_intake.REPAIRED)."""
    from packet.store.pdf_intake import REPAIRED

    strings = {m.id: m.string for m in spanish if isinstance(m.id, str)}
    prefix = strings[REPAIRED]
    starting = [i for i in strings if i.startswith(REPAIRED) and i != REPAIRED]
    assert len(starting) >= 2
    assert all(strings[i].startswith(prefix) for i in starting), [strings[i] for i in starting]


# -- unmarked literals where a user reads them ---------------------------------------------------------------

MARKERS = {"_", "N_", "ngettext"}
# Calls whose string arguments a user reads, with the argument positions that are not words (ids, codes).
USER_CALLS = {"print": (), "UsageError": (), "ActionError": (), "Finding": (0, 1), "RuleFinding": (0, 1),
              "ExportError": (), "ExportCancelled": (), "PacketError": (), "IntegrityError": (), "LockError": (),
              "Rejected": (), "ImageRejected": (), "Refused": (), "ConversionError": (), "ProfileNotFound": (),
              "TemplateNotFound": ()}
USER_KEYWORDS = {"help", "description", "epilog"}
# The filing is drawn in English on purpose (generated pages, index, bookmarks); applog is for developers.
# The covers by receiver and the OPLA email's text are part of the filing too, English whatever the interface.
NOT_SCANNED = {"packet/export/generated.py", "packet/export/index_pages.py", "packet/export/covers.py",
               "packet/export/email_text.py", "packet/store/applog.py"}


def _words(node: ast.AST) -> str:
    """The literal text of a string constant or f-string (each placeholder written {})."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                       for v in node.values)
    return ""


def _is_words(text: str) -> bool:
    """Prose, not an identifier, a code or punctuation: a word of letters and a space. Messages only developers
    read ("internal error: ...") stay English."""
    text = text.removeprefix("packet ")  # the program's name before its verb: "packet {verb}: {error}"
    return bool(re.search(r"[A-Za-z]{3,}", text)) and " " in text.strip() and not text.startswith("internal error")


def unmarked(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        args: list[ast.AST] = []
        if name in USER_CALLS:
            args += [a for i, a in enumerate(node.args) if i not in USER_CALLS[name]]
        args += [k.value for k in node.keywords if k.arg in USER_KEYWORDS]
        for arg in args:
            if _is_words(_words(arg)):
                out.append((arg.lineno, _words(arg)[:70]))
    return out


def test_the_scan_finds_an_unmarked_message_and_accepts_a_marked_one():
    found = unmarked('print(f"Saved {path}")\nprint(_("Saved {path}").format(path=p))\n'
                     'Finding("blocker", "code-x", "Cover sheet", _("a b"), _("c d"))\nprint(f"{a:<8} {b}")\n')
    assert found == [(1, "Saved {}"), (3, "Cover sheet")]


@pytest.mark.parametrize("layer", ["cli", "core", "store", "export"])
def test_no_unmarked_message_in_layer(layer):
    problems = []
    for path in sorted((ROOT / "packet" / layer).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in NOT_SCANNED:
            continue
        problems += [f"{rel}:{line}: {text!r}" for line, text in unmarked(path.read_text(encoding="utf-8"))]
    assert not problems, "wrap these in _() (or N_() where defined at import time):\n" + "\n".join(problems)


# The window: literals given to Qt's text setters and constructors.
QT_TEXT_CALLS = {"setText", "setToolTip", "setWindowTitle", "QLabel", "QPushButton", "QAction", "addMenu", "QMenu",
                 "information", "warning", "question", "critical", "showMessage", "setPlaceholderText",
                 "setAccessibleName", "setAccessibleDescription", "setStatusTip", "setTitle", "addTab", "setTabText",
                 "QGroupBox", "QCheckBox", "QRadioButton", "setHeaderLabels", "setHorizontalHeaderLabels", "addItem",
                 "addItems", "setWhatsThis", "setLabelText", "setInformativeText", "addButton", "setSuffix", "addRow",
                 "getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory", "getText", "getItem",
                 "QListWidgetItem", "QTreeWidgetItem", "QTableWidgetItem", "edit", "_action"}
# Not words for a reader: key sequences, the About box's licence names (SPDX identifiers stay as they are), and an
# A-number's format as an example (A-123-456-789).
NOT_WORDS = re.compile(r"((Ctrl|Shift|Alt|Meta)\+)+\S+|F\d+|[a-z0-9]*[_.\-][\w.\-]*|[a-z]+[A-Z]\w*|\d[\d.,]*\s*\w{0,3}|"
                       r"[A-Z]|[^A-Za-z]*|A-\d{3}-\d{3}-\d{3}")


def unmarked_qt(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in QT_TEXT_CALLS:
            continue
        args = node.args[:1] if name in ("addItem", "addItems") else node.args  # addItem(text, data): data is an id
        values = [*args, *(k.value for k in node.keywords if k.arg in ("text", "title", "toolTip"))]
        for arg in values:
            for item in (arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]):
                text = _words(item)
                if text and not NOT_WORDS.fullmatch(re.sub(r"<[^>]*>|\{\}", "", text).strip()):
                    out.append((item.lineno, text[:70]))
    return out


def test_the_window_scan_finds_an_unmarked_label():
    assert unmarked_qt('QLabel("Respondent")\nQLabel(_("Respondent"))\nw.setShortcut("Ctrl+E")\n'
                       'QPushButton(f"{n}")\nw.setToolTip(f"Saved {path}")\n') == [(1, "Respondent"), (5, "Saved {}")]


@pytest.mark.parametrize("path", sorted((ROOT / "packet" / "ui").glob("*.py")), ids=lambda p: p.name)
def test_no_unmarked_text_in_the_window(path):
    problems = [f"{path.name}:{line}: {text!r}" for line, text in unmarked_qt(path.read_text(encoding="utf-8"))]
    assert not problems, "wrap these in _():\n" + "\n".join(problems)
