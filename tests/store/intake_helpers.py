"""Functions the intake worker tests run in worker processes (importable by a spawned process)."""

from __future__ import annotations

import os


def die_on_three(n: str, folder: str) -> str:
    """Stands in for examining a file; the fourth one kills its worker, as the OS does when memory runs out."""
    if n == "3":
        os._exit(9)
    return f"ok {n}"
