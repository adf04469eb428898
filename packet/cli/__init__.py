"""The `packet` command: the same operations as the window, for scripts, tests and headless machines.

`packet VERB ...` runs a verb from the table below; `packet [PACKET]` opens the desktop window (on that packet,
when it exists). A first word that is neither a verb nor an existing path is a usage error with a suggestion, and
never reaches Qt (which aborts on a machine without a display).

Exit codes: 0 success, 1 the work could not be done (rejected input, blockers), 2 usage error.

The verbs live in one module per group (packets.py, argument.py, text.py, filing.py, family.py, templates.py, files.py), each listing its `Verb`s.
The table names each verb's module, and only that module is imported: `packet list` does not load the PDF writer,
and the worker processes intake spawns (which import this package through `packet.__main__`) start quickly.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from pathlib import Path

from packet import __version__
from packet.cli.common import UsageError, Verb
from packet.core.actions import ActionError
from packet.core.i18n import LANGUAGES, N_, _, ngettext, set_language
from packet.store import applog
from packet.store.errors import os_problem
from packet.store.folder import PacketError, packet_path
from packet.store.lock import set_program_name
from packet.store.profile_library import ProfileNotFound

__all__ = ["VERBS", "UsageError", "main"]

# Every verb, in the order `packet --help` lists them, and the module that holds it.
VERBS: dict[str, str] = {
    "new": "packet.cli.packets",
    "add": "packet.cli.packets",
    "list": "packet.cli.packets",
    "fill": "packet.cli.packets",
    "set": "packet.cli.packets",
    "pages": "packet.cli.pages",
    "sort": "packet.cli.argument",
    "summary": "packet.cli.argument",
    "ocr": "packet.cli.text",
    "suggest": "packet.cli.text",
    "check": "packet.cli.filing",
    "build": "packet.cli.filing",
    "profiles": "packet.cli.filing",
    "separate": "packet.cli.filing",
    "family": "packet.cli.family",
    "inspect": "packet.cli.files",
    "archive": "packet.cli.files",
    "unarchive": "packet.cli.files",
    "templates": "packet.cli.templates",
    "template-save": "packet.cli.templates",
    "template-import": "packet.cli.templates",
    "template-export": "packet.cli.templates",
}
TOP_OPTIONS = ("-h", "--help", "--version")
LANG_OPTION = "--lang"


def verb(name: str) -> Verb:
    """The table's entry for `name`, from its group module."""
    module = importlib.import_module(VERBS[name])
    return next(v for v in module.VERBS if v.name == name)


# argparse's own words ("usage:", "error:", ...), translated by pointing argparse at Packet's catalogue: it looks
# its gettext functions up by name at each call.
ARGPARSE_WORDS = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
                  N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
                  N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
                  N_("expected one argument"), N_("argument %(argument_name)s: %(message)s"),
                  N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"))


def _parser(names: list[str]) -> argparse.ArgumentParser:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    p = argparse.ArgumentParser(
        prog="packet",
        description=_("Assemble evidence into one filing-ready PDF for prosecutorial-discretion requests."),
        epilog=_("Run 'packet VERB --help' for the options of a verb. 'packet [PACKET]' opens the desktop app."),
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    p.add_argument("--version", action="version", version=f"packet {__version__}",
                   help=_("show the version and exit"))
    p.add_argument(LANG_OPTION, metavar="LANG", choices=list(LANGUAGES),
                   help=_("the language of messages and help: {choices} (default: PACKET_LANG, else the system's); "
                          "the filing itself is always in English").format(choices=", ".join(LANGUAGES)))
    sub = p.add_subparsers(dest="verb", metavar="VERB")
    for name in names:
        v = verb(name)
        v.arguments(sub.add_parser(v.name, help=_(v.help)))
    return p


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """`--lang es` / `--lang=es` before the verb: the language asked for, and the arguments without it. Only the
    leading options are looked at, so a verb's own arguments (a title "--lang") are never taken."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        word = argv[i]
        if word == LANG_OPTION and i + 1 < len(argv):
            return argv[i + 1], argv[:i] + argv[i + 2:]
        if word.startswith(LANG_OPTION + "="):
            return word.split("=", 1)[1], argv[:i] + argv[i + 1:]
        i += 1
    return None, argv


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a path that is not UTF-8 is printed escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    lang, argv = take_language(argv)
    if lang is not None and lang not in LANGUAGES:
        set_language(None)
        print(_("packet: --lang {lang!r} is not a language Packet has; use one of: {choices}.").format(
            lang=lang, choices=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    set_language(lang)  # None: PACKET_LANG, else the system's locale; workers spawned later inherit it
    applog.setup()  # the log file: actions and errors, never names or document text (see packet/store/applog.py)
    first = argv[0] if argv else ""
    if first in VERBS or first in TOP_OPTIONS:
        return _run(argv)
    if not argv or first.startswith("-") or _exists(first):
        return _open_app(argv)  # `packet`, `packet PACKET`, `packet --quit-after=MS` (start-up checks)
    return _unknown(first)


def _exists(word: str) -> bool:
    return Path(word).exists() or packet_path(word).exists()


def _unknown(word: str) -> int:
    looks_like_path = os.sep in word or word.endswith((".packet", ".zip"))
    if looks_like_path:
        print(_("packet: {word}: no such packet folder. Check the path, or create one with 'packet new'.").format(
            word=word), file=sys.stderr)
        return 2
    close = difflib.get_close_matches(word, VERBS, n=1, cutoff=0.6)
    if close:
        message = _("packet: unknown verb {word!r}; did you mean {close!r}? (See 'packet --help'; 'packet PACKET' "
                    "opens an existing packet in the window.)")
    else:
        message = _("packet: unknown verb {word!r}; the verbs are: {verbs} (See 'packet --help'; 'packet PACKET' "
                    "opens an existing packet in the window.)")
    print(message.format(word=word, close=close[0] if close else "", verbs=", ".join(VERBS)), file=sys.stderr)
    return 2


def _run(argv: list[str]) -> int:
    parser = _parser(list(VERBS) if argv[0] in TOP_OPTIONS else [argv[0]])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    set_program_name(f"'packet {args.verb}'")  # how a refused writer names this one ("in use by 'packet add'")
    try:
        return applog.run_verb(args.verb, verb(args.verb).run, args)
    except (UsageError, ActionError, ProfileNotFound) as exc:
        print(f"packet {args.verb}: {exc}", file=sys.stderr)
        return 2
    except PacketError as exc:
        print(f"packet {args.verb}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("packet: interrupted; nothing was left half-written."), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `packet list | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # disk full, read-only, a name too long: words, never a traceback
        print(f"packet {args.verb}: {os_problem(exc)}", file=sys.stderr)
        return 1


def _open_app(argv: list[str]) -> int:
    """The desktop window. Qt is imported only here: the verbs never need it."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        print(_("packet: there is no display here, so the window cannot open. The command-line verbs work: "
                "{verbs} (see 'packet --help').").format(verbs=", ".join(VERBS)), file=sys.stderr)
        return 1
    try:
        from packet.ui.app import run_app  # the one import of the window: the verbs above never touch Qt
    except ImportError as exc:
        print(_("packet: the desktop app cannot start ({error}). The command-line verbs work: "
                "{verbs} (see 'packet --help').").format(error=exc, verbs=", ".join(VERBS)), file=sys.stderr)

        return 1
    return run_app(argv)
