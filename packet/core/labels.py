"""Exhibit labels: Tab A, B, ... Z, AA, AB, ... or 1, 2, 3."""

from __future__ import annotations

LETTERS = "letters"
NUMBERS = "numbers"
STYLES = (LETTERS, NUMBERS)


def letter_label(n: int) -> str:
    """The n-th (1-based) label in bijective base 26: 1 -> A, 26 -> Z, 27 -> AA, 703 -> AAA."""
    if n < 1:
        raise ValueError(f"exhibit numbers start at 1, got {n}")
    out = []
    while n:
        n, rem = divmod(n - 1, 26)
        out.append(chr(ord("A") + rem))
    return "".join(reversed(out))


def exhibit_label(n: int, style: str = LETTERS) -> str:
    """The label of the n-th exhibit (1-based) in the given style."""
    if style == LETTERS:
        return letter_label(n)
    if style == NUMBERS:
        if n < 1:
            raise ValueError(f"exhibit numbers start at 1, got {n}")
        return str(n)
    raise ValueError(f"unknown label style {style!r}; use one of {', '.join(STYLES)}")


def tab_cites(numbers: list[int], style: str = LETTERS) -> str:
    """'Tab C' for one exhibit, 'Tabs C-F' for a run, 'Tabs A, C-D' for several (1-based exhibit numbers)."""
    nums = sorted(set(numbers))
    if not nums:
        return ""
    runs: list[tuple[int, int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts = [
        exhibit_label(a, style) if a == b else f"{exhibit_label(a, style)}-{exhibit_label(b, style)}" for a, b in runs
    ]
    word = "Tab" if len(nums) == 1 else "Tabs"
    return f"{word} {', '.join(parts)}"
