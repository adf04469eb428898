"""Measurements of the window, run in a child process by run_bench.py (offscreen Qt).

  ui_probe.py startup PACKET          prints the wall-clock time (time.time()) when the window is first painted
  ui_probe.py thumbnails PACKET       seconds until visible thumbnails, and all thumbnails, are ready
  ui_probe.py intake FOLDER FILES...  longest event-loop stall while the window adds the files
  ui_probe.py export PACKET OUT.pdf   longest event-loop stall while the window exports

Each prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QEventLoop = None  # set by _window once Qt is imported
sys.path.insert(0, str(ROOT))


def _window(tmp_settings: Path):
    global QEventLoop
    from PySide6.QtCore import QEventLoop, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_settings))
    from packet.ui.app import make_app
    from packet.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    return app, window


class Heartbeat:
    """A 5 ms timer; the longest gap between its ticks is the longest the UI could not respond."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def startup(packet: str) -> dict:
    import tempfile

    from PySide6.QtCore import QEvent, QObject

    app, window = _window(Path(tempfile.mkdtemp()))

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # Qt API
            if event.type() == QEvent.Type.Paint and not self.done and window.model is not None:
                self.done = True
                print(json.dumps({"shown_at": time.time()}), flush=True)
                app.quit()
            return False

    window.show()
    window.open_path(Path(packet))
    probe = FirstPaint()
    window.list.viewport().installEventFilter(probe)
    window.list.viewport().update()
    app.exec()
    return {}


def thumbnails(packet: str) -> dict:
    import tempfile

    app, window = _window(Path(tempfile.mkdtemp()))
    window.resize(1200, 800)
    window.show()
    t0 = time.perf_counter()
    window.open_path(Path(packet))
    cache, model, session = window.thumbnails, window.model, window.session
    packet_ = session.packet

    def ready(rows) -> bool:
        for r in rows:
            e = packet_.find(model.ids()[r])
            doc = packet_.documents[e.document]
            first = (e.page_numbers(doc.pages) or [1])[0]
            if cache.get(doc, first, e.rotation) is None:
                return False
        return True

    visible = [r for r in range(model.rowCount()) if window.list.visualRect(model.index(r)).intersects(
        window.list.viewport().rect())]
    while not ready(visible):
        app.processEvents()
    t_visible = time.perf_counter() - t0
    everything = list(range(model.rowCount()))
    while not ready(everything):
        app.processEvents()
    t_all = time.perf_counter() - t0
    return {"visible_rows": len(visible), "visible_s": round(t_visible, 3), "all_rows": len(everything),
            "all_s": round(t_all, 3)}


def intake(folder: str, files: list[str]) -> dict:
    import tempfile

    from packet.store.folder import create_packet

    app, window = _window(Path(tempfile.mkdtemp()))
    window.show()
    pf = create_packet(Path(folder))
    window.open_folder(pf)
    beat = Heartbeat()
    t0 = time.perf_counter()
    window.add_paths(files)
    while window.intake.busy:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # sleep between events, as exec() does
    total = time.perf_counter() - t0
    beat.timer.stop()
    return {"files": len(files), "exhibits": len(window.session.packet.exhibits), "wall_s": round(total, 2),
            "longest_stall_ms": round(beat.longest * 1000, 1)}


def export(packet: str, out: str) -> dict:
    import tempfile

    from packet.ui.export_dialog import ExportDialog

    app, window = _window(Path(tempfile.mkdtemp()))
    window.show()
    window.open_path(Path(packet))
    ExportDialog._confirm_blockers = lambda self, stopping: True  # the workload has no cover data: export anyway
    dialog = ExportDialog(window.session, window)
    dialog.target.setText(out)
    dialog.show()
    app.processEvents()
    beat = Heartbeat()
    t0 = time.perf_counter()
    dialog.start_export()
    while dialog.worker is not None:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    total = time.perf_counter() - t0
    beat.timer.stop()
    return {"status": dialog.status.text()[:80], "wall_s": round(total, 2),
            "longest_stall_ms": round(beat.longest * 1000, 1)}


def main(argv: list[str]) -> int:
    verb, *rest = argv
    result = {"startup": lambda: startup(rest[0]), "thumbnails": lambda: thumbnails(rest[0]),
              "intake": lambda: intake(rest[0], rest[1:]), "export": lambda: export(rest[0], rest[1])}[verb]()
    if result:
        print(json.dumps(result), flush=True)
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():
        w.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
