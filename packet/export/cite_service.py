"""Page cites ("pp. 14-15") for the window's list, worked out in a helper process.

The cites come from the export plan, which takes tens of milliseconds of pure Python for a large packet. In a
thread of the window that work would hold Python's lock against the window's own event handling (every paint and
click waits its turn); in a process it holds nothing of the window's. The window (packet/ui/cite_planner.py)
starts `python -m packet.export.cite_service` once and sends it packet.json as saved; it answers with one JSON line
per request.

Protocol, on stdin: a header line `LENGTH TAG\\n`, then LENGTH bytes of packet.json. On stdout: one line
`{"tag": TAG, "cites": {item id: cite}, "error": ""}` per request, in order. End of input ends the service.
"""

from __future__ import annotations

import json
import os
import sys
from typing import BinaryIO, TextIO

from packet.core.model import Packet
from packet.export.build import plan_cites, plan_export


def cites(packet: Packet) -> dict[str, str]:
    """Every lead document's and exhibit's page cite in the export, by item id ({} for an empty packet)."""
    if not packet.items():
        return {}
    return plan_cites(plan_export(packet))


def answer(data: bytes) -> tuple[dict[str, str], str]:
    """The cites for one packet.json, or ({}, why not) when it cannot be planned (the export will say why)."""
    try:
        return cites(Packet.from_dict(json.loads(data))), ""
    except Exception as exc:  # noqa: BLE001 - a packet that cannot be planned shows no cites, never ends the service
        return {}, f"{type(exc).__name__}: {exc}"


def serve(inp: BinaryIO, out: TextIO) -> None:
    while True:
        header = inp.readline()
        if not header:
            return
        length, _, tag = header.decode("ascii").strip().partition(" ")
        data = inp.read(int(length))
        found, error = answer(data)
        out.write(json.dumps({"tag": tag, "cites": found, "error": error}) + "\n")
        out.flush()


if __name__ == "__main__":
    try:
        os.nice(5)  # a helper: the window comes first
    except (AttributeError, OSError):
        pass
    serve(sys.stdin.buffer, sys.stdout)
