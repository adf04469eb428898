"""What the verbs share: the verb table's entry, the usage error, FIELD=VALUE pairs, small wording helpers."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from packet.core.checks import BLOCKER, NOTE, WARNING, Finding
from packet.core.i18n import N_, _, ngettext


class UsageError(Exception):
    """The command was given wrongly; `packet` prints it after the verb and exits with 2."""


@dataclass(frozen=True)
class Verb:
    """One verb of the `packet` command: its name, one line of help, its arguments and what it does."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


SEVERITY_LABELS = {BLOCKER: N_("BLOCKER"), WARNING: N_("WARNING"), NOTE: N_("NOTE")}


def pages(n: int) -> str:
    return ngettext("{n} page", "{n} pages", n).format(n=n)


def severity_label(severity: str) -> str:
    """'BLOCKER', 'WARNING', 'NOTE' in the interface language."""
    return _(SEVERITY_LABELS.get(severity, severity.upper()))


def split_pairs(items: list[str], option: str = "") -> list[tuple[str, str]]:
    """'FIELD=VALUE' words as (field, value); a word without '=' is a usage error."""
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(_("{option}{item!r}: write FIELD=VALUE, for example {option}respondent='Ana Lopez'").format(
                option=option, item=item))
        out.append((key.strip().replace("-", "_"), value))
    return out


def print_findings(findings: list[Finding], stream) -> None:
    """The readiness findings as `packet check` prints them."""
    if not findings:
        print(_("Ready to file: no problems found."), file=stream)
        return
    width = max(len(severity_label(s)) for s in SEVERITY_LABELS)
    fix = _("Fix:")
    for f in findings:
        print(f"{severity_label(f.severity):<{width}} {f.where}: {f.problem}", file=stream)
        print(f"{'':<{width}} {fix} {f.fix}", file=stream)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (BLOCKER, WARNING, NOTE)}
    print(", ".join((ngettext("{n} blocker", "{n} blockers", counts[BLOCKER]).format(n=counts[BLOCKER]),
                     ngettext("{n} warning", "{n} warnings", counts[WARNING]).format(n=counts[WARNING]),
                     ngettext("{n} note", "{n} notes", counts[NOTE]).format(n=counts[NOTE]))), file=stream)
