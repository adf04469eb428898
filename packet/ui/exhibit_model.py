"""The exhibit list as a Qt model: lead documents first, then exhibits, one row each.

Rows follow the packet: after any change the model works out what happened (rows moved, inserted or removed) and
tells the views in those terms, so selection and scroll position survive edits and undo.
Drags carry exhibit ids, never rows; drops of files from the file manager are handed to the window.

When the packet is grouped by factor, the first row of each section carries its heading (`SectionRole`, drawn by
the delegate above the row): rows stay one per item. A drop into another section retags the exhibits
(`actions.move_to_section`), one undoable step; a drop inside a section only moves them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from packet.core import actions
from packet.core.factor_sections import section_heading, section_of
from packet.core.factors import load_factors
from packet.core.i18n import N_, _, ngettext
from packet.core.model import Exhibit
from packet.ui.session import PacketSession

MIME_IDS = "application/x-packet-exhibit-ids"

IdRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2
TitleRole = Qt.ItemDataRole.UserRole + 3
FactorsRole = Qt.ItemDataRole.UserRole + 4
PagesRole = Qt.ItemDataRole.UserRole + 5
RoleRole = Qt.ItemDataRole.UserRole + 6
DocumentRole = Qt.ItemDataRole.UserRole + 7
WarningsRole = Qt.ItemDataRole.UserRole + 8
CiteRole = Qt.ItemDataRole.UserRole + 9
SectionRole = Qt.ItemDataRole.UserRole + 10  # the heading of the section this row starts ("" inside a section)
SectionIdRole = Qt.ItemDataRole.UserRole + 11  # the section (factor id, "" other evidence) of an exhibit's row
TranslationRole = Qt.ItemDataRole.UserRole + 12  # "Spanish, with its English translation (2 pages)", or ""
SharedRole = Qt.ItemDataRole.UserRole + 13  # shared with the family's other packets (stored once, edited for all)
MarksRole = Qt.ItemDataRole.UserRole + 14  # small status marks: [(text, kind)], e.g. ("Text recognised", "ok")
LEAD_HEADING = N_("Lead documents")


class ExhibitModel(QAbstractListModel):
    # paths, "lead" or "exhibit", the id they go before ("": the end), and in a grouped list the section (factor
    # id, "" other evidence) the drop line is in, whose factor they get (None: not grouped, or lead documents)
    filesDropped = Signal(list, str, str, object)

    def __init__(self, session: PacketSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._ids: list[str] = [e.id for e in session.packet.items()]
        self._cites: dict[str, str] = {}
        self._factor_names = {f.id: _(f.name) for f in load_factors()}
        self._sections: list[str | None] = self._section_ids()
        self._marks: dict[str, list[tuple[str, str]]] = {}  # by exhibit id, until its document changes
        self.marks_of: Callable[[Exhibit], list[tuple[str, str]]] = lambda e: []
        session.changed.connect(self.sync)

    # -- helpers ---------------------------------------------------------------------------------------------
    def item(self, row: int) -> Exhibit | None:
        if 0 <= row < len(self._ids):
            return self.session.packet.find(self._ids[row])
        return None

    def row_of(self, exhibit_id: str) -> int:
        try:
            return self._ids.index(exhibit_id)
        except ValueError:
            return -1

    def ids(self) -> list[str]:
        return list(self._ids)

    @property
    def grouped(self) -> bool:
        return self.session.packet.settings.group_index_by_factor

    def _section_ids(self) -> list[str | None]:
        """Per row: None for a lead document, else the exhibit's section (its primary factor)."""
        packet = self.session.packet
        return [*(None for _ in packet.lead), *(section_of(packet, e) for e in packet.exhibits)]

    def section_of_row(self, row: int) -> str | None:
        return self._sections[row] if 0 <= row < len(self._sections) else None

    def heading_of_row(self, row: int) -> str:
        """The section heading drawn above this row, when the packet is grouped and the row starts a section."""
        if not self.grouped or not 0 <= row < len(self._sections):
            return ""
        here = self._sections[row]
        if row > 0 and self._sections[row - 1] == here:
            return ""
        return _(LEAD_HEADING) if here is None else _(section_heading(here))  # lead documents are all at the top

    def set_cites(self, cites: dict[str, str]) -> None:
        """Page cites from the current export plan (computed by the window), shown in each row."""
        self._cites = cites
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [CiteRole])

    def refresh_document(self, sha: str) -> None:
        for row, i in enumerate(self._ids):
            e = self.session.packet.find(i)
            if e is not None and e.document == sha:
                self._marks.pop(i, None)
                idx = self.index(row)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole, MarksRole])

    def sync(self) -> None:
        """Bring the rows in line with the packet, as moves, inserts or removes where possible."""
        new = [e.id for e in self.session.packet.items()]
        old = self._ids
        self._marks.clear()  # a page selection may have changed
        headings = [self.heading_of_row(r) for r in range(len(old))]
        self._sections = self._section_ids()
        if new == old:
            if [self.heading_of_row(r) for r in range(len(new))] != headings:
                self.layoutAboutToBeChanged.emit()  # rows with a heading are taller: the view lays them out again
                self.layoutChanged.emit()
            if new:
                self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
            return
        if sorted(new) == sorted(old):
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            ids = [old[p.row()] if 0 <= p.row() < len(old) else None for p in persistent]
            self._ids = new
            self.changePersistentIndexList(
                persistent, [self.index(new.index(i)) if i in new else QModelIndex() for i in ids])
            self.layoutChanged.emit()
            self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
            return
        if _is_subsequence(new, old):  # only removals
            for row in reversed(range(len(old))):
                if old[row] not in new:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self._ids[row]
                    self.endRemoveRows()
        elif _is_subsequence(old, new):  # only insertions
            for row, i in enumerate(new):
                if row >= len(self._ids) or self._ids[row] != i:
                    self.beginInsertRows(QModelIndex(), row, row)
                    self._ids.insert(row, i)
                    self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = new
            self.endResetModel()
            return
        if self._ids:  # labels of the rows after a change move on
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def _translation(self, e: Exhibit) -> str:
        doc = self.session.packet.documents.get(e.translation) if e.translation else None
        if doc is None:
            return ""
        language = e.language if e.language and not e.language.startswith("a language") else _("Not in English")
        pages = ngettext("{n} page", "{n} pages", doc.pages).format(n=doc.pages)
        return _("{language}, with its English translation ({pages}) and a certificate of translation").format(
                   language=language, pages=pages)

    # Qt API -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        packet = self.session.packet
        e = packet.find(self._ids[index.row()])
        if e is None:
            return None
        label = packet.label_of(e)
        if role == Qt.ItemDataRole.DisplayRole:
            tab = _("Tab {label}").format(label=label) if label else _("Lead document")
            return f"{tab}: {e.title}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            tab = _("Tab {label}").format(label=label) if label else _("Lead document")
            translated = self._translation(e)
            return f"{tab}: {e.title}" + (f". {translated}" if translated else "")
        if role == TranslationRole:
            return self._translation(e)
        if role == Qt.ItemDataRole.EditRole or role == TitleRole:
            return e.title
        if role == IdRole:
            return e.id
        if role == LabelRole:
            return label
        if role == FactorsRole:
            return [self._factor_names.get(f, f) for f in e.factors]
        if role == PagesRole:  # the pages the export shows (kept ones, merged-in ones too)
            return len(e.kept(packet.documents)) if e.document in packet.documents else 0
        if role == RoleRole:
            return "exhibit" if label else "lead"
        if role == DocumentRole:
            return e.document
        if role == WarningsRole:
            doc = packet.documents.get(e.document)
            return list(doc.messages) if doc else []
        if role == CiteRole:
            return self._cites.get(e.id, "")
        if role == SectionRole:
            return self.heading_of_row(index.row())
        if role == SectionIdRole:
            return self.section_of_row(index.row())
        if role == SharedRole:
            return bool(e.shared)
        if role == MarksRole:
            if e.id not in self._marks:
                self._marks[e.id] = self.marks_of(e)
            return self._marks[e.id]
        if role == Qt.ItemDataRole.ToolTipRole:
            doc = packet.documents.get(e.document)
            lines = [e.title, _("File: {original_name}").format(original_name=doc.original_name) if doc else ""]
            if e.shared:
                lines.append(_("Shared with the family: a change to its title or pages shows in every member's "
                               "packet."))
            if doc and doc.messages:
                lines += ["", *doc.messages]
            return "\n".join(x for x in lines if x is not None)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        title = str(value).strip()
        e = self.item(index.row())
        if e is None or not title or title == e.title:
            return False
        return self.session.edit(_("Rename {title!r}").format(title=e.title), lambda p: actions.rename(p, e.id, title))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemNeverHasChildren)

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update({IdRole: QByteArray(b"exhibitId"), LabelRole: QByteArray(b"label"),
                      TitleRole: QByteArray(b"title"), PagesRole: QByteArray(b"pages")})
        return names

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_IDS, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._ids[r] for r in rows if 0 <= r < len(self._ids)]
        data = QMimeData()
        data.setData(MIME_IDS, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return data.hasFormat(MIME_IDS) or data.hasUrls()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if row < 0 and parent.isValid():
            row = parent.row()
        if row < 0 or row > len(self._ids):
            row = len(self._ids)
        lead_count = len(self.session.packet.lead)
        role = "lead" if row < lead_count else "exhibit"
        if data.hasFormat(MIME_IDS):
            try:
                ids = [str(i) for i in json.loads(bytes(data.data(MIME_IDS).data()).decode())]
            except (ValueError, UnicodeDecodeError):
                return False
            ids = [i for i in ids if i in self._ids]
            if not ids:
                return False
            before = next((i for i in self._ids[row:] if i not in ids), None)
            if before is not None and (self._ids.index(before) < lead_count) != (role == "lead"):
                before = None
            text = (_("Move {value!r}").format(value=self.session.packet.find(ids[0]).title) if len(ids) == 1  # type: ignore[union-attr]
                    else _("Move {n_ids} exhibits").format(n_ids=len(ids)))
            target = self._drop_section(row, parent, ids) if role == "exhibit" and self.grouped else None
            if target is not None:
                where = _(section_heading(target))
                self.session.edit(_("{text} to {where}").format(text=text, where=where), lambda p: actions.move_to_section(p, ids, target, before))
                return False
            self.session.edit(text, lambda p: actions.move_items(p, ids, before, role))
            # The move is done here; returning False stops the view from also removing the dragged rows.
            return False
        if data.hasUrls():
            paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if paths:  # where the drop line shows: before the row it is above (the end of its section otherwise)
                before = self._ids[row] if row < len(self._ids) and (row < lead_count) == (role == "lead") else ""
                section = self._section_at(row, parent) if role == "exhibit" and self.grouped else None
                self.filesDropped.emit(paths, role, before, section)
                return True
        return False

    def _section_at(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> str | None:
        """The section a drop lands in. On a row: that row's section. Between rows: the section of the row above
        (the line is drawn above the next section's heading), or of the row below at the top of the exhibits."""
        if parent.isValid():
            return self.section_of_row(parent.row())
        above, below = self.section_of_row(row - 1), self.section_of_row(row)
        return above if row > 0 and above is not None else below

    def _drop_section(self, row: int, parent: QModelIndex | QPersistentModelIndex, ids: list[str]) -> str | None:
        """The section a drop of exhibits lands in, when it is another section than their own (None: a plain
        move)."""
        target = self._section_at(row, parent)
        if target is None:
            return None
        own = {self.section_of_row(self._ids.index(i)) for i in ids}
        return None if own == {target} else target


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)
