"""A packet made from the retired built-in template `eoir-close-or-dismiss` (split into separate templates for
issue 11) still opens, checks, exports and can be saved as a template: a packet keeps its own slots and settings."""

from __future__ import annotations

from pypdf import PdfReader

from packet.cli import main
from packet.core.model import Respondent, Slot
from packet.core.templates import builtin_ids, resolve_template_id
from packet.store.folder import create_packet, open_packet
from packet.store.intake import add_files


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_packet_naming_the_retired_template_still_exports(tmp_path, capsys, make_pdf, monkeypatch):
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "data"))
    assert "eoir-close-or-dismiss" not in builtin_ids()
    pf = create_packet(tmp_path / "Old motion", name="Old motion")
    pf.packet.template = "eoir-close-or-dismiss"
    pf.packet.profile = "eoir-ecas"
    pf.packet.slots = [Slot("motion", "The motion", required=True, section="lead", hint="h"),
                       Slot("criminal_history", "Criminal record checks", factor="no_criminal_history", hint="h")]
    pf.packet.cover.respondents = [Respondent("José Núñez Ibáñez", "012345678")]
    pf.packet.cover.court = "Immigration Court, New York, NY"
    pf.save()
    add_files(pf, [make_pdf("motion.pdf")], lead=True, workers=1)
    add_files(pf, [make_pdf("fbi.pdf", pages=2)], factors=["no_criminal_history"], workers=1)
    reopened = open_packet(pf.path)
    assert reopened.packet.template == "eoir-close-or-dismiss"  # kept as it was: nothing rewrites the packet
    assert [s.id for s in reopened.packet.slots] == ["motion", "criminal_history"]
    assert resolve_template_id(reopened.packet.template) == "eoir-admin-closure"

    rc, out, err = run(capsys, "list", pf.path)
    assert rc == 0 and "The motion" in out
    out_pdf = tmp_path / "old.pdf"
    rc, out, err = run(capsys, "build", pf.path, "-o", out_pdf, "--force")
    assert rc == 0, err
    reader = PdfReader(out_pdf)
    assert len(reader.pages) == 1 + 1 + 1 + 1 + 2  # cover, index, lead, separator, the two exhibit pages
    assert "NÚÑEZ IBÁÑEZ" in reader.pages[0].extract_text()
    rc, out, err = run(capsys, "template-save", pf.path, "--id", "my-motion", "--name", "My motion")
    assert rc == 0, err
