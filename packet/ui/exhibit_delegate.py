"""How one row of the exhibit list looks: thumbnail, tab, title, factor chips, pages and cite; in a packet grouped
by factor, the first row of each section has the section's heading above it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from packet.ui.exhibit_model import (
    CiteRole,
    DocumentRole,
    FactorsRole,
    LabelRole,
    PagesRole,
    SectionRole,
    SharedRole,
    TitleRole,
    WarningsRole,
)
from packet.ui.thumbnails import THUMB, ThumbnailCache

PAD = 6
HEADING_BACKGROUND = "#e5e7eb"
HEADING_TEXT = "#1f2937"
SHARED_CHIP = ("Shared", "#0f766e", "#ffffff")  # text, background, colour: apart from the factors' pastel chips
CHIP_COLOURS = ["#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#ffedd5", "#f1f5f9"]


class ExhibitDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailCache, session, parent=None):
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.session = session

    @staticmethod
    def heading_height(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        """The height of the section heading above this row (0 when the row starts no section)."""
        return QFontMetrics(option.font).height() + 2 * PAD if index.data(SectionRole) else 0

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, text: str, height: int) -> None:
        band = QRect(option.rect.left(), option.rect.top(), option.rect.width(), height)
        painter.fillRect(band.adjusted(0, 2, 0, -1), QColor(HEADING_BACKGROUND))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(HEADING_TEXT))
        painter.drawText(band.adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight, band.width() - 2 * PAD))

    # Qt API
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(420, max(THUMB.height() + 2 * PAD, fm.height() * 4 + 3 * PAD) + self.heading_height(option, index))

    def updateEditorGeometry(self, editor, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        super().updateEditorGeometry(editor, option, index)
        editor.setGeometry(editor.geometry().adjusted(0, self.heading_height(option, index), 0, 0))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        heading = self.heading_height(option, index)
        if heading:
            self._paint_heading(painter, option, index.data(SectionRole), heading)
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(0, heading, 0, 0)
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.color(QPalette.ColorGroup.Active,
                                           QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        r = option.rect
        # thumbnail
        thumb_rect = QRect(r.left() + PAD, r.top() + PAD, THUMB.width(), THUMB.height())
        painter.fillRect(thumb_rect, QColor("white"))
        painter.setPen(QColor("#9ca3af"))
        painter.drawRect(thumb_rect.adjusted(0, 0, -1, -1))
        doc = self.session.packet.documents.get(index.data(DocumentRole) or "")
        if doc is not None:
            exhibit = self.session.packet.find(index.data(Qt.ItemDataRole.UserRole + 1) or "")
            first = (exhibit.page_numbers(doc.pages) or [1])[0] if exhibit else 1
            dpr = option.widget.devicePixelRatioF() if option.widget else 1.0  # sharp at 125% and 200%
            size = QSize(round(THUMB.width() * dpr), round(THUMB.height() * dpr))
            image = self.thumbnails.get(doc, first, exhibit.rotation if exhibit else 0, size)
            if image is not None and not image.isNull():
                scaled = image.size().scaled(thumb_rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(0, 0, scaled.width(), scaled.height())
                target.moveCenter(thumb_rect.center())
                painter.drawImage(target, image)
        x = thumb_rect.right() + 2 * PAD
        width = r.right() - x - PAD
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        fm = QFontMetrics(base)
        line = fm.height()
        y = r.top() + PAD
        label = index.data(LabelRole)
        tab = f"Tab {label}" if label else "Lead document"
        pages = index.data(PagesRole) or 0
        cite = index.data(CiteRole) or ""
        right_text = f"{pages} page{'s' if pages != 1 else ''}" + (f" · {cite}" if cite else "")
        painter.setPen(text_colour)
        painter.setFont(bold)
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, tab)
        painter.setFont(base)
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         right_text)
        y += line + 2
        title = fm.elidedText(index.data(TitleRole) or "", Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        y += line + 4
        warnings = index.data(WarningsRole) or []
        if warnings:
            painter.setPen(QColor("#b45309") if not selected else text_colour)
            painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText("⚠ " + warnings[0], Qt.TextElideMode.ElideRight, width))
            y += line + 2
        chip_font = QFont(base)
        chip_font.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        painter.setFont(chip_font)
        cfm = QFontMetrics(chip_font)
        cx = x
        chips = [(name, CHIP_COLOURS[n % len(CHIP_COLOURS)], "#111827")
                 for n, name in enumerate(index.data(FactorsRole) or [])]
        if index.data(SharedRole):
            chips.insert(0, SHARED_CHIP)
        for name, background, colour in chips:
            w = cfm.horizontalAdvance(name) + 12
            if cx + w > x + width:
                break
            chip = QRect(cx, y, w, cfm.height() + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(background))
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(QColor(colour))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, name)
            cx += w + 4
        painter.restore()
