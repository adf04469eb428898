"""The window's page cites, worked out off the GUI thread without a Python thread: one helper process for the app
(packet/export/cite_service.py), spoken to through QProcess, whose input and output the event loop handles.

A pure-Python thread would hold the interpreter lock while it plans, and the window's every paint and click would
queue behind it (measured: stalls of 100 ms and more while files are added). The helper gets packet.json as the
session saved it, so asking costs the window nothing but a write to a pipe. One request is in flight at a time;
a newer request from the same window replaces an unsent older one, so a burst of edits costs one or two plans.
Where no helper can be started (a frozen build), `available` is False and the window plans in a thread instead.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QProcess, QProcessEnvironment, Signal

import packet


class CitePlanner(QObject):
    computed = Signal(str, object)  # tag, {item id: cite}
    failed = Signal()  # the helper cannot be used: ask again, and the window plans in a thread

    _shared: CitePlanner | None = None

    @classmethod
    def shared(cls) -> CitePlanner:
        """The app's one planner (its helper process starts on the first request and ends with the app)."""
        if cls._shared is None:
            cls._shared = cls(QCoreApplication.instance())
            atexit.register(cls._shared.stop)
        return cls._shared

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.available = not getattr(sys, "frozen", False)
        self.proc: QProcess | None = None
        self._pending: dict[str, tuple[str, bytes]] = {}  # client -> (tag, packet.json), newest only
        self._in_flight = False

    def request(self, client: str, tag: str, data: bytes) -> None:
        """Ask for the cites of packet.json `data`; `computed(tag, cites)` answers."""
        self._pending[client] = (tag, data)
        self._send_next()

    def stop(self) -> None:
        """End the helper (it stops at the end of its input)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.closeWriteChannel()
            if not proc.waitForFinished(5000):
                proc.kill()
                proc.waitForFinished(5000)
        except RuntimeError:  # Qt has already destroyed it, with the app
            pass

    def _start(self) -> QProcess:
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        here = str(Path(packet.__file__).resolve().parent.parent)  # the same Packet as this one
        env.insert("PYTHONPATH", os.pathsep.join(x for x in (here, env.value("PYTHONPATH", "")) if x))
        proc.setProcessEnvironment(env)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        proc.readyReadStandardOutput.connect(self._read)
        proc.errorOccurred.connect(self._failed)
        proc.start(sys.executable, ["-m", "packet.export.cite_service"])
        return proc

    def _send_next(self) -> None:
        if self._in_flight or not self._pending or not self.available:
            return
        if self.proc is None or self.proc.state() == QProcess.ProcessState.NotRunning:
            self.proc = self._start()
        client = next(iter(self._pending))
        tag, data = self._pending.pop(client)
        self._in_flight = True
        self.proc.write(QByteArray(f"{len(data)} {tag}\n".encode("ascii") + data))

    def _read(self) -> None:
        proc = self.proc
        while proc is not None and proc.canReadLine():
            line = bytes(proc.readLine().data())
            self._in_flight = False
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            self.computed.emit(str(answer.get("tag", "")), dict(answer.get("cites") or {}))
        self._send_next()

    def _failed(self, error: QProcess.ProcessError) -> None:
        """The helper could not start or died: plan in the window's thread from now on (it still works)."""
        self.available = False
        self._in_flight = False
        self.proc = None
        self._pending.clear()
        self.failed.emit()
