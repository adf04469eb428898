"""Saving in the background: an edit that does not wait for the disk (intake's merges) is still saved, in order,
and a failed background write is reported as the window reports any failed save."""

from __future__ import annotations

import pytest

from packet.core import actions
from packet.store.folder import PacketFolder, open_packet

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def test_edits_that_do_not_wait_are_written_in_order(session, sample_path, qtbot):
    ids = [e.id for e in session.packet.exhibits]
    for n, eid in enumerate(ids):
        assert session.edit(f"Rename {n}", lambda p, eid=eid, n=n: actions.rename(p, eid, f"Exhibit {n}"),
                            wait=False)
    assert not session.saved  # handed to the writer, not reported back yet
    qtbot.waitUntil(lambda: session.saved and not session.saving, timeout=HANG_MS)
    on_disk = open_packet(sample_path).packet
    assert [e.title for e in on_disk.exhibits] == [f"Exhibit {n}" for n in range(len(ids))]
    # an ordinary edit waits for its write
    assert session.edit("Judge", lambda p: actions.set_cover(p, judge="Hon. A. Example"))
    assert session.saved and open_packet(sample_path).packet.cover.judge == "Hon. A. Example"


def test_a_failed_background_write_is_reported_and_the_next_save_retries(session, sample_path, qtbot,
                                                                        monkeypatch):
    real_write = PacketFolder.write

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PacketFolder, "write", full_disk)
    with qtbot.waitSignal(session.saveFailed, timeout=HANG_MS) as failed:
        session.edit("Judge", lambda p: actions.set_cover(p, judge="Hon. B. Example"), wait=False)
    assert "No space left" in failed.args[0] and sample_path.name in failed.args[0]
    assert not session.saved and not session.saving
    assert open_packet(sample_path).packet.cover.judge != "Hon. B. Example"
    monkeypatch.setattr(PacketFolder, "write", real_write)
    assert session.save() is True  # any later save writes everything
    assert open_packet(sample_path).packet.cover.judge == "Hon. B. Example"
