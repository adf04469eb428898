"""The desktop window (PySide6). Thin: it calls core, store and export, and keeps long work off the UI thread."""

import sys


def _guard_none_refcount() -> None:
    """Work around a PySide6 6.12 reference-count bug on Python 3.11.

    Each time a Qt call hands Python an empty QVariant (QModelIndex.data() for a role with no value,
    QTreeWidgetItem.data(), ...), PySide6 6.12 drops one reference to None without taking one. Python 3.12 made
    None immortal, so there this is harmless; on 3.11 None's count runs down and the process aborts with
    "none_dealloc: deallocating None" after a few thousand such calls (a minute of using the window).
    Lifting None's (and True's and False's) count by 2**40 gives 3.11 the protection 3.12 has by design.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (None, True, False):  # bool conversions show the same fault at shutdown
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_guard_none_refcount()
