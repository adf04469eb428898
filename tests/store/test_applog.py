"""The log file says what was done and what failed, and never who it was about: after a full add-and-build of
the sample packet (and a few failures), the log has the actions and none of the names, A-numbers or file names."""

from __future__ import annotations

import logging
import re

import pytest

from packet import sample
from packet.cli import main
from packet.sample import case
from packet.store import applog


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv("PACKET_LOG_DIR", str(folder))
    yield folder
    for handler in list(applog.log.handlers):  # the next test's folder, not this one's
        applog.log.removeHandler(handler)
        handler.close()


def log_text(folder) -> str:
    for handler in applog.log.handlers:
        handler.flush()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("packet.log*")))


SECRETS = [case.RESPONDENT, "José", "Núñez", "Ibáñez", case.DAUGHTER, case.MOTHER, "Lucía", case.ATTORNEY,
           "Okafor", case.A_NUMBER, "012345678", "012-345-678", "345-678", case.EMPLOYER, "Bella Vista",
           "Adeyemi", "Raman", "asthma", case.CLINIC_PHONE, "Riverside", "Whitfield"]


def test_add_and_build_of_the_sample_logs_actions_and_no_names(log_dir, tmp_path, capsys):
    docs = sample.draw_documents(tmp_path / "incoming")
    packet = tmp_path / "Núñez family"
    sets = [a for key, value in case.COVER_VALUES for a in ("--set", f"{key}={value}")]
    assert main(["new", str(packet), "--template", "blank", *sets]) == 0
    assert main(["add", str(packet), *map(str, docs)]) == 0  # 8 files: the parallel intake path
    # a refused file whose name is the respondent's, and a build to a folder that does not exist
    bad = tmp_path / "incoming" / f"{case.RESPONDENT} - acta A-012-345-678.pdf"
    bad.write_bytes(b"this is not a PDF")
    assert main(["add", str(packet), str(bad)]) == 1
    assert main(["build", str(packet), "-o", str(tmp_path / "out" / "Núñez.pdf"), "--force"]) == 1
    assert main(["build", str(packet), "-o", str(tmp_path / "Núñez PD request.pdf"), "--force"]) == 0
    assert main(["new", str(packet), "--set", f"respondent={case.RESPONDENT}"]) == 1  # already exists
    assert main(["set", str(packet), f"a_number={case.A_NUMBER}x"]) != 0  # refused value
    capsys.readouterr()

    text = log_text(log_dir)
    for secret in SECRETS + [p.stem for p in docs] + [packet.name]:
        assert secret not in text, f"the log names {secret!r}:\n{text}"
    assert not re.search(r"\d{3}-?\d{3}-?\d{3}", text), text
    # the actions, their counts and exit codes are all there
    expected = [r"new: start", r"new: exit 0 in \d+\.\d\d s", r"add: start \(8 path\(s\)\)",
                r"intake: 8 file\(s\) in \d+ process\(es\)", r"add: exit 0", r"add: exit 1",
                r"export: \d+ page\(s\) in 1 file\(s\), \d+\.\d MB", r"build: exit 0", r"build: exit 1",
                r"intake: refused: <file [0-9a-f]{8}\.pdf> is named like a PDF", r"ERROR packet: build: ExportError: ",
                r"ERROR packet: new: PacketError: <file [0-9a-f]{8}(\.packet)?>"]
    for pattern in expected:
        assert re.search(pattern, text), f"{pattern!r} not in the log:\n{text}"


@pytest.mark.parametrize("message, known, kept", [
    ("/home/ruth/Clients/José Núñez Ibáñez.packet: already exists. Use --force to replace it.", (),
     "already exists. Use --force to replace it."),
    ("José Núñez.packet: is not a packet folder", ("José Núñez.packet",), "is not a packet folder"),
    ("--set a_number: 'A-12-34' is not an A-number; write A-012-345-678 or 012345678", (), "is not an A-number"),
    (r"C:\Users\ana\Núñez\acta.pdf: cannot be read", (), "cannot be read"),
    ("[Errno 2] No such file or directory: '/tmp/Lopez.packet/packet.json'", (), "No such file or directory"),
])
def test_redact_takes_out_paths_quotes_and_numbers(message, known, kept):
    out = applog.redact(message, known)
    assert kept in out
    for word in ("José", "Núñez", "Ibáñez", "ruth", "ana", "Lopez", "A-12-34", "012", "345"):
        assert word not in out, out
    assert re.search(r"<file [0-9a-f]{8}|<text>|<number>", out)


def test_a_log_folder_that_cannot_be_written_does_not_stop_the_command(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PACKET_LOG_DIR", str(blocker / "logs"))
    assert applog.setup() is None
    assert main(["new", str(tmp_path / "P")]) == 0
    assert (tmp_path / "P.packet" / "packet.json").is_file()
    assert not any(isinstance(h, logging.FileHandler) for h in applog.log.handlers)
