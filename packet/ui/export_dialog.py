"""The export dialog: where to, how to number, then a progress bar with Cancel; Open file and Show in folder at the end."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.bates import default_bates_prefix
from packet.core.checks import Finding
from packet.core.i18n import N_, SOURCE_LANGUAGE, _, current_language, ngettext
from packet.core.model import STAMP_POSITIONS, ExportSettings
from packet.core.plan import snapshot
from packet.store.profile_library import load_all_profiles
from packet.store.readiness import readiness
from packet.ui.session import PacketSession
from packet.ui.widgets import buddy_label, remember_folder, sentence, start_folder
from packet.ui.workers import ExportWorker

COMPRESSION = (("auto", N_("Automatic: for receivers with a size limit")), ("off", N_("Off: images as they are")),
               ("light", N_("Light (photos 200 dpi, scans 300 dpi)")),
               ("standard", N_("Standard (photos 150-200, scans 200-300 dpi)")),
               ("strong", N_("Strong (smallest that stays legible)")),
               ("fit", N_("Fit in one file, if it can (size limit only)")))
NUMBERING = (("plain", "1, 2, 3 …"), ("of_total", N_("Page 1 of N")), ("bates", N_("Bates number (PREFIX-000001)")))


def default_target(session: PacketSession) -> Path:
    """NAME.pdf in the folder the last export went to (first time: beside the packet)."""
    name = re.sub(r"[^\w\- ]+", "", session.packet.name).strip() or "packet"
    return Path(start_folder("export", session.folder.path.parent)) / f"{name}.pdf"


# The stamp positions as the dialog lists them ("bottom-center" is written "Bottom center").
POSITION_NAMES = {"bottom-center": N_("Bottom center"), "bottom-right": N_("Bottom right"),
                  "bottom-left": N_("Bottom left"), "top-right": N_("Top right"), "top-center": N_("Top center"),
                  "top-left": N_("Top left")}


class ExportDialog(QDialog):
    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.worker: ExportWorker | None = None
        self.result_path: Path | None = None
        self.findings: list[Finding] = []  # the readiness check of the last export started
        self.setWindowTitle(_("Export PDF"))
        self.setObjectName("exportDialog")
        s = session.packet.settings
        self.target = QLineEdit(str(default_target(session)))
        self.target.setAccessibleName(_("Destination PDF file"))
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.numbering = QComboBox()
        self.numbering.setAccessibleName(_("Page numbering"))
        for key, text in NUMBERING:
            self.numbering.addItem(_(text), key)
        self.numbering.setCurrentIndex(2 if s.bates_prefix else 1 if s.page_of_total else 0)
        self.prefix = QLineEdit(s.bates_prefix or self._suggest_prefix())
        self.prefix.setAccessibleName(_("Bates prefix"))
        self.digits = QSpinBox()
        self.digits.setRange(1, 12)
        self.digits.setValue(s.bates_digits)
        self.digits.setAccessibleName(_("Bates digits"))
        self.start = QSpinBox()
        self.start.setRange(1, 999_999)
        self.start.setValue(s.start_number)
        self.start.setAccessibleName(_("First page number"))
        self.position = QComboBox()
        self.position.setAccessibleName(_("Stamp position"))
        for p in STAMP_POSITIONS:
            self.position.addItem(_(POSITION_NAMES[p]) if p in POSITION_NAMES else p.replace("-", " ").capitalize(), p)
        self.position.setCurrentIndex(max(0, self.position.findData(s.stamp_position)))
        self.stamp_size = QDoubleSpinBox()
        self.stamp_size.setRange(5, 24)
        self.stamp_size.setValue(s.stamp_font_size)
        self.stamp_size.setSuffix(_(" pt"))
        self.stamp_size.setAccessibleName(_("Stamp font size"))
        self.landscape = QComboBox()
        self.landscape.addItem(_("Turn them to fit the page"), "rotate")
        self.landscape.addItem(_("Keep them level, smaller"), "shrink")
        self.landscape.setCurrentIndex(0 if s.landscape == "rotate" else 1)
        self.landscape.setAccessibleName(_("Landscape pages"))
        self.grouped = QCheckBox(_("Group the index under discretion factors"))
        self.grouped.setChecked(s.group_index_by_factor)
        self.separators = QCheckBox(_("Separator page before each exhibit"))
        self.separators.setChecked(s.separators)
        self.summary = QCheckBox(_("Summary of equities after the index"))
        self.summary.setChecked(s.summary_of_equities)
        self.service = QCheckBox(_("Certificate of service at the end (details on the Cover sheet tab)"))
        self.service.setChecked(s.certificate_of_service)
        self.compress = QComboBox()
        self.compress.setObjectName("compressImages")
        self.compress.setAccessibleName(_("Compress images"))
        self.compress.setToolTip(_("Re-encode scans and photos in the exported PDF at a resolution that prints well "
                                   "(never upscaled, same size on the page); the stored documents stay as they are"))
        for key, text in COMPRESSION:
            self.compress.addItem(_(text), key)
        self.compress.setCurrentIndex(max(0, self.compress.findData(s.compress_images)))
        self.profiles = load_all_profiles()[0]
        self.profile = QComboBox()
        self.profile.setAccessibleName(_("Filing profile"))
        self.profile.addItem(_("No particular receiver (one file, no size limit)"), "")
        for profile in sorted(self.profiles.values(), key=lambda x: x.name):
            limit = _(" — parts under {max_file_mb:g} MB").format(max_file_mb=profile.max_file_mb) if profile.max_file_mb else ""
            self.profile.addItem(_(profile.name) + limit, profile.id)
        self.profile.setCurrentIndex(max(0, self.profile.findData(session.packet.profile)))
        self.profile.currentIndexChanged.connect(self._profile_changed)
        form = QFormLayout()
        form.addRow(buddy_label(_("&Save as:"), self.target), row)
        form.addRow(_("Filing &for:"), self.profile)
        form.addRow(_("Page &numbers:"), self.numbering)
        form.addRow(_("Bates &prefix:"), self.prefix)
        form.addRow(_("Bates &digits:"), self.digits)
        form.addRow(_("&First number:"), self.start)
        form.addRow(_("Stamp p&osition:"), self.position)
        form.addRow(_("Stamp si&ze:"), self.stamp_size)
        form.addRow(_("&Landscape pages:"), self.landscape)
        form.addRow(_("&Compress images:"), self.compress)
        form.addRow("", self.grouped)
        form.addRow("", self.separators)
        form.addRow("", self.summary)
        form.addRow("", self.service)
        # The filing is English whatever the interface language: the receiving offices require it (issue 16).
        self.english_note = QLabel(_("The filing itself is in English (cover, index, separators, certificates and "
                                     "summary), because immigration courts and ICE require filings in English."))
        self.english_note.setObjectName("exportEnglishNote")
        self.english_note.setWordWrap(True)
        self.english_note.setVisible(current_language() != SOURCE_LANGUAGE)
        form.addRow("", self.english_note)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Export progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(_("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton(_("&Open file"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton(_("Show in &folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.email_button = self.buttons.addButton(_("Copy &email text"), QDialogButtonBox.ButtonRole.ActionRole)
        self.email_button.setObjectName("copyEmailText")
        self.email_button.setToolTip(_("The email's subject and text (names, A-numbers, custody, next hearing, the "
                                       "attachments and their sizes), for your own mail program; Packet sends "
                                       "nothing."))
        self.email_path: Path | None = None
        self.open_button.hide()
        self.folder_button.hide()
        self.email_button.hide()
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_button.clicked.connect(lambda: self._open(self.result_path))
        self.folder_button.clicked.connect(lambda: self._open(self.result_path.parent if self.result_path else None))
        self.email_button.clicked.connect(self.copy_email_text)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.numbering.currentIndexChanged.connect(self._numbering_changed)
        self._numbering_changed()
        self.resize(560, self.sizeHint().height())

    def _suggest_prefix(self) -> str:
        """The default Bates prefix (core/bates.py): the first respondent's first surname, NUNEZ- for Núñez
        Ibáñez; the same as `packet set bates_prefix=auto`."""
        return default_bates_prefix(self.session.packet.cover.respondents)

    def _numbering_changed(self) -> None:
        bates = self.numbering.currentData() == "bates"
        self.prefix.setEnabled(bates)
        self.digits.setEnabled(bates)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export PDF"), self.target.text(), _("PDF files (*.pdf)"))
        if path:
            self.target.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _apply_settings(self) -> str:
        """Store the chosen options in the packet (one undoable step); '' or a message about a bad value.

        A profile chosen here is chosen as on the Readiness tab (core `choose_profile`, which turns on the
        certificate of service it needs), then the options of this dialog apply, its certificate box included."""
        numbering = self.numbering.currentData()
        prefix = self.prefix.text().strip() if numbering == "bates" else ""
        if numbering == "bates" and not prefix:
            return _("Enter a Bates prefix, for example LOPEZ-.")
        values = dict(
            bates_prefix=prefix, bates_digits=self.digits.value(), page_of_total=numbering == "of_total",
            start_number=self.start.value(), stamp_position=self.position.currentData(),
            stamp_font_size=float(self.stamp_size.value()), landscape=self.landscape.currentData(),
            group_index_by_factor=self.grouped.isChecked(), separators=self.separators.isChecked(),
            summary_of_equities=self.summary.isChecked(), certificate_of_service=self.service.isChecked(),
            compress_images=self.compress.currentData(),
        )
        profile_id = self.profile.currentData() or ""
        chosen = self.profiles.get(profile_id)

        def change(p) -> None:
            if p.profile != profile_id:
                actions.choose_profile(p, chosen)
            actions.set_export_settings(p, ExportSettings.LABELS, **values)

        try:
            self.session.edit(_("Change export options"), change)
        except actions.ActionError as exc:
            return sentence(str(exc))
        return ""

    def _profile_changed(self) -> None:
        """What the profile needs shows at once: one that needs a certificate of service ticks its box."""
        chosen = self.profiles.get(self.profile.currentData() or "")
        if chosen is not None and chosen.certificate_of_service:
            self.service.setChecked(True)

    def start_export(self) -> None:
        problem = self._apply_settings()
        target = Path(self.target.text().strip()).expanduser()
        if not problem and not target.name:
            problem = _("Choose where to save the PDF.")
        if not problem and not target.parent.is_dir():
            problem = _("The folder {parent} does not exist. Choose another place.").format(parent=target.parent)
        if problem:
            self.status.setText(problem)
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        check = readiness(self.session.folder.path, self.session.packet)
        self.findings = check.findings
        if check.blockers and not self._confirm_blockers(check.blockers):
            self.status.setText(_("Not exported: fix the blockers listed on the Readiness tab first."))
            return
        self.status.setText(_("Exporting…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self.open_button.hide()
        self.folder_button.hide()
        self.email_button.hide()
        self.cancel_button.setText(_("Cancel export"))
        remember_folder("export", target)
        self.worker = ExportWorker(snapshot(self.session.packet), self.session.folder.path, target, self,
                                   check.profile)
        self.worker.progress.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(lambda m: self._finished(_("Export failed: {m}").format(m=m)))
        self.worker.cancelled.connect(lambda m: self._finished(m))
        self.worker.start()

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(_("{stage}: page {done} of {total}").format(stage=stage, done=done, total=total))

    def _confirm_blockers(self, stopping) -> bool:
        """Ask before exporting a packet the readiness check says would be rejected."""
        listed = "\n".join(f"• {f.where}: {f.problem}" for f in stopping[:8])
        more = _("\n…and {n_stopping} more").format(n_stopping=len(stopping) - 8) if len(stopping) > 8 else ""
        answer = QMessageBox.warning(
            self, _("Export PDF"), ngettext("The readiness check found {n} problem that would get this filing "
                                          "rejected:\n\n{listed}{more}\n\nExport anyway (for a draft)?",
                                          "The readiness check found {n} problems that would get this filing "
                                          "rejected:\n\n{listed}{more}\n\nExport anyway (for a draft)?",
                                          len(stopping)).format(n=len(stopping), listed=listed, more=more),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _succeeded(self, result) -> None:
        self.result_path = result.path
        if len(result.files) > 1:
            names = ", ".join(f.path.name for f in result.files)
            message = _("Saved {n_files} parts in {parent}: {names} ({pages} pages, {value:.1f} MB in all), "
                        "and {value2}.").format(
                n_files=len(result.files), parent=result.path.parent, names=names, pages=result.pages,
                value=result.size / 1e6, value2=result.manifest.name if result.manifest else '')
        else:
            message = _("Saved {path} ({pages} pages, {value:.1f} MB).").format(
                path=result.path, pages=result.pages, value=result.size / 1e6)
        if result.separate:
            message += " " + _("Filed separately, each its own PDF: {files}.").format(
                files=", ".join(f"{f.path.name} ({f.title})" for f in result.separate))
        compression = result.compression
        if compression.level or compression.message:  # the size before and after, or why it could not fit
            message += "\n" + compression.describe(result.size)
        self.email_path = result.email
        if result.email is not None:
            message += " " + _("The email's text is in {name}: Copy email text, paste it into your mail program and "
                               "attach the PDFs (Packet sends nothing).").format(name=result.email.name)
        self._finished(message)
        self.open_button.show()
        self.folder_button.show()
        self.email_button.setVisible(self.email_path is not None)

    def copy_email_text(self) -> bool:
        """The email's subject and body on the clipboard (the file the export wrote); False when it is gone."""
        if self.email_path is None:
            return False
        try:
            text = self.email_path.read_text(encoding="utf-8")
        except OSError as exc:
            self.status.setText(_("Could not read {name} ({error}); export again.").format(
                name=self.email_path.name, error=exc.strerror))
            return False
        QGuiApplication.clipboard().setText(text)
        n = len(text.splitlines())
        self.status.setText(ngettext("The email's text is on the clipboard ({n} line): paste it into a new message "
                                     "and attach the PDFs.",
                                     "The email's text is on the clipboard ({n} lines): paste it into a new message "
                                     "and attach the PDFs.", n).format(n=n))
        return True

    def _finished(self, message: str) -> None:
        self.status.setText(message)
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.cancel_button.setText(_("Close"))
        if self.worker is not None:
            self.worker.wait()
            self.worker = None

    def _cancel_or_close(self) -> None:
        if self.worker is not None:
            self.status.setText(_("Cancelling…"))
            self.worker.cancel()
        else:
            self.reject()

    def _open(self, path: Path | None) -> None:
        """Open the PDF (or its folder) in the desktop's program; say so when there is none, and offer the folder."""
        if path is None or QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        if path.is_dir():
            self.status.setText(_("The folder could not be opened here. The PDF is in {path}.").format(path=path))
            return
        message = (_("No program to open PDF files was found on this computer, so {name} could not be opened. "
                      "Show in folder instead? From there it can be copied, attached to an email or uploaded.").format(
                       name=path.name))
        self.status.setText(message.split(", so")[0] + _(". The PDF is in {parent}.").format(parent=path.parent))
        answer = QMessageBox.question(self, _("Open file"), message)
        if answer == QMessageBox.StandardButton.Yes:
            self._open(path.parent)

    def running(self) -> bool:
        return self.worker is not None

    def hold(self) -> None:
        """Keep a running export from finishing (it waits at its next page) until release() or stop()."""
        if self.worker is not None:
            self.worker.hold()

    def release(self) -> None:
        if self.worker is not None:
            self.worker.release()

    def stop(self) -> None:
        """Cancel a running export and wait for it (its temporary files are gone when this returns): on quit."""
        if self.worker is not None:
            self.worker.cancel()
            self._finished(_("Export cancelled; no file was written."))

    def closeEvent(self, event) -> None:  # Qt API
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        super().closeEvent(event)

    def reject(self) -> None:  # Qt API
        if self.worker is not None:
            self.worker.cancel()
            return
        super().reject()
