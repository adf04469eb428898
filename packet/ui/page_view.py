"""The page view: the pages of the selected exhibit as a grid of thumbnails large enough to read a heading, to
turn, hide or restore, reorder by dragging, split the exhibit at a page, or merge it with the next one.

Every change is a core action (packet/core/actions/pages.py) run through the session: one undoable step, saved
at once, the same function `packet pages` calls. Thumbnails come from the window's ThumbnailCache (rendered off
the GUI thread) with the turn the export will give each page. Near-empty pages are looked for in the background
and offered for hiding in a bar above the grid; nothing is hidden unless the user says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.actions import ActionError
from packet.core.i18n import _, ngettext
from packet.core.plan import snapshot
from packet.core.selection import describe, page_ranges
from packet.store.blank_pages import near_empty_pages
from packet.ui.page_delegate import PageDelegate
from packet.ui.page_model import PageModel
from packet.ui.session import PacketSession
from packet.ui.thumbnails import ThumbnailCache
from packet.ui.widgets import sentence

ZOOM_MIN, ZOOM_MAX, ZOOM_DEFAULT = 120, 600, 240  # thumbnail width in pixels; 240 reads a 14-point heading


class _BlankSignals(QObject):
    found = Signal(str, int, list)  # exhibit id, generation, near-empty positions


class _BlankJob(QRunnable):
    """Looks for near-empty pages of one exhibit (on a snapshot of the packet), off the GUI thread."""

    def __init__(self, folder, packet, exhibit_id: str, generation: int, signals: _BlankSignals):
        super().__init__()
        self.folder, self.packet, self.exhibit_id, self.generation, self.signals = (
            folder, packet, exhibit_id, generation, signals)
        self.setAutoDelete(True)

    def run(self) -> None:
        e = self.packet.find(self.exhibit_id)
        try:
            found = near_empty_pages(self.folder, self.packet, e) if e is not None else []
        except Exception:  # a document that cannot be drawn is simply not suggested
            found = []
        try:
            self.signals.found.emit(self.exhibit_id, self.generation, found)
        except RuntimeError:  # the view is gone
            pass


class PageGrid(QListView):
    """The grid. Delete and Backspace hide the selected pages here (never the window's 'remove the exhibit')."""

    hideRequested = Signal()
    zoomRequested = Signal(int)  # +1 or -1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageGrid")
        self.setAccessibleName(_("Pages of the exhibit"))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)  # moves go through the model (one undoable edit)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    # Qt API
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) and \
                e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            e.accept()  # ours here: hide pages, not the window's Delete (which removes the whole exhibit)
            return True
        return super().event(e)

    def keyPressEvent(self, e) -> None:
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not e.modifiers():
            self.hideRequested.emit()
            return
        super().keyPressEvent(e)

    def wheelEvent(self, e) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoomRequested.emit(1 if e.angleDelta().y() > 0 else -1)
            return
        super().wheelEvent(e)


