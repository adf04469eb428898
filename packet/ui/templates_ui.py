"""Templates in the window: the picker shown by New packet, Save as template, Import and Export template."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from packet.core.i18n import _
from packet.core.templates import FILER_FIELDS, Template, TemplateError, builtin_ids, template_from_packet
from packet.store.template_library import (
    export_template,
    find_template,
    import_template,
    list_templates,
    save_user_template,
    user_template_path,
)
from packet.ui.session import PacketSession

LAST_TEMPLATE_KEY = "new/template"


def describe(t: Template) -> str:
    """Rich text for one template: its purpose and what it expects."""
    required = len(t.required_slots)
    parts = [f"<b>{html.escape(_(t.name))}</b>" + (_(" <i>(your template)</i>") if not t.builtin else ""),
             html.escape(_(t.purpose))]
    if t.slots:
        parts.append(_("Expects {n_slots} kinds of document, {required} of them required.").format(
                         n_slots=len(t.slots), required=required))
    extras = []
    if t.summary_of_equities:
        extras.append(_("a summary of equities"))
    if t.certificate_of_service:
        extras.append(_("a certificate of service"))
    if extras:
        parts.append(_("Includes ") + " and ".join(extras) + ".")
    if t.profile:
        parts.append(_("Filing profile: {value}.").format(value=html.escape(t.profile)))
    return "<p>" + "</p><p>".join(parts) + "</p>"


class TemplatePicker(QWidget):
    """The list of templates with the chosen one's purpose below it; broken template files are listed, not hidden."""

    chosen = Signal(str)  # double-click or Enter on a template

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(_("Packet templates"))
        self.about = QLabel()
        self.about.setObjectName("templatePurpose")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.about.setMinimumHeight(90)
        self.problems = QLabel()
        self.problems.setObjectName("templateProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet("color: #b91c1c")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.about)
        lay.addWidget(self.problems)
        self.templates: list[Template] = []
        self.problem_messages: list[str] = []
        self.reload()

    def reload(self, select: str | None = None) -> None:
        keep = select or self.current_id() or str(QSettings().value(LAST_TEMPLATE_KEY, "") or "")
        self.templates, self.problem_messages = list_templates()
        self.list.clear()
        for t in self.templates:
            item = QListWidgetItem(_(t.name) if t.builtin else _("{name} (yours)").format(name=t.name))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(_(t.purpose))
            self.list.addItem(item)
        self.select(keep)
        if self.problem_messages:
            n = len(self.problem_messages)
            head = _("A template file could not be used") if n == 1 else _("{n} template files could not be used").format(
                                                                          n=n)
            self.problems.setText(f"{head}:\n" + "\n".join(self.problem_messages))
            self.problems.show()
        else:
            self.problems.clear()
            self.problems.hide()

    def select(self, template_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.list.setCurrentRow(row)
                return True
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        return False

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def current(self) -> Template | None:
        tid = self.current_id()
        return next((t for t in self.templates if t.id == tid), None)

    def _show_current(self) -> None:
        t = self.current()
        self.about.setText(describe(t) if t else "")


class TemplateChooser(QDialog):
    """New packet, when the start screen is not in view: which template to start from."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New packet: choose a template"))
        self.picker = TemplatePicker()
        self.picker.chosen.connect(lambda _: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Next…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Start the new packet from:")))
        lay.addWidget(self.picker, 1)
        lay.addWidget(buttons)
        self.resize(560, 480)


def choose_template(parent: QWidget | None) -> str | None:
    dialog = TemplateChooser(parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.picker.current_id() or None
    finally:
        dialog.deleteLater()


def id_from_name(name: str) -> str:
    """'Lopez-style PD request (NYC)' -> 'lopez-style-pd-request-nyc'; never a built-in template's id."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50].strip("-") or "my-template"
    return f"{slug}-custom" if slug in builtin_ids() else slug


def save_as_template(parent: QWidget, session: PacketSession) -> Template | None:
    """Ask a name and a purpose, then keep the packet's shape as one of the user's templates."""
    packet = session.packet
    name, ok = QInputDialog.getText(parent, _("Save as template"),
                                    _("Name of the template (as New packet will list it):"))
    if not ok or not name.strip():
        return None
    purpose, ok = QInputDialog.getMultiLineText(parent, _("Save as template"),
                                                _("What is this template for? (shown under New packet)"))
    if not ok:
        return None
    try:
        base = find_template(packet.template)
    except TemplateError:
        base = None
    try:
        template = template_from_packet(packet, id_from_name(name), name, purpose, base)
        overwrite = False
        if user_template_path(template.id).exists():
            answer = QMessageBox.question(parent, _("Save as template"),
                                          _("You already have a template named like {value!r}. Replace it?").format(
                                              value=name.strip()))
            if answer != QMessageBox.StandardButton.Yes:
                return None
            overwrite = True
        path = save_user_template(template, overwrite=overwrite)
    except (TemplateError, OSError) as exc:
        QMessageBox.warning(parent, _("Save as template"), _("The template was not saved: {error}").format(error=exc))
        return None
    kept = ", ".join(k.replace("_", " ") for k in FILER_FIELDS if getattr(template.filer, k)) or "none"
    QMessageBox.information(
        parent, _("Save as template"),
        _("Saved the template {name!r} ({path}).\n\nIt keeps the packet's expected-evidence slots, numbering and "
           "layout, and the filer's own details ({kept}). It does not keep the respondents, A-numbers, hearing, "
           "judge, court, or any document.").format(name=template.name, path=path, kept=kept))
    return template


def import_template_dialog(parent: QWidget) -> Template | None:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Import template"), str(Path.home()), _("Packet templates (*.json)"))
    if not path:
        return None
    try:
        template = import_template(path)
    except TemplateError as exc:
        if "already have a template" not in str(exc):
            QMessageBox.warning(parent, _("Import template"), str(exc))
            return None
        answer = QMessageBox.question(parent, _("Import template"), _("{error}\n\nReplace your template with this one?").format(
                                                                     error=exc))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            template = import_template(path, overwrite=True)
        except TemplateError as again:
            QMessageBox.warning(parent, _("Import template"), str(again))
            return None
    QMessageBox.information(parent, _("Import template"),
                            _("Imported {name!r}. New packet now offers it.").format(name=template.name))
    return template


def export_template_dialog(parent: QWidget, template_id: str = "") -> Path | None:
    """Write a template to a file to share: the packet's own template by default, or one chosen from the list."""
    templates = list_templates()[0]
    if not templates:
        return None
    names = [f"{_(t.name)} ({t.id})" for t in templates]
    current = next((i for i, t in enumerate(templates) if t.id == template_id), 0)
    choice, ok = QInputDialog.getItem(parent, _("Export template"), _("Template to save as a file:"), names, current, False)
    if not ok:
        return None
    t = templates[names.index(choice)]
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export template"), str(Path.home() / f"{t.id}.json"),
                                          _("Packet templates (*.json)"))
    if not path:
        return None
    try:
        out = export_template(t.id, path)
    except TemplateError as exc:
        QMessageBox.warning(parent, _("Export template"), str(exc))
        return None
    return out
