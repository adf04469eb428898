"""The window in Spanish: its menus, its tabs, a readiness finding and a plural read back in Spanish, Qt's own
buttons in Spanish (qtbase_es.qm), Help > Language kept for the next start, and the export dialog saying that the
filing stays in English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialogButtonBox

from packet.core import i18n

from .conftest import HANG_MS


@pytest.fixture
def spanish(qapp):
    from packet.ui.language import apply_language

    assert apply_language("es") == "es"
    yield
    apply_language("en")


@pytest.fixture
def unready(tmp_path):
    """A packet with no respondent, no A-number and one exhibit: blockers on the cover sheet."""
    from packet.store.folder import create_packet

    pf = create_packet(tmp_path / "Prueba", name="Prueba")
    pf.save()
    return pf.path


def _open(qtbot, path):
    from packet.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w, timeout=HANG_MS)
    assert w.open_path(path)
    return w


def test_the_window_in_spanish(qtbot, spanish, unready):
    w = _open(qtbot, unready)
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["&Archivo", "&Edición", "A&yuda"]
    help_menu = w.menuBar().actions()[2].menu()
    language = next(a.menu() for a in help_menu.actions() if a.menu() is not None)
    assert language.title() == "&Idioma"
    assert [a.text() for a in language.actions()] == ["English", "Español"]
    assert [a.isChecked() for a in language.actions()] == [False, True]
    file_actions = [a.text() for a in w.menuBar().actions()[0].menu().actions() if a.text()]
    assert "&Agregar archivos…" in file_actions and "&Exportar PDF…" in file_actions
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert tabs[:3] == ["&Detalles", "Pá&ginas", "&Portada"] and "&Revisión" in tabs
    findings = [w.readiness.tree.item(i).text() for i in range(w.readiness.tree.count())]
    assert any("Falta el nombre del demandado." in f and "Solución: Escriba el nombre del demandado" in f
               for f in findings), findings
    assert any(f.startswith("✖ Impedimento — Paquete") and "El paquete no tiene anexos." in f for f in findings)
    assert "impedimentos</b> harían que rechazaran esta presentación" in w.readiness.summary.text()  # a plural
    assert w.save_label.text().startswith("0 anexos · ")


def test_a_singular_in_the_window(qtbot, spanish, session):
    from packet.ui.exhibit_delegate import ExhibitDelegate  # noqa: F401 - the list's pages are drawn by it
    from packet.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.open_folder(session.folder)
    n = len(w.session.packet.exhibits)
    assert n > 1 and w.save_label.text().startswith(f"{n} anexos · ")
    assert i18n.ngettext("{n} exhibit · {state}", "{n} exhibits · {state}", 1).format(n=1, state="x") == "1 anexo · x"


def test_qt_own_buttons_are_spanish(spanish):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Cancelar", "Sí"}, texts


def test_english_again_after_switching_back(qapp):
    from packet.ui.language import apply_language

    apply_language("es")
    apply_language("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.buttons()[0].text().replace("&", "") == "Cancel"
    assert i18n._("Cover sheet") == "Cover sheet"


def test_help_language_is_kept_for_the_next_start(qapp, monkeypatch):
    from packet.ui import language

    monkeypatch.setattr(i18n, "_explicit", None)  # neither --lang nor PACKET_LANG: the stored choice decides
    language.choose(None, "es")
    assert QSettings().value(language.SETTING) == "es"
    assert language.chosen_language() == "es"
    language.choose(None, "en")
    assert language.chosen_language() == "en"
    QSettings().remove(language.SETTING)
    monkeypatch.setattr(language, "system_locale", lambda: "es_MX")
    assert language.chosen_language() == "es"  # nothing stored: the system's locale


def test_export_dialog_says_the_filing_stays_english(qtbot, spanish, session):
    from packet.ui.export_dialog import ExportDialog

    d = ExportDialog(session)
    qtbot.addWidget(d)
    assert d.english_note.isVisibleTo(d)
    assert "La presentación misma va en inglés" in d.english_note.text()
    assert d.windowTitle() == "Exportar PDF"
    QCoreApplication.processEvents()


def test_export_dialog_in_english_has_no_note(qtbot, session):
    from packet.ui.export_dialog import ExportDialog

    d = ExportDialog(session)
    qtbot.addWidget(d)
    assert not d.english_note.isVisibleTo(d)


def test_the_family_dialog_and_shared_exhibits_in_spanish(qtbot, spanish, main_window):
    from PySide6.QtCore import Qt

    from packet.ui.exhibit_model import SharedRole
    from packet.ui.family_dialog import FamilyMemberDialog

    file_actions = [a.text() for a in main_window.menuBar().actions()[0].menu().actions() if a.text()]
    assert "Nuevo paquete para un &familiar…" in file_actions
    d = FamilyMemberDialog(main_window.session, main_window)
    qtbot.addWidget(d)
    assert d.windowTitle() == "Nuevo paquete para un familiar"
    assert d.create_button.text() == "C&rear paquete"
    rows = [d.items.item(i).text() for i in range(d.items.count())]
    assert rows[0].startswith("Documento principal: ") and rows[1].startswith("Pestaña A: "), rows
    qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)  # no name typed: refused, in Spanish
    assert d.error.text() == "Escriba el nombre del familiar: el nuevo paquete es para esa persona."
    d.person.setText("Ana Núñez López")
    qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)
    assert d.result() == d.DialogCode.Accepted, d.error.text()
    model = main_window.model
    shared = [r for r in range(model.rowCount()) if model.index(r).data(SharedRole)]
    assert shared, "the ticked exhibits are shared now"
    tip = model.index(shared[0]).data(Qt.ItemDataRole.ToolTipRole)
    assert "Compartido con la familia: un cambio en su título o sus páginas se ve en el paquete de cada familiar." in tip
    assert main_window.inspector.separate.text() == "Presentar por separado, como PDF propio junto al paquete"


def test_text_recognition_and_compression_in_spanish(qtbot, spanish, main_window):
    """Issue 14b's window in Spanish: Edit > Preferences and its dialog, the status bar's OCR progress, Readiness's
    Recognise text, the export dialog's Compress images with its levels, and the ready-made report's plural."""
    from packet.export.image_compression import CompressionReport
    from packet.ui.export_dialog import ExportDialog
    from packet.ui.preferences import PreferencesDialog

    edit = [a.text() for a in main_window.menuBar().actions()[1].menu().actions() if a.text()]
    assert "&Preferencias…" in edit
    prefs = PreferencesDialog(main_window)
    qtbot.addWidget(prefs)
    assert prefs.windowTitle() == "Preferencias"
    assert prefs.enabled.text() == "Reconocer el texto de los escaneos y las fotos después de agregarlos"
    assert prefs.workers.suffix().startswith(" de ") and "núcleo" in prefs.workers.suffix()
    assert main_window.ocr_progress.cancel.text() == "Cancelar"
    main_window.ocr_progress._started(3)
    assert main_window.ocr_progress.bar.format() == "Reconociendo el texto: %v de 3 páginas"
    main_window.ocr_progress.hide()
    assert main_window.readiness.recognise.text() == "Reconocer &texto"
    d = ExportDialog(main_window.session)
    qtbot.addWidget(d)
    levels = [d.compress.itemText(i) for i in range(d.compress.count())]
    assert levels[0] == "Automática: para destinatarios con límite de tamaño" and "Desactivada" in levels[1]
    report = CompressionReport("strong", images=1, original_bytes=3_000_000, compressed_bytes=1_000_000)
    assert report.describe(2_000_000).startswith("Compresión de imágenes (fuerte): 1 imagen, 3.0 MB -> 1.0 MB;")
