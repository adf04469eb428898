"""How one row of the exhibit list looks: thumbnail, tab, title, factor chips, pages and cite; in a packet grouped
by factor, the first row of each section has the section's heading above it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from packet.core.i18n import N_, _, ngettext
from packet.ui.exhibit_model import (
    CiteRole,
    DocumentRole,
    FactorsRole,
    LabelRole,
    MarksRole,
    PagesRole,
    SectionRole,
    SharedRole,
    TitleRole,
    TranslationRole,
    WarningsRole,
)
from packet.ui.thumbnails import THUMB, ThumbnailCache

PAD = 6
GAP = 8  # between the tab and the cite


@dataclass(frozen=True)
class RowLayout:
    tab: QRect
    tab_text: str
    right: QRect  # pages and cite
    right_text: str
    right_width: int  # what the right text needs
    x: int  # where the texts start (right of the thumbnail)
    width: int


HEADING_BACKGROUND = "#e5e7eb"
HEADING_TEXT = "#1f2937"
SHARED_CHIP = (N_("Shared"), "#0f766e", "#ffffff")  # text, background, colour: apart from the factors' pastel chips
CHIP_COLOURS = ["#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#ffedd5", "#f1f5f9"]
# The status marks at the right of the chips line: text recognised, being recognised, no text, converted letter.
MARK_COLOURS = {"ok": ("#dcfce7", "#166534"), "busy": ("#dbeafe", "#1e40af"), "warn": ("#fef3c7", "#92400e"),
                "info": ("#ede9fe", "#5b21b6")}


class ExhibitDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailCache, session, parent=None):
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.session = session

    def layout(self, rect: QRect, font: QFont, index: QModelIndex | QPersistentModelIndex) -> RowLayout:
        """Where the first line's texts go: the tab on the left, the pages and cite on the right. However narrow
        the row, the cite is shown whole: the page count goes first, then the tab is elided; never the cite."""
        x = rect.left() + PAD + THUMB.width() + 2 * PAD
        width = max(0, rect.right() - x - PAD)
        line = QFontMetrics(font).height()
        bold = QFont(font)
        bold.setBold(True)
        fm, bfm = QFontMetrics(font), QFontMetrics(bold)
        label = index.data(LabelRole)
        tab = _("Tab {label}").format(label=label) if label else _("Lead document")
        pages = index.data(PagesRole) or 0
        cite = index.data(CiteRole) or ""
        right_text = ngettext("{n} page", "{n} pages", pages).format(n=pages) + (f" · {cite}" if cite else "")
        if cite and fm.horizontalAdvance(right_text) + GAP + bfm.horizontalAdvance(tab) > width:
            right_text = cite
        right_width = fm.horizontalAdvance(right_text)
        y = rect.top() + PAD
        right = QRect(x + max(0, width - right_width), y, right_width, line)
        tab_rect = QRect(x, y, max(0, width - right_width - GAP), line)
        return RowLayout(tab_rect, bfm.elidedText(tab, Qt.TextElideMode.ElideRight, tab_rect.width()), right,
                         right_text, right_width, x, width)

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
    def setEditorData(self, editor, index: QModelIndex | QPersistentModelIndex) -> None:
        """Rows are refreshed while a title is being edited (a thumbnail or the cites arrive): what the user has
        typed is never replaced by the title as it was."""
        if isinstance(editor, QLineEdit) and editor.isModified():
            return
        super().setEditorData(editor, index)

    def updateEditorGeometry(self, editor, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        """F2 edits the title on its own line (below a section heading): the thumbnail, tab, cite and chips stay
        in view."""
        parts = self.layout(option.rect.adjusted(0, self.heading_height(option, index), 0, 0), option.font, index)
        line = QFontMetrics(option.font).height()
        editor.setGeometry(QRect(parts.x - 3, parts.tab.bottom() + 1, parts.width + 6, line + 6))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        # narrow on purpose: a wider hint gives the list a horizontal scroll bar, which hides the cites
        return QSize(THUMB.width() + 6 * PAD + 80,
                     max(THUMB.height() + 2 * PAD, fm.height() * 5 + 4 * PAD) + self.heading_height(option, index))

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
            kept = exhibit.kept(self.session.packet.documents) if exhibit else []
            if kept:  # the first page the export shows, turned as it will be
                doc = self.session.packet.documents.get(kept[0].document, doc)
            first, turn = (kept[0].page, kept[0].rotate) if kept else (1, 0)
            dpr = option.widget.devicePixelRatioF() if option.widget else 1.0  # sharp at 125% and 200%
            size = QSize(round(THUMB.width() * dpr), round(THUMB.height() * dpr))
            image = self.thumbnails.get(doc, first, ((exhibit.rotation if exhibit else 0) + turn) % 360, size)
            if image is not None and not image.isNull():
                scaled = image.size().scaled(thumb_rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(0, 0, scaled.width(), scaled.height())
                target.moveCenter(thumb_rect.center())
                painter.drawImage(target, image)
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        fm = QFontMetrics(base)
        line = fm.height()
        parts = self.layout(r, base, index)
        x, width = parts.x, parts.width
        y = parts.tab.top()
        painter.setPen(text_colour)
        painter.setFont(bold)
        painter.drawText(parts.tab, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, parts.tab_text)
        painter.setFont(base)
        painter.drawText(parts.right, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, parts.right_text)
        y += line + 2
        title = fm.elidedText(index.data(TitleRole) or "", Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        y += line + 4
        translated = index.data(TranslationRole) or ""
        if translated:  # an attached translation follows the exhibit in the PDF: say so in its row
            painter.setPen(QColor("#1d4ed8") if not selected else text_colour)
            painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText("⇄ " + translated, Qt.TextElideMode.ElideRight, width))
            y += line + 2
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
        right = x + width
        for text, kind in reversed(index.data(MarksRole) or []):
            w = cfm.horizontalAdvance(text) + 12
            if right - w < x:
                break
            right -= w
            badge = QRect(right, y, w, cfm.height() + 4)
            fill, ink = MARK_COLOURS.get(kind, MARK_COLOURS["info"])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor(ink))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            right -= 4
        cx = x
        chips = [(name, CHIP_COLOURS[n % len(CHIP_COLOURS)], "#111827")
                 for n, name in enumerate(index.data(FactorsRole) or [])]
        if index.data(SharedRole):
            word, background, colour = SHARED_CHIP
            chips.insert(0, (_(word), background, colour))
        for name, background, colour in chips:
            w = cfm.horizontalAdvance(name) + 12
            if cx + w > right:
                break
            chip = QRect(cx, y, w, cfm.height() + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(background))
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(QColor(colour))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, name)
            cx += w + 4
        if option.state & QStyle.StateFlag.State_HasFocus:  # the keyboard's place, plain to see, selected or not
            mark = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
            painter.setPen(QPen(mark, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(1, 1, -2, -2))
        painter.restore()
