"""The pages of one exhibit as a Qt model, for the page view: one row per page of its selection, hidden ones
included (greyed in the view, so they can be restored in place).

Rows follow the exhibit: after any change (an edit, undo, redo) the model is reset from the packet, keeping the
selection by position. Drags carry the exhibit's id and the dragged positions; a drop becomes one `move_pages`
edit through the session, like every other change here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from packet.core import actions
from packet.core.i18n import _
from packet.core.model import Exhibit, PageRef
from packet.ui.session import PacketSession

MIME_PAGES = "application/x-packet-pages"

RefRole = Qt.ItemDataRole.UserRole + 1  # the PageRef (document filled in)
TurnRole = Qt.ItemDataRole.UserRole + 2  # the whole turn the export gives the page: exhibit's + page's
HiddenRole = Qt.ItemDataRole.UserRole + 3
BlankRole = Qt.ItemDataRole.UserRole + 4  # suggested as near-empty (a suggestion only; nothing is hidden)
PositionRole = Qt.ItemDataRole.UserRole + 5  # 1-based position in the exhibit, as `packet pages` counts


class PageModel(QAbstractListModel):
    def __init__(self, session: PacketSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.exhibit_id = ""
        self._refs: list[PageRef] = []
        self._rotation = 0
        self.blank: set[int] = set()  # positions suggested as near-empty
        session.changed.connect(self.sync)

    # -- helpers ---------------------------------------------------------------------------------------------
    @property
    def exhibit(self) -> Exhibit | None:
        return self.session.packet.find(self.exhibit_id) if self.exhibit_id else None

    def show_exhibit(self, exhibit_id: str) -> None:
        if exhibit_id != self.exhibit_id:
            self.blank = set()
        self.exhibit_id = exhibit_id
        self.sync()

    def sync(self) -> None:
        e = self.exhibit
        refs = e.page_list(self.session.packet.documents) if e is not None else []
        rotation = e.rotation if e is not None else 0
        if e is None:
            self.exhibit_id = ""
        if refs == self._refs and rotation == self._rotation:
            return
        if len(refs) == len(self._refs) and [r.page for r in refs] == [r.page for r in self._refs] and \
                [r.document for r in refs] == [r.document for r in self._refs]:
            self._refs, self._rotation = refs, rotation  # same pages, same order: turned or hidden
            if refs:
                self.dataChanged.emit(self.index(0), self.index(len(refs) - 1))
            return
        self.beginResetModel()
        self._refs, self._rotation = refs, rotation
        self.blank = {b for b in self.blank if b <= len(refs)}
        self.endResetModel()

    def ref(self, row: int) -> PageRef | None:
        return self._refs[row] if 0 <= row < len(self._refs) else None

    def set_blank(self, positions: list[int]) -> None:
        self.blank = set(positions)
        if self._refs:
            self.dataChanged.emit(self.index(0), self.index(len(self._refs) - 1), [BlankRole])

    # Qt API -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._refs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.ref(index.row()) if index.isValid() else None
        if r is None:
            return None
        position = index.row() + 1
        several = len({x.document for x in self._refs}) > 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            source = f"p. {r.page}"
            if several:
                source += _(" of {value}").format(value=self.session.packet.documents[r.document].original_name)
            notes = [x for x in (_("turned {rotate}°").format(rotate=r.rotate) if r.rotate else "", _("hidden") if r.hidden else "",
                                 _("looks blank") if position in self.blank and not r.hidden else "") if x]
            text = f"{position}: {source}" if source != f"p. {position}" or several else _("Page {position}").format(
                                                                                             position=position)
            return text + (f" ({', '.join(notes)})" if notes else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return (_("Hidden: left out of the export. Restore it with H or the Restore button.") if r.hidden else
                    _("Drag to reorder; Ctrl+Right / Ctrl+Left turn it; H hides it."))
        if role == RefRole:
            return r
        if role == TurnRole:
            return (self._rotation + r.rotate) % 360
        if role == HiddenRole:
            return r.hidden
        if role == BlankRole:
            return position in self.blank and not r.hidden
        if role == PositionRole:
            return position
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_PAGES]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        positions = sorted({i.row() + 1 for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME_PAGES, QByteArray(json.dumps({"exhibit": self.exhibit_id, "pages": positions}).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return data.hasFormat(MIME_PAGES)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if action == Qt.DropAction.IgnoreAction or not data.hasFormat(MIME_PAGES):
            return False
        try:
            body = json.loads(bytes(data.data(MIME_PAGES).data()).decode())
            positions = [int(p) for p in body["pages"]]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return False
        if body.get("exhibit") != self.exhibit_id or not positions:
            return False  # pages of another exhibit: moving between exhibits is split and merge
        if row < 0 and parent.isValid():
            row = parent.row()
        before = None if row < 0 or row >= len(self._refs) else row + 1
        eid = self.exhibit_id
        text = _("Move page {value}").format(value=positions[0]) if len(positions) == 1 else _("Move {n_positions} pages").format(
                                                                           n_positions=len(positions))
        self.session.edit(text, lambda p: actions.move_pages(p, eid, positions, before))
        return False  # moved here; False stops the view from removing the dragged rows itself
