"""What the app shows with no packet open: New (from a template), Open, Open archive, and recent packets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from packet.core.i18n import _
from packet.core.templates import TemplateError, apply_template
from packet.store.archive import open_archive
from packet.store.folder import PacketError, PacketFolder, create_packet, open_packet, packet_path
from packet.store.template_library import find_template
from packet.ui.templates_ui import LAST_TEMPLATE_KEY, TemplatePicker, choose_template
from packet.ui.widgets import buddy_label, remember_folder, start_folder

MAX_RECENT = 10


def recent_packets() -> list[str]:
    """Recent packets, by full path (older versions kept the path as given, often relative to where the app
    started: those that exist from here are made absolute, the others left out)."""
    value = QSettings().value("recent", [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    out: list[str] = []
    for p in items:
        if isinstance(p, str) and Path(p).is_dir():
            full = str(Path(p).resolve())
            if full not in out:
                out.append(full)
    return out


def remember(path: Path) -> None:
    full = str(Path(path).resolve())  # by its full path: still found when the app starts from another folder
    items = [full] + [p for p in recent_packets() if p != full]
    QSettings().setValue("recent", items[:MAX_RECENT])


class StartScreen(QWidget):
    opened = Signal(object)  # PacketFolder

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startScreen")
        title = QLabel(_("<h1>Packet</h1><p>Turn evidence into one filing-ready PDF: cover sheet, exhibit index "
                          "with page cites, separator pages, bookmarks and page numbers. Everything stays on this "
                          "computer.</p>"))
        title.setWordWrap(True)
        self.new_button = QPushButton(_("&New packet…"))
        self.open_button = QPushButton(_("&Open packet…"))
        self.archive_button = QPushButton(_("Open packet &archive (.zip)…"))
        for b in (self.new_button, self.open_button, self.archive_button):
            b.setMinimumHeight(36)
        self.new_button.clicked.connect(self.new_packet)
        self.open_button.clicked.connect(self.open_packet_dialog)
        self.archive_button.clicked.connect(self.open_archive_dialog)
        self.templates = TemplatePicker()
        self.templates.chosen.connect(lambda _: self.new_packet())
        self.recent = QListWidget()
        self.recent.setAccessibleName(_("Recent packets"))
        self.recent.itemActivated.connect(lambda item: self.open_path(Path(item.data(Qt.ItemDataRole.UserRole))))
        new_box = QVBoxLayout()
        new_box.addWidget(buddy_label(_("<b>New packet from a template</b>"), self.templates.list))
        new_box.addWidget(self.templates, 1)
        new_box.addWidget(self.new_button)
        recent_box = QVBoxLayout()
        recent_box.addWidget(self.open_button)
        recent_box.addWidget(self.archive_button)
        recent_box.addWidget(QLabel(_("<b>Recent packets</b> (double-click to open)")))
        recent_box.addWidget(self.recent, 1)
        row = QHBoxLayout()
        row.addLayout(new_box, 1)
        row.addLayout(recent_box, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.addWidget(title)
        lay.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        self.templates.reload()
        self.recent.clear()
        for p in recent_packets():
            item = QListWidgetItem(Path(p).name.removesuffix(".packet"))
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)
        if not self.recent.count():
            self.recent.addItem(QListWidgetItem(_("No recent packets yet")))
            self.recent.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def new_packet(self) -> None:
        """Ask the template (unless the start screen shows the list), the name and the folder; then create it."""
        template_id = self.templates.current_id() if self.isVisible() else None
        if not template_id:
            template_id = choose_template(self.window())
            if not template_id:
                return
        name, ok = QInputDialog.getText(self, _("New packet"), _("Name of the packet (e.g. the client's name and "
                                                               "request):"))
        if not ok or not name.strip():
            return
        folder = QFileDialog.getExistingDirectory(self, _("Where to keep the packet"), start_folder("packet"))
        if not folder:
            return
        remember_folder("packet", folder)
        self.create_from_template(packet_path(Path(folder) / name.strip()), template_id)

    def create_from_template(self, path: Path, template_id: str) -> PacketFolder | None:
        """Create the packet folder at `path` shaped by the template, and open it; None (and a message) if not."""
        try:
            template = find_template(template_id)
            pf = create_packet(path)
            apply_template(pf.packet, template)
            pf.save()
        except (PacketError, TemplateError, OSError, ValueError) as exc:
            QMessageBox.warning(self, _("New packet"), str(exc))
            return None
        QSettings().setValue(LAST_TEMPLATE_KEY, template_id)
        self._opened(pf)
        return pf

    def open_packet_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open packet (a folder ending in .packet)"),
                                                  start_folder("packet"))
        if folder:
            remember_folder("packet", Path(folder).parent)  # the folder the packets are kept in
            self.open_path(Path(folder))

    def open_archive_dialog(self) -> None:
        archive, _filter = QFileDialog.getOpenFileName(self, _("Open packet archive"), start_folder("archive"),
                                                 _("Packet archives (*.zip)"))
        if archive:
            remember_folder("archive", archive)
            self.open_archive_file(Path(archive))

    def open_archive_file(self, archive: Path) -> None:
        """Unpack an archive (asking where; beside it by default) and open it: File > Open, or a double-click."""
        dest = QFileDialog.getExistingDirectory(self, _("Where to unpack the packet"), str(Path(archive).parent))
        if not dest:
            return
        try:
            pf = open_archive(Path(archive), Path(dest))
        except (PacketError, OSError) as exc:
            QMessageBox.warning(self, _("Open packet archive"), str(exc))
            return
        self._opened(pf)

    def open_path(self, path: Path) -> None:
        try:
            pf = open_packet(path)
        except (PacketError, OSError) as exc:
            QMessageBox.warning(self, _("Open packet"), str(exc))
            return
        self._opened(pf)

    def _opened(self, pf: PacketFolder) -> None:
        remember(pf.path)
        self.opened.emit(pf)
