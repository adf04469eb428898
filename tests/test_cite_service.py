"""The cite service the window's helper process runs: packet.json in, the export plan's cites out, one line per
request, in order; a packet that cannot be planned is answered (with no cites), never the end of the service."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from packet.export.build import plan_export
from packet.export.cite_service import serve
from packet.store.folder import open_packet
from packet.store.intake import add_files


def frame(data: bytes, tag: str) -> bytes:
    return f"{len(data)} {tag}\n".encode() + data


def test_answers_each_request_with_the_plans_cites(packet_folder, make_pdf):
    add_files(packet_folder, [make_pdf("lease.pdf", pages=2), make_pdf("taxes.pdf", pages=3)])
    data = (packet_folder.path / "packet.json").read_bytes()
    expected = {e.item_id: e.cite for e in plan_export(open_packet(packet_folder.path).packet).entries}
    assert len(expected) == 2 and all(c.startswith("pp.") for c in expected.values())
    out = io.StringIO()
    serve(io.BytesIO(frame(data, "w:1") + frame(b"{not json", "w:2") + frame(data, "w:3")), out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [x["tag"] for x in lines] == ["w:1", "w:2", "w:3"]
    assert lines[0]["cites"] == expected == lines[2]["cites"]
    assert lines[1]["cites"] == {} and "JSONDecodeError" in lines[1]["error"]


def test_runs_as_a_module_and_ends_with_its_input(packet_folder, make_pdf):
    add_files(packet_folder, [make_pdf("lease.pdf")])
    data = (packet_folder.path / "packet.json").read_bytes()
    done = subprocess.run([sys.executable, "-m", "packet.export.cite_service"], input=frame(data, "x:7"),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [answer] = [json.loads(line) for line in done.stdout.splitlines()]
    expected = {e.item_id: e.cite for e in plan_export(open_packet(packet_folder.path).packet).entries}
    assert answer["tag"] == "x:7" and answer["cites"] == expected and len(expected) == 1
