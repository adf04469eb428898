"""The user's preferences for text recognition (OCR), kept in Packet.conf: whether OCR runs by itself after files
are added, the languages it reads, and how many cores it may use. Edit ▸ Preferences… changes them.

Defaults: on; the languages of PACKET_OCR_LANGUAGES, else Spanish then English (`spa+eng`); all cores but one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from packet.core.i18n import _, ngettext
from packet.store.ocr_engine import OcrUnavailable, available_languages, engine_available, unavailable_message
from packet.store.ocr_runner import configured_languages, default_workers


@dataclass(frozen=True)
class OcrPreferences:
    enabled: bool
    languages: str
    workers: int

    @classmethod
    def load(cls) -> OcrPreferences:
        s = QSettings()
        try:
            fallback = configured_languages()
        except OcrUnavailable:
            fallback = "spa+eng"
        languages = str(s.value("ocr/languages", fallback) or fallback)
        try:
            workers = int(str(s.value("ocr/workers", default_workers())))
        except (TypeError, ValueError):
            workers = default_workers()
        enabled = s.value("ocr/enabled", True)
        on = enabled if isinstance(enabled, bool) else str(enabled).lower() in ("true", "1", "yes")
        return cls(on, languages, max(1, min(os.cpu_count() or 1, workers)))

    def save(self) -> None:
        s = QSettings()
        s.setValue("ocr/enabled", self.enabled)
        s.setValue("ocr/languages", self.languages)
        s.setValue("ocr/workers", self.workers)


class PreferencesDialog(QDialog):
    """Text recognition: on after intake or not, languages, cores."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Preferences"))
        self.setObjectName("preferencesDialog")
        prefs = OcrPreferences.load()
        self.enabled = QCheckBox(_("Recognise the text of scans and photos after adding them"))
        self.enabled.setChecked(prefs.enabled)
        self.languages = QLineEdit(prefs.languages)
        self.languages.setAccessibleName(_("Text recognition languages"))
        self.languages.setToolTip(_("Tesseract language codes joined by '+', the most likely first: spa+eng reads "
                                    "Spanish, then English. Packet has: {languages}.").format(
                                        languages=", ".join(available_languages())))
        self.workers = QSpinBox()
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(prefs.workers)
        self.workers.setAccessibleName(_("Cores text recognition may use"))
        cores = os.cpu_count() or 1
        self.workers.setSuffix(ngettext(" of {n} core", " of {n} cores", cores).format(n=cores))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("preferencesProblem")
        if not engine_available():
            self.problem.setText(unavailable_message())
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(_("&Languages:"), self.languages)
        form.addRow(_("&Use up to:"), self.workers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)

    def accept(self) -> None:  # Qt API
        try:
            languages = configured_languages(self.languages.text().strip())
        except OcrUnavailable as exc:
            self.problem.setText(str(exc))
            return
        OcrPreferences(self.enabled.isChecked(), languages, self.workers.value()).save()
        super().accept()
