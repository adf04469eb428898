"""`make walkthrough`: the real window under Xvfb, driven with xdotool as a user drives it (X11 key events, a real
drag and drop from another program), for the things the offscreen tests can only emulate:

- shortcuts in text fields: Ctrl+E in the search and title fields opens Export PDF…; Ctrl+Z in a field with
  nothing of its own to undo undoes the last packet edit (issue 13, item 5; X11 gives QLineEdit Ctrl+E);
- Tab order: Tab leaves the Notes box and reaches Rotation, Language and the factor list (item 6);
- drop position: files dragged from another program (a small Qt window here, as a file manager would) and
  dropped just above Tab D become Tab D, and the drop is a copy (item 4).

Every step waits for what it expects (a dialog shown, the focus moved, a row added), never for a time; a step that
does not happen within a generous limit fails. Prints one line per check; exit status 1 if any failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

LIMIT_S = 60.0  # only a guard against a hang


def drag_source(paths: list[str], x: int, y: int) -> int:
    """A small window that starts a drag of `paths` (file URLs) when pressed: what a file manager does."""
    from PySide6.QtCore import QMimeData, QSocketNotifier, Qt, QUrl
    from PySide6.QtGui import QDrag
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])

    class Source(QLabel):
        def mousePressEvent(self, event) -> None:  # Qt API
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
            drag = QDrag(self)
            drag.setMimeData(mime)
            result = drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)
            print(json.dumps({"drop": result.name}), flush=True)

    # The target reads the files' names after the drop: stay (serving them) until the walkthrough closes our
    # stdin, as a file manager stays open.
    closed = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    closed.activated.connect(lambda *_: app.quit() if not sys.stdin.readline() else None)

    source = Source("drag me")
    source.setWindowTitle("drag source")
    source.setFixedSize(120, 80)
    source.move(x, y)
    source.show()
    print(json.dumps({"ready": True}), flush=True)
    return app.exec()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--drag-source":
        return drag_source(json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    tmp = Path(tempfile.mkdtemp(prefix="packet-walkthrough-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from PySide6.QtWidgets import QApplication

    from packet.core import actions
    from packet.sample import build_sample
    from packet.ui.app import make_app
    from packet.ui.exhibit_model import LabelRole, TitleRole
    from packet.ui.main_window import MainWindow

    sample = build_sample(tmp / "Walkthrough.packet")
    app = make_app()
    w = MainWindow()
    w.move(0, 0)
    w.resize(1100, 760)
    w.show()
    results: list[tuple[bool, str]] = []

    def until(condition, what: str) -> bool:
        end = time.monotonic() + LIMIT_S
        while time.monotonic() < end:
            app.processEvents()
            if condition():
                return True
            time.sleep(0.01)  # yield the CPU while polling; the wait itself is on the condition
        return False

    def xdo(*args: str) -> None:
        proc = subprocess.Popen(["xdotool", *args])
        until(lambda: proc.poll() is not None, f"xdotool {args}")

    def click(widget, x: int | None = None, y: int | None = None) -> None:
        rect = widget.rect()
        point = widget.mapToGlobal(rect.center() if x is None else rect.topLeft())
        if x is not None:
            point.setX(point.x() + x)
            point.setY(point.y() + (y or 0))
        xdo("mousemove", str(point.x()), str(point.y()), "click", "1")

    def check(ok: bool, what: str) -> None:
        results.append((ok, what))
        print(f"{'PASS' if ok else 'FAIL'}  {what}", flush=True)

    w.open_path(sample)
    until(lambda: w.model is not None and w.model.rowCount() > 0, "packet open")
    xdo("mousemove", "600", "10", "click", "1")  # bring the window forward (no window manager here)
    until(lambda: QApplication.activeWindow() is w, "window active")
    check(QApplication.focusWidget() is w.filter, "item 5: the search field has the focus when the packet opens")

    # item 5: Ctrl+E from text fields (X11 key bindings give QLineEdit Ctrl+E for end-of-line)
    for name, field in (("search field", w.filter), ("title field", w.inspector.title)):
        click(field)
        until(lambda f=field: QApplication.focusWidget() is f, f"focus in the {name}")
        xdo("key", "ctrl+e")
        shown = until(lambda: w.export_dialog is not None and w.export_dialog.isVisible(), "export dialog")
        check(shown, f"item 5: Ctrl+E in the {name} opens Export PDF…")
        if w.export_dialog is not None:
            w.export_dialog.close()
            w.export_dialog = None
            until(lambda: QApplication.activeWindow() is w, "window active again")
    eid = w.session.packet.exhibits[0].id
    w.session.edit("Tag", lambda p: actions.tag(p, [eid], "education"))
    click(w.filter)
    until(lambda: QApplication.focusWidget() is w.filter, "focus in the search field")
    xdo("key", "ctrl+z")
    check(until(lambda: "education" not in w.session.packet.find(eid).factors, "undone"),
          "item 5: Ctrl+Z in a field with nothing to undo undoes the last packet edit")

    # item 6: Tab out of the Notes box to the fields after it
    w.tabs.setCurrentWidget(w.inspector)
    click(w.inspector.description)
    until(lambda: QApplication.focusWidget() is w.inspector.description, "focus in Notes")
    reached = []
    for _ in range(8):
        before = QApplication.focusWidget()
        xdo("key", "Tab")
        until(lambda b=before: QApplication.focusWidget() is not b, "focus moved")
        reached.append(QApplication.focusWidget())
    ins = w.inspector
    check("\t" not in ins.description.toPlainText(), "item 6: Tab typed no tab character into Notes")
    for widget, name in ((ins.rotation, "Rotation"), (ins.translation.language, "Language"),
                         (ins.factors, "the factor list")):
        check(widget in reached, f"item 6: Tab from Notes reaches {name}")

    # item 4: a real drag from another program, dropped just above Tab D
    folder = tmp / "incoming"
    folder.mkdir()
    from reportlab.pdfgen import canvas

    made = []
    for name in ("lease.pdf", "utility-bill.pdf"):
        c = canvas.Canvas(str(folder / name))
        c.drawString(72, 720, name)
        c.showPage()
        c.save()
        made.append(str(folder / name))
    labels = [w.model.index(r).data(LabelRole) for r in range(w.model.rowCount())]
    row_d = labels.index("D")
    old_d = w.model.index(row_d).data(TitleRole)
    w.list.scrollTo(w.model.index(row_d))
    app.processEvents()
    rect = w.list.visualRect(w.model.index(row_d))
    target = w.list.viewport().mapToGlobal(rect.topLeft())
    tx, ty = target.x() + rect.width() // 2, target.y() + 3
    source = subprocess.Popen([sys.executable, __file__, "--drag-source", json.dumps(made), "1150", "100"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert source.stdout is not None and source.stdin is not None
    check('"ready"' in source.stdout.readline(), "item 4: a drag source window (another program) is up")
    xdo("mousemove", "1210", "140", "mousedown", "1")
    for step in range(1, 11):  # the drag moves across, as a hand does
        xdo("mousemove", str(1210 + (tx - 1210) * step // 10), str(140 + (ty - 140) * step // 10))
    xdo("mousemove", str(tx), str(ty + 1))
    xdo("mouseup", "1")
    added = until(lambda: not w.intake.busy and w.model.rowCount() == len(labels) + 2, "files added")
    answer = json.loads(source.stdout.readline() or "{}")
    source.stdin.close()
    source.wait(timeout=LIMIT_S)
    source.stdout.close()
    titles = [w.model.index(r).data(TitleRole) for r in range(w.model.rowCount())]
    check(added and titles[row_d:row_d + 2] == ["Lease", "Utility bill"],
          f"item 4: the dropped files are Tabs D and E, where the drop line was (got {titles[row_d:row_d + 3]})")
    check(added and titles[row_d + 2] == old_d, "item 4: the old Tab D moved down to F")
    check(answer.get("drop") == "CopyAction", f"item 4: the file manager was told copy, not move ({answer})")
    check(all(Path(p).exists() for p in made), "item 4: the dragged files are still where they were")

    w.close_without_asking()
    failed = [what for ok, what in results if not ok]
    print(f"{len(results) - len(failed)} of {len(results)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