class PageView(QWidget):
    """Page-level editing of the exhibit the list selects."""

    message = Signal(str)  # for the status bar: what was done, or why it was refused

    def __init__(self, session: PacketSession, thumbnails: ThumbnailCache | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageView")
        self.session = session
        self.thumbnails = thumbnails
        self.zoom = ZOOM_DEFAULT
        self.model = PageModel(session, self)
        self._generation = 0
        self._signals = _BlankSignals(self)
        self._signals.found.connect(self._blank_found)
        self.pool = QThreadPool.globalInstance()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.grid = PageGrid()
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(PageDelegate(self, self.grid))
        self.grid.hideRequested.connect(self.toggle_hidden)
        self.grid.zoomRequested.connect(lambda step: self.set_zoom(self.zoom + 40 * step))
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        if thumbnails is not None:
            thumbnails.ready.connect(self._thumbnail_ready)  # a bound slot: disconnected when this view goes
        self.act_left = self._action(_("Turn &left"), lambda: self.turn(-90), "Ctrl+Left",
                                     _("Turn the selected pages a quarter turn anticlockwise"))
        self.act_right = self._action(_("Turn &right"), lambda: self.turn(90), "Ctrl+Right",
                                      _("Turn the selected pages a quarter turn clockwise"))
        self.act_hide = self._action(_("&Hide / restore"), self.toggle_hidden, "H",
                                     _("Leave the selected pages out of the export, or put hidden ones back"))
        self.act_earlier = self._action(_("Move &earlier"), lambda: self.shift(-1), "Alt+Left")
        self.act_later = self._action(_("Move la&ter"), lambda: self.shift(1), "Alt+Right")
        self.act_split = self._action(_("&Split before this page"), self.split_here,
                                      tip=_("This page and the ones after it become the next exhibit"))
        self.act_merge = self._action(_("&Merge with the next exhibit"), self.merge_next,
                                      tip=_("Append the next exhibit's pages to this one"))
        self.act_blank = self._action(_("Find &blank pages"), self.find_blank,
                                      tip=_("Look for near-empty pages (the backs of a duplex scan) to hide"))
        self.act_zoom_in = self._action(_("Zoom in"), lambda: self.set_zoom(self.zoom + 40), "Ctrl++")
        self.act_zoom_out = self._action(_("Zoom out"), lambda: self.set_zoom(self.zoom - 40), "Ctrl+-")
        for a in (self.act_left, self.act_right, self.act_hide, self.act_earlier, self.act_later, self.act_split,
                  self.act_merge):
            self.grid.addAction(a)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setAccessibleName(_("Page size"))
        self.zoom_slider.setRange(ZOOM_MIN, ZOOM_MAX)
        self.zoom_slider.setValue(self.zoom)
        self.zoom_slider.setMaximumWidth(140)
        self.zoom_slider.valueChanged.connect(self.set_zoom)
        self.zoom_slider.setMinimumWidth(80)
        # One tool bar: on a narrow window what does not fit goes behind its » button, never off the screen.
        self.toolbar = QToolBar(_("Pages"))
        self.toolbar.setObjectName("pageTools")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        groups = ((self.act_left, self.act_right, self.act_hide, self.act_earlier, self.act_later),
                  (self.act_split, self.act_merge, self.act_blank))
        for group in groups:
            for action in group:
                self.toolbar.addAction(action)
            self.toolbar.addSeparator()
        self.toolbar.addWidget(QLabel(_(" Size: ")))
        self.toolbar.addAction(self.act_zoom_out)
        self.toolbar.addWidget(self.zoom_slider)
        self.toolbar.addAction(self.act_zoom_in)
        self.act_zoom_out.setIconText("−")
        self.act_zoom_in.setIconText("+")
        # short words on the tool bar, so it fits a laptop's width; menus and tips keep the full wording
        for action, short in ((self.act_left, _("⟲ Left")), (self.act_right, _("⟳ Right")), (self.act_hide, _("Hide/restore")),
                              (self.act_earlier, _("◀ Earlier")), (self.act_later, _("Later ▶")),
                              (self.act_split, _("Split here")), (self.act_merge, _("Merge next")),
                              (self.act_blank, _("Find blank"))):
            action.setIconText(short)
        self.suggestion = QWidget()
        self.suggestion.setObjectName("blankSuggestion")
        self.suggestion_text = QLabel()
        self.suggestion_text.setWordWrap(True)
        self.accept_blank = QPushButton(_("Hide them"))
        self.accept_blank.clicked.connect(self.hide_suggested)
        self.dismiss_blank = QPushButton(_("Keep them"))
        self.dismiss_blank.clicked.connect(self.dismiss_suggested)
        bar = QHBoxLayout(self.suggestion)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.suggestion_text, 1)
        bar.addWidget(self.accept_blank)
        bar.addWidget(self.dismiss_blank)
        self.suggestion.setStyleSheet("#blankSuggestion { background: #fef3c7; border: 1px solid #f59e0b; }")
        self.suggestion.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.suggestion)
        lay.addWidget(self.grid, 1)
        session.changed.connect(self._refresh)
        self.show_exhibit("")

    def _action(self, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{tip or text.replace('&', '')}" + (f" ({shortcut})" if shortcut else ""))
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _thumbnail_ready(self, _sha: str) -> None:
        self.grid.viewport().update()

    # -- what is shown ---------------------------------------------------------------------------------------
    def show_exhibit(self, exhibit_id: str) -> None:
        changed = exhibit_id != self.model.exhibit_id
        self.model.show_exhibit(exhibit_id)
        if changed:
            self.suggestion.hide()
            if exhibit_id and self.isVisible():
                self._look_for_blank(quiet=True)
        self._refresh()

    def selected_positions(self) -> list[int]:
        return sorted(i.row() + 1 for i in self.grid.selectionModel().selectedIndexes())

    def select_positions(self, positions: list[int]) -> None:
        sel = self.grid.selectionModel()
        sel.clearSelection()
        for p in positions:
            idx = self.model.index(p - 1)
            if idx.isValid():
                sel.select(idx, sel.SelectionFlag.Select)
        if positions and self.model.index(positions[0] - 1).isValid():
            sel.setCurrentIndex(self.model.index(positions[0] - 1), sel.SelectionFlag.NoUpdate)

    def set_zoom(self, value: int) -> None:
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, int(value)))
        if self.zoom_slider.value() != self.zoom:
            self.zoom_slider.setValue(self.zoom)
        self.grid.scheduleDelayedItemsLayout()
        self.grid.viewport().update()

    def _refresh(self) -> None:
        e = self.model.exhibit
        if e is None:
            self.heading.setText(_("Select an exhibit in the list to see its pages here."))
        else:
            p = self.session.packet
            label = p.label_of(e)
            where = _("Tab {label}").format(label=label) if label else _("Lead document")
            refs = e.page_list(p.documents)
            kept = sum(1 for r in refs if not r.hidden)
            summary = describe(e, p.documents)
            self.heading.setText(ngettext("<b>{where}: {title}</b> — {kept} of {n} page kept",
                                          "<b>{where}: {title}</b> — {kept} of {n} pages kept", len(refs)).format(
                where=where, title=e.title, kept=kept, n=len(refs)) + (f" ({summary})" if summary else ""))
        self._update_buttons()

    def _update_buttons(self) -> None:
        e = self.model.exhibit
        have = e is not None
        chosen = bool(self.selected_positions())
        for a in (self.act_left, self.act_right, self.act_hide, self.act_earlier, self.act_later):
            a.setEnabled(have and chosen)
        current = self.grid.currentIndex()
        self.act_split.setEnabled(have and current.isValid() and current.row() > 0)
        self.act_merge.setEnabled(have and self._next_of(e) is not None)
        self.act_blank.setEnabled(have)

    def _next_of(self, e):
        if e is None:
            return None
        for lst in (self.session.packet.lead, self.session.packet.exhibits):
            for i, x in enumerate(lst):
                if x.id == e.id:
                    return lst[i + 1] if i + 1 < len(lst) else None
        return None

    # -- edits -----------------------------------------------------------------------------------------------
    def _edit(self, text: str, change, keep: list[int] | None = None) -> bool:
        e = self.model.exhibit
        if e is None:
            return False
        try:
            done = self.session.edit(text, change)
        except ActionError as exc:
            self.message.emit(sentence(str(exc.accepted)))
            return False
        if keep:
            self.select_positions(keep)
        return done

    def turn(self, by: int) -> None:
        chosen, eid = self.selected_positions(), self.model.exhibit_id
        if chosen:
            word = "right" if by > 0 else "left"
            text = _("Turn page {value} {word}").format(value=chosen[0], word=word) if len(chosen) == 1 else _("Turn {n_chosen} pages {word}").format(
                                                                                n_chosen=len(chosen), word=word)
            self._edit(text, lambda p: actions.turn_pages(p, eid, chosen, by), chosen)

    def toggle_hidden(self) -> None:
        chosen, eid = self.selected_positions(), self.model.exhibit_id
        if not chosen:
            return
        refs = [self.model.ref(p - 1) for p in chosen]
        restore = all(r is not None and r.hidden for r in refs)
        what = _("page {value}").format(value=chosen[0]) if len(chosen) == 1 else _("{n_chosen} pages").format(n_chosen=len(chosen))
        if restore:
            self._edit(_("Restore {what}").format(what=what), lambda p: actions.restore_pages(p, eid, chosen), chosen)
        else:
            self._edit(_("Hide {what}").format(what=what), lambda p: actions.hide_pages(p, eid, chosen), chosen)

    def shift(self, delta: int) -> None:
        chosen, eid = self.selected_positions(), self.model.exhibit_id
        if not chosen:
            return
        n = self.model.rowCount()
        before: int | None
        if delta < 0 and chosen[0] > 1:
            before, moved = chosen[0] - 1, [p - 1 for p in chosen]
        elif delta > 0 and chosen[-1] < n:
            before, moved = (chosen[-1] + 2 if chosen[-1] + 2 <= n else None), [p + 1 for p in chosen]
        else:
            return
        what = _("page {page}").format(page=chosen[0]) if len(chosen) == 1 else _("{n} pages").format(n=len(chosen))
        self._edit((_("Move {what} earlier") if delta < 0 else _("Move {what} later")).format(what=what),
                   lambda p: actions.move_pages(p, eid, chosen, before), moved)

    def split_here(self) -> None:
        current, e = self.grid.currentIndex(), self.model.exhibit
        if e is None or not current.isValid():
            return
        at, eid = current.row() + 1, e.id
        if self._edit(_("Split {title!r} before page {at}").format(title=e.title, at=at), lambda p: actions.split_exhibit(p, eid, at)):
            self.message.emit(_("Pages {at}-… of {title!r} are now the next exhibit.").format(at=at, title=e.title))

    def merge_next(self) -> None:
        e = self.model.exhibit
        other = self._next_of(e)
        if e is None or other is None:
            return
        eid = e.id
        if self._edit(_("Merge {title!r} into {title2!r}").format(title=other.title, title2=e.title), lambda p: actions.merge_with_next(p, eid)):
            self.message.emit(_("{title!r} is now part of {title2!r}.").format(title=other.title, title2=e.title))

    # -- blank pages (a suggestion) --------------------------------------------------------------------------
    def find_blank(self) -> None:
        self._look_for_blank(quiet=False)

    def _look_for_blank(self, quiet: bool) -> None:
        e = self.model.exhibit
        if e is None:
            return
        self._generation += 1
        self._quiet = quiet
        if not quiet:
            self.suggestion_text.setText(_("Looking for near-empty pages…"))
            self.accept_blank.hide()
            self.dismiss_blank.hide()
            self.suggestion.show()
        job = _BlankJob(self.session.folder.path, snapshot(self.session.packet), e.id, self._generation,
                        self._signals)
        self.pool.start(job)

    def _blank_found(self, exhibit_id: str, generation: int, positions: list[int]) -> None:
        if exhibit_id != self.model.exhibit_id or generation != self._generation:
            return  # an answer for another exhibit, or an older question
        self.model.set_blank(positions)
        self.suggested = positions
        if positions:
            self.suggestion_text.setText(
                ngettext("Page {pages} looks blank (the back of a duplex scan?). Hide it? Nothing is hidden unless "
                         "you say so.", "Pages {pages} look blank (the backs of a duplex scan?). Hide them? Nothing "
                         "is hidden unless you say so.", len(positions)).format(pages=page_ranges(positions)))
            self.accept_blank.show()
            self.dismiss_blank.show()
            self.suggestion.show()
        elif not getattr(self, "_quiet", True):
            self.suggestion_text.setText(_("No near-empty pages found."))
            self.accept_blank.hide()
            self.dismiss_blank.show()
            self.suggestion.show()
        else:
            self.suggestion.hide()

    def hide_suggested(self) -> None:
        positions, eid = list(getattr(self, "suggested", [])), self.model.exhibit_id
        if positions and self._edit(ngettext("Hide {n} blank page", "Hide {n} blank pages", len(positions)).format(
                                        n=len(positions)),
                                    lambda p: actions.hide_pages(p, eid, positions)):
            self.message.emit(_("Hid pages {value}; Undo brings them back.").format(value=page_ranges(positions)))
        self.dismiss_suggested()

    def dismiss_suggested(self) -> None:
        self.suggested = []
        self.model.set_blank([])
        self.suggestion.hide()

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for a blank-page search still running (closing the packet, tests)."""
        return self.pool.waitForDone(msecs)

    # Qt API
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model.exhibit_id and not self.suggestion.isVisible():
            self._look_for_blank(quiet=True)
