"""Templates in the window: New packet lists the templates with their purpose and creates a packet from one, the
factor panel lists the expected evidence with empty required slots standing out, the inspector assigns an exhibit
to a slot (undoably), and Save as template / Import template work from the File menu."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from packet.core.templates import BUILTIN_ORDER, apply_template
from packet.store.folder import open_packet
from packet.store.template_library import find_template

from .conftest import HANG_MS, QT_LOG_IGNORE, wait_threads

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


@pytest.fixture
def sample_master(court_sample_master):
    """These tests are about a court filing (or shape the packet themselves): the sample on the blank template."""
    return court_sample_master


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The user's template folder lives here, never in the real user data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("PACKET_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot, data_dir):
    from packet.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    qtbot.waitExposed(w, timeout=HANG_MS)
    yield w
    wait_threads(w)


@pytest.fixture
def messages(monkeypatch):
    """Every message box the app shows, as (kind, title, text), instead of a modal box."""
    shown: list[tuple[str, str, str]] = []

    def box(kind, answer):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "warning", box("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", box("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.StandardButton.Yes))
    return shown


def listed(picker) -> list[str]:
    return [picker.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.list.count())]


def test_new_packet_from_a_template_lists_its_empty_required_slots(window, tmp_path, qtbot, messages):
    w = window
    picker = w.start.templates
    assert listed(picker) == list(BUILTIN_ORDER)
    assert picker.isVisible() and picker.problems.isHidden()
    # choosing a template shows its purpose
    picker.select("ice-stay-of-removal")
    stay = find_template("ice-stay-of-removal")
    assert stay.purpose in picker.about.text() and stay.name in picker.about.text()
    assert "5 of them required" in picker.about.text()

    pf = w.start.create_from_template(tmp_path / "Lopez stay", "ice-stay-of-removal")
    assert pf is not None and messages == []
    assert w.session is not None and w.session.folder.path == tmp_path / "Lopez stay.packet"
    assert w.session.packet.template == "ice-stay-of-removal"
    on_disk = open_packet(tmp_path / "Lopez stay.packet").packet
    assert on_disk.profile == "ice-paper" and len(on_disk.slots) == len(stay.slots)

    panel = w.factors
    required = [s.title for s in stay.slots if s.required]
    assert panel.empty_required_titles() == required
    assert not panel.slots_box.isHidden()
    rows = dict(panel.slot_rows())
    assert rows[f"{required[0]} (required)"] == "Empty"
    # empty required slots stand out in red; recommended ones do not
    first = panel.slots_tree.topLevelItem(0)
    assert first.foreground(0).color().name() == "#b91c1c" and first.font(0).bold()
    recommended = next(panel.slots_tree.topLevelItem(i) for i in range(panel.slots_tree.topLevelItemCount())
                       if not panel.slots_tree.topLevelItem(i).text(0).endswith("(required)"))
    assert recommended.foreground(0).color().name() != "#b91c1c"
    assert "5 required slots are still empty" in panel.slots_summary.text()


def test_new_packet_button_uses_the_chosen_template(window, qtbot, tmp_path, monkeypatch, messages):
    w = window
    where = tmp_path / "cases"
    where.mkdir()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Lopez PD", True)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(where)))
    w.start.templates.select("opla-pd-request")
    qtbot.mouseClick(w.start.new_button, Qt.MouseButton.LeftButton)
    assert w.session is not None
    assert w.session.packet.template == "opla-pd-request"
    assert open_packet(where / "Lopez PD.packet").packet.settings.summary_of_equities
    assert w.factors.empty_required_titles() == ["Request letter or brief", "Proof of identity and nationality"]
    # with a packet open, New packet asks for the template in a dialog first
    import packet.ui.start_screen as start_screen

    asked: list[bool] = []
    monkeypatch.setattr(start_screen, "choose_template", lambda parent: asked.append(True) or "blank")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Other", True)))
    w.act_new.trigger()
    assert asked == [True]
    assert w.session.folder.path == where / "Other.packet" and w.session.packet.template == "blank"
    assert w.factors.slots_box.isHidden()  # a blank packet expects nothing
    assert w.factors.empty_required_titles() == []
    assert messages == []


def test_unknown_template_or_existing_folder_is_a_message(window, tmp_path, messages):
    assert window.start.create_from_template(tmp_path / "X", "asylum") is None
    assert messages[-1][0] == "warning" and "unknown template 'asylum'" in messages[-1][2]
    assert not (tmp_path / "X.packet").exists()
    (tmp_path / "Y.packet").mkdir()
    assert window.start.create_from_template(tmp_path / "Y", "blank") is None
    assert "already exists" in messages[-1][2]
    assert window.session is None


def test_broken_template_files_are_listed_not_fatal(qtbot, data_dir):
    from packet.ui.templates_ui import TemplatePicker

    folder = data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"schema_version": 1, "id": "b", "name": "B", "purpose": "p", "x": 1}',
                                        encoding="utf-8")
    (folder / "fine.json").write_text(json.dumps({"schema_version": 1, "id": "fine", "name": "Fine one",
                                                  "purpose": "Works."}), encoding="utf-8")
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    assert listed(picker) == [*BUILTIN_ORDER, "fine"]
    assert not picker.problems.isHidden()
    assert str(folder / "broken.json") in picker.problems.text() and '"x"' in picker.problems.text()
    assert picker.list.item(picker.list.count() - 1).text() == "Fine one (yours)"


def test_inspector_assigns_an_exhibit_to_a_slot(main_window, disk):
    w = main_window
    session = w.session
    session.edit("Use template", lambda p: apply_template(p, find_template("opla-pd-request")))
    panel = w.factors
    assert panel.empty_required_titles() == ["Request letter or brief", "Proof of identity and nationality"]
    lead_id = session.packet.lead[0].id
    w.select_exhibit(lead_id)
    combo = w.inspector.slot
    assert combo.isEnabled()
    assert combo.currentData() == ""
    assert [combo.itemData(i) for i in range(combo.count())] == ["", *[s.id for s in session.packet.slots]]
    assert combo.itemText(1) == "Request letter or brief (required)"
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # as when the user picks it
    assert disk().find(lead_id).slot == "request_letter"
    assert panel.empty_required_titles() == ["Proof of identity and nationality"]
    assert dict(panel.slot_rows())["Request letter or brief (required)"] == "Lead"
    # a slot tied to a factor tags the exhibit with it too, in the same step
    exhibit = session.packet.exhibits[0]
    w.select_exhibit(exhibit.id)
    assert w.inspector.assign_slot("identity")
    assert "identity" in disk().find(exhibit.id).factors
    assert panel.empty_required_titles() == []
    session.undo_stack.undo()
    assert disk().find(exhibit.id).slot == "" and "identity" not in disk().find(exhibit.id).factors
    assert panel.empty_required_titles() == ["Proof of identity and nationality"]
    assert w.inspector.slot.currentData() == ""


def test_save_as_template_and_import_from_the_file_menu(main_window, tmp_path, monkeypatch, messages, data_dir):
    w = main_window
    packet = w.session.packet
    respondent = packet.cover.respondents[0]
    w.session.edit("Use template", lambda p: apply_template(p, find_template("deferred-action")))
    w.session.edit("Filer", lambda p: setattr(p.cover, "filer_name", "Clinic Attorney"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Clinic deferred action", True)))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("Our usual request", True)))
    assert w.act_save_template.isEnabled()
    w.act_save_template.trigger()
    assert messages and messages[-1][0] == "information", messages
    saved = data_dir / "templates" / "clinic-deferred-action.json"
    text = saved.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["name"] == "Clinic deferred action" and data["purpose"] == "Our usual request"
    assert data["filer"]["filer_name"] == "Clinic Attorney"
    for word in respondent.name.split():
        assert word not in text
    assert respondent.a_number not in text and "012345678" not in text
    for field in ("court", "judge", "hearing_date"):
        value = getattr(packet.cover, field)
        assert value and value not in text, field
    assert "clinic-deferred-action" in listed(w.start.templates)

    # share it: a colleague (an empty library) imports the file from the File menu
    shared = tmp_path / "shared.json"
    shared.write_bytes(saved.read_bytes())
    saved.unlink()
    w.start.templates.reload()
    assert "clinic-deferred-action" not in listed(w.start.templates)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(shared), "")))
    w.act_import_template.trigger()
    assert messages[-1][0] == "information" and "Imported" in messages[-1][2]
    assert "clinic-deferred-action" in listed(w.start.templates)
    # a broken file: a message naming the file and the field, nothing added
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "id": "z", "name": "Z", "purpose": "p", "label_style": "roman"}',
                      encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), "")))
    w.act_import_template.trigger()
    assert messages[-1][0] == "warning"
    assert str(broken) in messages[-1][2] and '"label_style"' in messages[-1][2]
    assert "z" not in listed(w.start.templates)


def test_cover_form_follows_the_template(tmp_path, qtbot, monkeypatch):
    """Fields the template does not use are hidden (unless filled); required ones are marked with an asterisk."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "data"))
    from packet.core.templates import apply_template, builtin_templates
    from packet.store.folder import create_packet
    from packet.ui.cover_form import CoverForm
    from packet.ui.session import PacketSession

    stay = next(t for t in builtin_templates()[0] if t.id == "ice-stay-of-removal")
    pf = create_packet(tmp_path / "Stay")
    apply_template(pf.packet, stay)
    pf.save()
    form = CoverForm(PacketSession(pf))
    qtbot.addWidget(form)

    def row_visible(key: str) -> bool:
        row, _ = form.form.getWidgetPosition(form.labels[key])
        return form.form.isRowVisible(row)

    assert not row_visible("judge") and not row_visible("hearing_date")  # a stay request has no hearing here
    assert row_visible("court") and row_visible("filer_name")
    for key in stay.cover_require:
        if key in form.labels:
            assert form.labels[key].text().endswith("*:"), key
    assert not form.labels["filer_phone"].text().endswith("*:") or "filer_phone" in stay.cover_require
