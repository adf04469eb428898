"""What the verbs share: the verb table's entry, the usage error, FIELD=VALUE pairs, small wording helpers."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from packet.core.checks import Finding


class UsageError(Exception):
    """The command was given wrongly; `packet` prints it after the verb and exits with 2."""


@dataclass(frozen=True)
class Verb:
    """One verb of the `packet` command: its name, one line of help, its arguments and what it does."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


def split_pairs(items: list[str], option: str = "") -> list[tuple[str, str]]:
    """'FIELD=VALUE' words as (field, value); a word without '=' is a usage error."""
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"{option}{item!r}: write FIELD=VALUE, for example {option}respondent='Ana Lopez'")
        out.append((key.strip().replace("-", "_"), value))
    return out


def print_findings(findings: list[Finding], stream) -> None:
    """The readiness findings as `packet check` prints them."""
    if not findings:
        print("Ready to file: no problems found.", file=stream)
        return
    for f in findings:
        print(f"{f.severity.upper():<8} {f.where}: {f.problem}", file=stream)
        print(f"         Fix: {f.fix}", file=stream)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("blocker", "warning", "note")}
    print(f"{counts['blocker']} blocker(s), {counts['warning']} warning(s), {counts['note']} note(s)", file=stream)
