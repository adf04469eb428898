"""One Packet window per user and settings folder: a second start hands its paths to the running one and exits.

Double-clicking a packet archive, or `packet PATH` in a terminal, while Packet is open should bring that window
forward with the packet in it, not open a second window on the same packets (two writers). The first instance
listens on a local socket (QLocalServer, readable by this user only); a later one connects, sends its paths as
one line of JSON, waits for "ok", and exits. The name is derived from the user and the settings folder, so
separate homes (tests, portable installs) never hand over to each other.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from packet.store.applog import log

TIMEOUT_MS = 5000  # a running instance answers at once; this only guards against a hung one


def server_name() -> str:
    """This user's and settings folder's server: a socket in the runtime folder where there is one."""
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    key = hashlib.sha256(f"{user}\0{config}".encode()).hexdigest()[:16]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir() and os.name == "posix":
        return str(Path(runtime) / f"org.packet.Packet-{key}")
    return f"org.packet.Packet-{key}"


class SingleInstance(QObject):
    """The running instance's server, or the client a second start uses to hand over."""

    received = Signal(list)  # paths (absolute, as str) another start handed over; [] to just come forward

    def __init__(self, name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name or server_name()
        self.server: QLocalServer | None = None
        self._buffers: dict[int, bytes] = {}  # by id() of the connection: a line may arrive in pieces

    def hand_off(self, paths: list[str]) -> bool:
        """Send `paths` to a running instance; True when it took them (then this process should exit)."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(TIMEOUT_MS):
            return False
        message = json.dumps({"paths": [str(Path(p).absolute()) for p in paths]}).encode() + b"\n"
        sock.write(message)
        sock.waitForBytesWritten(TIMEOUT_MS)  # False when flushed at once: not a failure
        reply = b""
        while b"\n" not in reply and (sock.bytesAvailable() or sock.waitForReadyRead(TIMEOUT_MS)):
            reply += bytes(sock.readAll().data())
        sock.disconnectFromServer()
        return reply.startswith(b"ok")

    def listen(self) -> bool:
        """Become the running instance. A socket left by a crashed instance is removed; a live one is not."""
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError and not self._alive():
            QLocalServer.removeServer(self.name)
            if self.server.listen(self.name):
                return True
        log.info("app: no single-instance server (%s)", self.server.serverError().name)
        return False

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()  # with the connections it owns
            self.server = None
        self._buffers.clear()

    def _alive(self) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        alive = sock.waitForConnected(1000)
        sock.abort()
        return alive

    def _connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()  # owned by the server
            self._buffers[id(sock)] = b""
            sock.readyRead.connect(self._read)
            sock.disconnected.connect(sock.deleteLater)

    def _read(self) -> None:
        sock = self.sender()
        if not isinstance(sock, QLocalSocket):
            return
        data = self._buffers.get(id(sock), b"") + bytes(sock.readAll().data())
        if b"\n" not in data:
            self._buffers[id(sock)] = data[-1_000_000:]  # a line of paths; never an unbounded buffer
            return
        self._buffers.pop(id(sock), None)
        try:
            paths = [str(p) for p in json.loads(data.split(b"\n", 1)[0].decode("utf-8"))["paths"]]
        except (ValueError, KeyError, TypeError):
            sock.write(b"error\n")
            sock.disconnectFromServer()
            return
        sock.write(b"ok\n")
        sock.disconnectFromServer()  # writes what is pending first
        self.received.emit(paths)
