"""How one page looks in the page view: its thumbnail as the export turns it, greyed and marked when hidden,
flagged when it looks blank, with its turn as a badge and its place in the exhibit underneath."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from packet.core.i18n import _
from packet.ui.page_model import BlankRole, HiddenRole, RefRole, TurnRole
from packet.ui.session import PacketSession
from packet.ui.thumbnails import ThumbnailCache


class PageHost(Protocol):
    """What the delegate needs of the page view."""

    zoom: int
    session: PacketSession
    thumbnails: ThumbnailCache | None

    @property
    def grid(self) -> QListView: ...

ASPECT = 11 / 8.5  # a page's shape until its thumbnail arrives
CAPTION = 22  # pixels under the page for its caption


class PageDelegate(QStyledItemDelegate):
    """One page: its thumbnail as the export turns it, greyed and marked when hidden, flagged when it looks blank."""

    def __init__(self, view: PageHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view

    # Qt API
    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        z = self.view.zoom
        return QSize(z + 12, round(z * ASPECT) + CAPTION + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        painter.save()
        r = option.rect.adjusted(6, 6, -6, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        box = QRect(r.left(), r.top(), r.width(), r.height() - CAPTION)
        if selected:
            painter.fillRect(option.rect.adjusted(1, 1, -1, -1), option.palette.highlight().color().lighter(160))
        ref = index.data(RefRole)
        hidden = bool(index.data(HiddenRole))
        image = None
        doc = self.view.session.packet.documents.get(ref.document) if ref is not None else None
        if doc is not None and self.view.thumbnails is not None:
            dpr = self.view.grid.devicePixelRatioF()
            image = self.view.thumbnails.get(doc, ref.page, index.data(TurnRole) or 0,
                                             QSize(round(box.width() * dpr), round(box.height() * dpr)))
        if image is not None and not image.isNull():
            size = image.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        else:
            turned = (index.data(TurnRole) or 0) in (90, 270)
            size = QSize(box.width(), round(box.width() * ASPECT)) if not turned else \
                QSize(box.width(), round(box.width() / ASPECT))
            size = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        page = QRect(0, 0, size.width(), size.height())
        page.moveCenter(box.center())
        painter.fillRect(page, QColor("white"))
        if image is not None and not image.isNull():
            painter.drawImage(page, image)
        painter.setPen(QPen(QColor("#9ca3af"), 1))
        painter.drawRect(page.adjusted(0, 0, -1, -1))
        if hidden:
            painter.fillRect(page, QColor(243, 244, 246, 200))
            painter.setPen(QPen(QColor("#b91c1c"), 2))
            painter.drawLine(page.topLeft(), page.bottomRight())
            bold = QFont(option.font)
            bold.setBold(True)
            painter.setFont(bold)
            tag = QRect(page.left(), page.center().y() - 12, page.width(), 24)
            painter.fillRect(tag, QColor("#fee2e2"))
            painter.setPen(QColor("#991b1b"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, _("Hidden: not exported"))
        elif index.data(BlankRole):
            painter.setPen(QPen(QColor("#d97706"), 3, Qt.PenStyle.DashLine))
            painter.drawRect(page.adjusted(1, 1, -2, -2))
            tag = QRect(page.left() + 4, page.top() + 4, page.width() - 8, 22)
            painter.fillRect(tag, QColor("#fef3c7"))
            painter.setPen(QColor("#92400e"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, _("Looks blank"))
        if ref is not None and ref.rotate and not hidden:
            badge = QRect(page.right() - 52, page.bottom() - 24, 48, 20)
            painter.fillRect(badge, QColor("#1d4ed8"))
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"↻ {ref.rotate}°")
        caption = QRect(r.left(), box.bottom() + 2, r.width(), CAPTION - 2)
        painter.setFont(option.font)
        painter.setPen(option.palette.text().color() if not hidden else QColor("#6b7280"))
        text = painter.fontMetrics().elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "",
                                                Qt.TextElideMode.ElideRight, caption.width())
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, text)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(option.palette.highlight().color(), 2, Qt.PenStyle.DotLine))
            painter.drawRect(option.rect.adjusted(2, 2, -3, -3))
        painter.restore()
