"""The main window: the exhibit list in the centre, inspector / cover sheet / factors on the right.

Files can be dropped anywhere on the window. Every edit is undoable and saved at once; long work (intake, export)
runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from packet import APP_NAME
from packet.core import actions
from packet.core.i18n import _, ngettext
from packet.core.plan import snapshot
from packet.store.archive import write_archive
from packet.store.folder import LockError, PacketError, PacketFolder, open_packet
from packet.store.intake import PASSWORD_WRONG, IntakeResult
from packet.ui import templates_ui
from packet.ui.about import AboutDialog
from packet.ui.cite_planner import CitePlanner
from packet.ui.cover_form import CoverForm
from packet.ui.deadline_view import DeadlineLabel
from packet.ui.exhibit_delegate import ExhibitDelegate
from packet.ui.exhibit_finder import find_exhibits
from packet.ui.exhibit_model import MIME_IDS, ExhibitModel, IdRole
from packet.ui.export_dialog import ExportDialog
from packet.ui.factor_overview import FactorOverview
from packet.ui.family_dialog import new_family_member
from packet.ui.inspector import Inspector
from packet.ui.intake_controller import IntakeController
from packet.ui.language import language_menu
from packet.ui.ocr_controller import OcrController
from packet.ui.ocr_status import OcrProgress
from packet.ui.page_view import PageView
from packet.ui.preferences import PreferencesDialog
from packet.ui.readiness import ReadinessPanel
from packet.ui.session import PacketSession
from packet.ui.shortcuts import WindowKeys
from packet.ui.start_screen import StartScreen, remember
from packet.ui.summary_editor import SummaryEditor
from packet.ui.thumbnails import ThumbnailCache
from packet.ui.widgets import remember_folder, start_folder
from packet.ui.workers import CitesWorker


class ExhibitList(QListView):
    """The list view; drops of files land here (where the drop line shows) or anywhere else on the window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exhibitList")
        self.setAccessibleName(_("Exhibits"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # not InternalMove: that refuses file drops
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(False)  # a grouped packet's section headings make some rows taller
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows fit; titles are elided
        self.setMinimumWidth(200)

    @staticmethod
    def _as_copy(event) -> None:
        """Files from the file manager are copied in, never moved: a "move" answer lets the file manager delete
        the original. Drags of exhibits within the list stay moves."""
        if event.isAccepted() and not event.mimeData().hasFormat(MIME_IDS) and \
                event.possibleActions() & Qt.DropAction.CopyAction:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    # Qt API
    def dragEnterEvent(self, event) -> None:
        super().dragEnterEvent(event)
        self._as_copy(event)

    def dragMoveEvent(self, event) -> None:
        super().dragMoveEvent(event)
        self._as_copy(event)

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        self._as_copy(event)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session: PacketSession | None = None
        self.model: ExhibitModel | None = None
        self.thumbnails: ThumbnailCache | None = None
        self.intake: IntakeController | None = None  # adding files to the open packet
        self.ocr: OcrController | None = None  # recognising the text of its scans and photos
        self.cites_worker: CitesWorker | None = None  # only where the helper process cannot run
        self._cites_generation = 0
        self._cites_pending = False
        self._cites_client = f"window-{id(self)}"
        planner = CitePlanner.shared()
        planner.computed.connect(self._cites_answered)
        planner.failed.connect(self._compute_cites)
        self.export_dialog: ExportDialog | None = None
        self.setAcceptDrops(True)
        self.stack = QStackedWidget()
        self.start = StartScreen()
        self.start.opened.connect(self.open_folder)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self._build_problems()
        self._build_actions()
        self.keys = WindowKeys(self)  # window shortcuts also work while a text field has the focus
        self._update_title()
        self._update_actions()
        self.resize(1200, 780)
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Never larger than the screen the window opens on (a size saved on a big monitor, or at 100%, can be
        larger than a laptop's screen at 200%), and on it."""
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        room = screen.size() - frame
        if self.width() > room.width() or self.height() > room.height():
            self.resize(min(self.width(), room.width()), min(self.height(), room.height()))
        x = min(max(self.x(), screen.left()), screen.right() - self.width() - frame.width())
        y = min(max(self.y(), screen.top()), screen.bottom() - self.height() - frame.height())
        if (x, y) != (self.x(), self.y()):
            self.move(max(x, screen.left()), max(y, screen.top()))

    # -- building --------------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.save_label = QLabel()
        self.save_label.setObjectName("saveState")
        self.intake_bar = QProgressBar()
        self.intake_bar.setMaximumWidth(220)
        self.intake_bar.setAccessibleName(_("Adding files"))
        self.intake_bar.hide()
        self.ocr_progress = OcrProgress()
        self.statusBar().addPermanentWidget(self.ocr_progress)
        self.statusBar().addPermanentWidget(self.intake_bar)
        self.statusBar().addPermanentWidget(self.save_label)

    def _build_problems(self) -> None:
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName(_("Files not added"))
        self.problems.setWordWrap(True)
        clear = QPushButton(_("Clear"))
        clear.clicked.connect(self._clear_problems)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.problems)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(clear)
        lay.addLayout(row)
        self.problems_dock = QDockWidget(_("Files not added, and warnings"), self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(box)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.act_new = self._action(_("&New packet…"), self.start.new_packet, SK.New)
        self.act_open = self._action(_("&Open packet…"), self.start.open_packet_dialog, SK.Open)
        self.act_open_archive = self._action(_("Open packet &archive…"), self.start.open_archive_dialog)
        self.act_add = self._action(_("&Add files…"), self.add_files_dialog, "Ctrl+I", _("Add documents as exhibits"))
        self.act_add_lead = self._action(_("Add &lead documents…"), lambda: self.add_files_dialog("lead"))
        self.act_archive = self._action(_("Save as a&rchive (.zip)…"), self.save_archive)
        self.act_save_template = self._action(_("Save as &template…"), self.save_as_template,
                                              tip=_("Keep this packet's shape (not its personal data) for new "
                                                     "packets"))
        self.act_import_template = self._action(_("&Import template…"), self.import_template)
        self.act_export_template = self._action(_("Expor&t template…"), self.export_template)
        self.act_family = self._action(_("New packet for a &family member…"), self.new_family_member,
                                       tip=_("A linked packet for another person of the family, sharing exhibits"))
        self.act_export = self._action(_("&Export PDF…"), self.show_export, "Ctrl+E", _("Build the filing-ready PDF"))
        self.act_close = self._action(_("&Close packet"), self.close_packet, SK.Close)
        self.act_quit = self._action(_("&Quit"), self.close, SK.Quit)
        self.act_undo = self._action(_("&Undo"), self._undo, SK.Undo)
        self.act_redo = self._action(_("&Redo"), self._redo, SK.Redo)
        self.act_remove = self._action(_("Re&move from packet"), self.remove_selected, SK.Delete)
        self.act_up = self._action(_("Move &up"), lambda: self.shift_selected(-1), "Ctrl+Up")
        self.act_down = self._action(_("Move &down"), lambda: self.shift_selected(1), "Ctrl+Down")
        self.act_lead = self._action(_("Make &lead document"), lambda: self.set_role_selected("lead"), "Ctrl+L")
        self.act_exhibit = self._action(_("Make e&xhibit"), lambda: self.set_role_selected("exhibit"), "Ctrl+Shift+L")
        self.act_rename = self._action(_("Re&name…"), self.rename_selected, "F2")
        self.act_sort = self._action(_("&Sort by factor"), self.sort_by_factor,
                                     tip=_("Put the exhibits section by section, in the packet's section order"))
        self.act_group = self._action(_("&Group exhibits by factor"), self.toggle_grouping,
                                      tip=_("Sections in the list and in the index; tabs run A, B, C down the "
                                             "index"))
        self.act_group.setCheckable(True)
        self.act_prefs = self._action(_("&Preferences…"), self.show_preferences, SK.Preferences,
                                      _("Text recognition: after adding files or not, languages, cores"))
        self.act_about = self._action(_("&About Packet"), self.show_about)
        m = self.menuBar()
        file_menu = m.addMenu(_("&File"))
        for a in (self.act_new, self.act_open, self.act_open_archive, self.act_family, None, self.act_add,
                  self.act_add_lead, None,
                  self.act_export, self.act_archive, None, self.act_save_template, self.act_import_template,
                  self.act_export_template, None, self.act_close, self.act_quit):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit_menu = m.addMenu(_("&Edit"))
        for a in (self.act_undo, self.act_redo, None, self.act_rename, self.act_up, self.act_down, self.act_lead,
                  self.act_exhibit, None, self.act_sort, self.act_group, None, self.act_remove, None, self.act_prefs):
            edit_menu.addSeparator() if a is None else edit_menu.addAction(a)
        help_menu = m.addMenu(_("&Help"))
        help_menu.addMenu(language_menu(self))
        help_menu.addAction(self.act_about)
        tb = self.addToolBar(_("Main"))
        tb.setObjectName("mainToolbar")
        for a in (self.act_add, self.act_export, self.act_undo, self.act_redo, self.act_up, self.act_down):
            tb.addAction(a)

    def _build_packet_view(self) -> QWidget:
        assert self.session is not None
        session = self.session
        self.thumbnails = ThumbnailCache(session.folder.path, self)
        self.model = ExhibitModel(session, self)
        self.model.filesDropped.connect(
            lambda paths, role, before, section: self.add_paths(paths, role, before=before, section=section))
        self.thumbnails.ready.connect(self.model.refresh_document)
        self.list = ExhibitList()
        self.list.setModel(self.model)
        self.list.setItemDelegate(ExhibitDelegate(self.thumbnails, session, self.list))
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list.doubleClicked.connect(lambda _index: self.show_pages())
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for a in (self.act_rename, self.act_up, self.act_down, self.act_lead, self.act_exhibit, self.act_remove):
            self.list.addAction(a)
        self.empty_hint = QLabel(_("<p style='font-size:14pt'>Drop scans, PDFs and photos here</p><p>or use "
                                    "<b>Add files…</b> (Ctrl+I). Folders work too.</p>"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("emptyHint")
        # The window's own actions: enabled exactly when the menu's and the toolbar's are (issue 13, item 16); a
        # packet open read-only takes nothing, so Add files is off then (a drop says why)
        add, export = QToolButton(), QToolButton()
        for button, action in ((add, self.act_add), (export, self.act_export)):
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if session.read_only:
            add.setToolTip(_("The packet is open read-only."))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Find an exhibit by its title or its text…"))
        self.filter.setAccessibleName(_("Find exhibit"))
        self._find_timer = QTimer(self, singleShot=True, interval=200)  # search once typing pauses
        self._find_timer.timeout.connect(self._find)
        self.filter.textChanged.connect(lambda _text: self._find_timer.start())
        self.filter.returnPressed.connect(lambda: self._find(next_match=True))
        header = QHBoxLayout()
        header.addWidget(self.filter, 1)
        header.addWidget(add)
        header.addWidget(export)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(6, 6, 0, 6)
        left_lay.addLayout(header)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.list)
        self.list_stack.addWidget(self.empty_hint)
        left_lay.addWidget(self.list_stack, 1)
        self.inspector = Inspector(session, self.thumbnails)
        self.pages = PageView(session, self.thumbnails)
        self.pages.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.cover = CoverForm(session)
        self.factors = FactorOverview(session)
        self.factors.exhibitActivated.connect(self.select_exhibit)
        self.factors.current_exhibit = lambda: self.inspector.exhibit_id
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        self.tabs.addTab(self.inspector, _("&Inspector"))
        self.tabs.addTab(self.pages, _("&Pages"))
        self.tabs.addTab(self.cover, _("&Cover sheet"))
        self.tabs.addTab(self.factors, _("F&actors"))
        self.summary_tab = SummaryEditor(session)
        self.tabs.addTab(self.summary_tab, _("Su&mmary"))
        self.readiness = ReadinessPanel(session)
        self.readiness.exhibitActivated.connect(self.select_exhibit)
        self.tabs.addTab(self.readiness, _("&Readiness"))
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = QSettings().value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([640, 520])
        session.changed.connect(self._schedule_refresh)
        session.saveStateChanged.connect(lambda _: self._update_title())
        session.saveFailed.connect(lambda m: self.show_problem(m))
        session.notice.connect(lambda m: self.show_problem(m, warning=True))
        session.refused.connect(lambda m: self.show_problem(m))
        session.conflict.connect(self._save_conflict)
        # The stack also signals while it is destroyed with the window, after the list and actions are gone.
        session.undo_stack.indexChanged.connect(self._undo_index_changed)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh)
        self.ocr = OcrController(session, self)
        self.model.marks_of = self.ocr.marks
        self.ocr.pageDone.connect(self._ocr_page_done)
        self.ocr.finished.connect(self._ocr_finished)
        self.ocr.problem.connect(lambda message, warning: self.show_problem(message, warning=warning))
        self.ocr_progress.attach(self.ocr)
        self.readiness.recogniseRequested.connect(self.recognise_text)
        self._ocr_reload = QTimer(self, singleShot=True, interval=1500)  # the checks follow OCR, not every page
        self._ocr_reload.timeout.connect(self.readiness.reload)
        self.intake = IntakeController(session, self)
        self.intake.started.connect(self._intake_started)
        self.intake.progress.connect(lambda done, _total: self.intake_bar.setValue(done))
        self.intake.finished.connect(self._intake_finished)
        self.intake.summed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.intake.problem.connect(lambda message, warning: self.show_problem(message, warning=warning))
        self.intake.added.connect(self._intake_added)
        self.intake.passwordsNeeded.connect(self._ask_passwords)
        # The filing deadline, under the toolbar: always in sight, in the warning colour inside a week, red once past.
        self.deadline = DeadlineLabel("deadlineBanner")
        view = QWidget()
        view_lay = QVBoxLayout(view)
        view_lay.setContentsMargins(6, 4, 6, 0)
        view_lay.setSpacing(2)
        view_lay.addWidget(self.deadline)
        view_lay.addWidget(self.splitter, 1)
        return view

    # -- packets ---------------------------------------------------------------------------------------------
    def open_folder(self, pf: PacketFolder) -> None:
        if self.session is not None and not self.close_packet():
            return
        try:
            self.session = PacketSession(pf, self)
        except LockError as exc:  # another program is writing it: look, but never save
            answer = QMessageBox.question(
                self, APP_NAME, _("{error}\n\nOpen it read-only? You can look at it and export it, but not change "
                                   "it.").format(error=exc),
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Open:
                return
            self.session = PacketSession(pf, self, read_only=True)
        except (PacketError, OSError) as exc:  # changed or damaged since it was read: say so, open nothing
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        view = self._build_packet_view()
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        remember(pf.path)
        if pf.opened_from_backup:
            self.show_problem(_("{name}: its packet.json was unreadable, so the previous save (packet.json.bak) "
                                 "was opened. Check the latest changes.").format(name=pf.path.name))
        self._refresh()
        if self.model and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)  # type to find an exhibit at once

    def open_path(self, path: Path) -> bool:
        try:
            pf = open_packet(path)
        except (PacketError, OSError) as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        self.open_folder(pf)
        return True

    def close_packet(self) -> bool:
        if self.session is None:
            return True
        if self.export_dialog is not None and self.export_dialog.running():
            QMessageBox.information(self, APP_NAME, _("An export is running. Cancel it or wait for it to finish."))
            return False
        if self.intake is not None:
            self.intake.shutdown()
            self.intake.deleteLater()
            self.intake = None
        if self.ocr is not None:
            self.ocr.shutdown()
            self.ocr_progress.attach(None)
            self.ocr.deleteLater()
            self.ocr = None
        self.session.flush()
        if self.cites_worker is not None:
            self.cites_worker.wait()
        self._save_layout()
        if self.thumbnails:
            self.thumbnails.wait(5000)
        self.session.close()  # other programs may write the packet again
        for signal in (self.session.changed, self.session.saveStateChanged, self.session.saveFailed,
                       self.session.notice, self.session.conflict, self.session.refused,
                       self.session.undo_stack.indexChanged):
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):
                pass
        view = self.stack.currentWidget()
        if view is not None and view is not self.start:
            self.stack.removeWidget(view)
            view.deleteLater()
        self.session.deleteLater()
        self.session = None
        self.model = None
        self.start.reload()
        self.stack.setCurrentWidget(self.start)
        self._clear_problems()  # its messages were about this packet
        self._update_title()
        self._update_actions()
        return True

    # -- intake ----------------------------------------------------------------------------------------------
    def add_files_dialog(self, role: str = "exhibit") -> None:
        if self.session is None:
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Add documents"), start_folder("add"),
            _("Documents and photos (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.gif *.webp *.bmp *.heic *.heif *.docx "
              "*.doc *.odt *.rtf);;All files (*)"))
        if paths:
            remember_folder("add", paths[0])
            self.add_paths(paths, role if isinstance(role, str) else "exhibit")

    def add_paths(self, paths: list[str], role: str = "exhibit", passwords: dict[str, str] | None = None,
                  before: str = "", section: str | None = None) -> None:
        """Start adding files (folders are searched) before the item `before` (default: at the end of `role`'s
        list), into the factor `section` of a grouped list when given; results arrive one by one as exhibits."""
        if self.intake is not None:
            self.intake.add(paths, role, passwords, before=before, section=section)

    def _intake_started(self, total: int) -> None:
        self.intake_bar.setRange(0, total)
        self.intake_bar.setValue(0)
        self.intake_bar.setFormat(f"Adding files: %v of {total}")
        self.intake_bar.show()

    def _intake_finished(self, processed: int) -> None:
        self.intake_bar.hide()
        if self.ocr is not None and self.intake is not None and not self.intake.busy:
            self.ocr.after_intake()

    # -- text recognition ------------------------------------------------------------------------------------
    def recognise_text(self, ids: list[str] | None = None) -> None:
        """Recognise the text of these items' scans and photos (all items: None), in the background."""
        if self.ocr is not None and self.ocr.start(ids or None):
            self.statusBar().showMessage(_("Recognising text in the background…"), 4000)

    def _ocr_page_done(self, sha: str) -> None:
        if self.model is not None:
            self.model.refresh_document(sha)
        self.inspector.document_read(sha)
        if not self._ocr_reload.isActive():
            self._ocr_reload.start()

    def _ocr_finished(self, read: int, failed: int, cancelled: bool) -> None:
        self._ocr_reload.stop()
        self.readiness.reload()
        if cancelled:
            self.statusBar().showMessage(ngettext("Text recognition stopped: {n} page read; it is kept.",
                                                  "Text recognition stopped: {n} pages read; they are kept.",
                                                  read).format(n=read), 6000)
        elif read or failed:
            said = ngettext("Recognised the text of {n} page.", "Recognised the text of {n} pages.", read).format(n=read)
            if failed:
                said += " " + ngettext("{n} page could not be read.", "{n} pages could not be read.", failed).format(
                    n=failed)
            self.statusBar().showMessage(said, 6000)

    def show_preferences(self) -> None:
        PreferencesDialog(self).exec()

    def _intake_added(self, ids: list[str]) -> None:
        if ids and self.model is not None and len(self.list.selectedIndexes()) == 0:
            self.select_exhibit(ids[0])

    def _ask_passwords(self, locked: list[IntakeResult], role: str) -> None:
        """Ask for the password of each protected PDF (again, saying so, when the one given was wrong)."""
        retry: dict[str, str] = {}
        for r in locked:
            again = _("That password did not open it. ") if r.password_problem == PASSWORD_WRONG else ""
            pw, ok = QInputDialog.getText(self, _("Password needed"),
                                          _("{name} is protected with a password. {again}\nEnter it to add the "
                                             "document (the packet keeps an unprotected copy):").format(
                                              name=r.name, again=again),
                                          QLineEdit.EchoMode.Password)
            if ok and pw:
                retry[r.path] = pw
            else:
                self.show_problem(_("{name} was not added: it needs its password. To add it later, use Add "
                                     "files… (Ctrl+I) or drop it here again, and type its password when asked.").format(
                                      name=r.name))
        if self.intake is not None:
            self.intake.retry(retry, given_up=len(locked) - len(retry))

    def _undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _clear_problems(self) -> None:
        self.problems.clear()
        self.problems_dock.hide()

    def _save_conflict(self, message: str) -> None:
        """packet.json changed under the window in a part changed here too: the user decides which stays."""
        self.show_problem(message)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, parent=self)
        mine = box.addButton(_("Keep my version"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Take the version on disk"), QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if self.session is None:
            return
        if box.clickedButton() is mine:
            self.session.save_over()
        else:
            self.session.reload_from_disk()

    def show_problem(self, message: str, warning: bool = False) -> None:
        self.problems.addItem(("⚠ " if warning else "✖ ") + message)
        self.problems.scrollToBottom()
        self.problems_dock.show()

    # -- editing ---------------------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        if self.model is None:
            return []
        rows = sorted({i.row() for i in self.list.selectionModel().selectedRows()})
        return [self.model.index(r).data(IdRole) for r in rows]

    def select_exhibit(self, exhibit_id: str) -> None:
        if self.model is None:
            return
        row = self.model.row_of(exhibit_id)
        if row >= 0:
            idx = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(idx)

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.session is None:
            return
        text = (_("Remove {value!r}").format(value=self.session.packet.find(ids[0]).title) if len(ids) == 1  # type: ignore[union-attr]
                else _("Remove {n_ids} exhibits").format(n_ids=len(ids)))
        self.session.edit(text, lambda p: actions.remove_items(p, ids))

    def shift_selected(self, delta: int) -> None:
        ids = self.selected_ids()
        if not ids or self.session is None:
            return
        text = _("Move up") if delta < 0 else _("Move down")
        self.session.edit(text, lambda p: actions.shift_items(p, ids, delta))
        self._reselect(ids)

    def set_role_selected(self, role: str) -> None:
        ids = self.selected_ids()
        if not ids or self.session is None:
            return
        text = _("Make lead document") if role == "lead" else _("Make exhibit")
        self.session.edit(text, lambda p: actions.set_role(p, ids, role))
        self._reselect(ids)

    def sort_by_factor(self) -> None:
        if self.session is None:
            return
        ids = self.selected_ids()
        if not self.session.edit(_("Sort by factor"), actions.sort_by_factor):
            self.statusBar().showMessage(_("The exhibits are already in section order."), 4000)
        self._reselect(ids)

    def toggle_grouping(self, on: bool) -> None:
        if self.session is None or on == self.session.packet.settings.group_index_by_factor:
            return
        ids = self.selected_ids()
        self.session.edit(_("Group exhibits by factor") if on else _("Stop grouping by factor"),
                          lambda p: actions.set_export_settings(p, group_index_by_factor=on))
        self._reselect(ids)

    def rename_selected(self) -> None:
        idx = self.list.currentIndex() if self.model else None
        if idx is not None and idx.isValid():
            self.list.edit(idx)

    def _reselect(self, ids: list[str]) -> None:
        if self.model is None:
            return
        sel = self.list.selectionModel()
        sel.clearSelection()
        for i in ids:
            row = self.model.row_of(i)
            if row >= 0:
                sel.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        if ids and self.model.row_of(ids[0]) >= 0:
            sel.setCurrentIndex(self.model.index(self.model.row_of(ids[0])), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _find(self, next_match: bool = False) -> None:
        """Select the first exhibit whose title, or whose text (its own or recognised), has what is typed; Return
        goes on to the next one."""
        if self.model is None or self.session is None:
            return
        text = self.filter.text()
        matches = find_exhibits(self.session.folder.path, self.session.packet, text)
        if not matches:
            if text.strip():
                self.statusBar().showMessage(_("No exhibit has {text!r} in its title or its text.").format(
                    text=text.strip()), 4000)
            return
        current = self.list.currentIndex().data(IdRole) if self.list.currentIndex().isValid() else None
        ids = [m.exhibit_id for m in matches]
        at = (ids.index(current) + 1) % len(ids) if next_match and current in ids else 0
        match = matches[at]
        self.select_exhibit(match.exhibit_id)
        item = self.session.packet.find(match.exhibit_id)
        label = self.session.packet.label_of(item) if item else ""
        if match.where == "text":
            found = (_("Found in the text of Tab {label}: {excerpt} ({at} of {n}; Return for the next)") if label
                     else _("Found in the text of the lead document: {excerpt} ({at} of {n}; Return for the next)"))
        else:
            found = (_("Found in the title of Tab {label} ({at} of {n}; Return for the next)") if label
                     else _("Found in the title of the lead document ({at} of {n}; Return for the next)"))
        self.statusBar().showMessage(found.format(label=label, excerpt=match.excerpt, at=at + 1, n=len(matches)),
                                     8000)

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        current = self.list.currentIndex()
        eid = current.data(IdRole) if current.isValid() and current.data(IdRole) in ids else (ids[0] if ids else "")
        self.inspector.show_exhibit(eid or "")
        self.pages.show_exhibit(eid or "")
        self._update_actions()

    def show_pages(self) -> None:
        """The Pages tab, on the selected exhibit (double-click in the list)."""
        if self.session is not None:
            self.tabs.setCurrentWidget(self.pages)

    # -- refresh ---------------------------------------------------------------------------------------------
    def _undo_index_changed(self, _index: int) -> None:
        if shiboken6.isValid(self.list):
            self._update_actions()

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def _refresh(self) -> None:
        if self.session is None or self.model is None:
            return
        self.list_stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.deadline.show_for(self.session.packet)
        self._compute_cites()
        self._update_title()
        self._update_actions()

    def _compute_cites(self) -> None:
        """Page cites come from the export plan of the packet as saved, worked out by the helper process
        (ui/cite_planner.py); where it cannot run, in a thread on a snapshot. Either way a later change makes an
        earlier answer stale, and stale answers are dropped."""
        if self.session is None:
            return
        planner = CitePlanner.shared()
        if planner.available:
            self._cites_generation += 1
            planner.request(self._cites_client, f"{self._cites_client}:{self._cites_generation}",
                            self.session.packet_json())
            return
        if self.cites_worker is not None:
            self._cites_pending = True
            return
        self._cites_generation += 1
        self._cites_pending = False
        self.cites_worker = CitesWorker(snapshot(self.session.packet), self._cites_generation, self)
        self.cites_worker.computed.connect(self._cites_computed)
        self.cites_worker.finished.connect(self._cites_finished)
        self.cites_worker.start()

    def _cites_answered(self, tag: str, cites: dict[str, str]) -> None:
        client, _sep, generation = tag.rpartition(":")
        if client == self._cites_client and generation == str(self._cites_generation) and self.model is not None:
            self.model.set_cites(cites)

    def _cites_computed(self, generation: int, cites: dict[str, str]) -> None:
        if self.model is not None and generation == self._cites_generation and not self._cites_pending:
            self.model.set_cites(cites)

    def _cites_finished(self) -> None:
        worker, self.cites_worker = self.cites_worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if self._cites_pending:
            self._compute_cites()

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.save_label.setText("")
            return
        saved = self.session.saved
        state = _("read-only") if self.session.read_only else _("all changes saved") if saved else _("NOT SAVED")
        self.setWindowTitle(f"{self.session.packet.name}[*] — {state} — {APP_NAME}")
        self.setWindowModified(not saved)
        n = len(self.session.packet.exhibits)
        where = _("Read-only") if self.session.read_only else _("Saved") if saved else _("Not saved")
        self.save_label.setText(ngettext("{n} exhibit · {state}", "{n} exhibits · {state}", n).format(n=n, state=where))

    def _update_actions(self) -> None:
        session = self.session
        have = session is not None
        selected = bool(have and self.model is not None and self.list.selectionModel().hasSelection())
        writable = bool(have and session is not None and not session.read_only)
        for a in (self.act_export, self.act_archive, self.act_close, self.act_save_template):
            a.setEnabled(have)
        for a in (self.act_add, self.act_add_lead, self.act_sort, self.act_group, self.act_family):
            a.setEnabled(writable)
        for a in (self.act_remove, self.act_up, self.act_down, self.act_lead, self.act_exhibit, self.act_rename):
            a.setEnabled(selected and writable)
        stack = session.undo_stack if session is not None else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo()))
        self.act_redo.setEnabled(bool(stack and stack.canRedo()))
        self.act_undo.setText(_("&Undo {value}").format(value=stack.undoText()) if stack and stack.canUndo() else _("&Undo"))
        self.act_redo.setText(_("&Redo {value}").format(value=stack.redoText()) if stack and stack.canRedo() else _("&Redo"))
        # The toolbar says only Undo / Redo (a long title would stretch it and shift the buttons); the tip says what
        for action, word in ((self.act_undo, _("Undo")), (self.act_redo, _("Redo"))):
            action.setIconText(word)
            action.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        if session is not None:
            self.act_export.setEnabled(bool(session.packet.items()))
            self.act_group.setChecked(session.packet.settings.group_index_by_factor)

    # -- dialogs ---------------------------------------------------------------------------------------------
    def show_export(self) -> None:
        if self.session is None or not self.session.packet.items():
            return
        self.export_dialog = ExportDialog(self.session, self)
        self.export_dialog.setModal(False)
        self.export_dialog.show()

    def new_family_member(self) -> None:
        if self.session is None:
            return
        created = new_family_member(self, self.session)
        if created is None:
            return
        self.statusBar().showMessage(_("Created {path}").format(path=created), 6000)
        answer = QMessageBox.question(
            self, APP_NAME, _("Made {name}, sharing exhibits with {packet}. Open it now? (This packet closes; both "
                              "stay in the same folder, with the family's shared documents.)").format(
                                  name=created.name, packet=self.session.folder.path.name),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close)
        if answer == QMessageBox.StandardButton.Open:
            self.open_path(created)

    def save_archive(self) -> None:
        if self.session is None:
            return
        here = Path(start_folder("archive", self.session.folder.path.parent))
        default = str(here / (self.session.folder.path.name + ".zip"))  # NAME.packet.zip
        path, _filter = QFileDialog.getSaveFileName(self, _("Save packet archive"), default, _("Packet archives (*.zip)"))
        if not path:
            return
        remember_folder("archive", path)
        self.session.flush()
        try:
            out = write_archive(self.session.folder, Path(path))
        except (PacketError, OSError) as exc:
            QMessageBox.warning(self, APP_NAME, _("The archive could not be written: {error}").format(error=exc))
            return
        self.statusBar().showMessage(_("Saved archive {out}").format(out=out), 6000)

    def save_as_template(self) -> None:
        if self.session is not None and templates_ui.save_as_template(self, self.session) is not None:
            self.start.templates.reload()

    def import_template(self) -> None:
        if templates_ui.import_template_dialog(self) is not None:
            self.start.templates.reload()

    def export_template(self) -> None:
        out = templates_ui.export_template_dialog(self, self.session.packet.template if self.session else "")
        if out is not None:
            self.statusBar().showMessage(_("Saved template {out}").format(out=out), 6000)

    def show_about(self) -> None:
        AboutDialog(self).exec()

    # -- Qt API ----------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_fitted", False):  # once the frame is known: the screen it opened on
            self._fitted = True
            self.fit_to_screen()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # Back to this window (perhaps from another member's packet): show the family's changes to shared exhibits.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.session is not None:
            self.session.refresh_family()

    def dragEnterEvent(self, event) -> None:
        if self.session is not None and event.mimeData().hasUrls():
            event.setDropAction(Qt.DropAction.CopyAction)  # a copy, never a move (see ExhibitList._as_copy)
            event.accept()

    def dragMoveEvent(self, event) -> None:
        if self.session is not None and event.mimeData().hasUrls():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.session is not None and paths:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.add_paths(paths)

    def close_without_asking(self) -> bool:
        """Close as Ctrl+C in a terminal asks: a running export is cancelled without a question, the packet saved."""
        self._closing_without_asking = True
        return self.close()

    def closeEvent(self, event) -> None:
        if self.export_dialog is not None and self.export_dialog.running():
            if not getattr(self, "_closing_without_asking", False):
                self.export_dialog.hold()  # it must not finish, and leave its files, while the question is open
                answer = QMessageBox.question(self, APP_NAME, _("An export is running. Cancel it and quit?"))
                if answer != QMessageBox.StandardButton.Yes:
                    self.export_dialog.release()
                    event.ignore()
                    return
            self.export_dialog.stop()  # before closing the packet, which refuses while an export runs
            self.export_dialog.reject()
        if self.intake is not None:
            self.intake.wait()
        QSettings().setValue("window/geometry", self.saveGeometry())
        self.close_packet()
        event.accept()

    def _save_layout(self) -> None:
        if self.session is not None and hasattr(self, "splitter"):
            QSettings().setValue("window/splitter", self.splitter.saveState())
