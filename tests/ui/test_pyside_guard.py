"""The guard in packet/ui/__init__.py against PySide6 6.12 dropping references to None/True/False (Python 3.11)."""

from __future__ import annotations

import subprocess
import sys


def test_many_empty_qvariants_do_not_abort_the_app():
    """Without the guard, Python 3.11 aborts with 'deallocating None' after a few thousand empty QVariants.
    Run in a child process: an abort must not take the test run with it."""
    code = (
        "import packet.ui\n"
        "from PySide6.QtCore import QModelIndex, Qt\n"
        "from PySide6.QtWidgets import QApplication, QListWidgetItem\n"
        "app = QApplication([])\n"
        "item = QListWidgetItem('x')\n"
        "for _ in range(50000):\n"
        "    QModelIndex().data()\n"
        "    item.data(Qt.ItemDataRole.UserRole)\n"
        "print('survived')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__('os').environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-500:]
    assert "survived" in out.stdout
