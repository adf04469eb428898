"""The window's language: chosen at start, from `--lang` / `PACKET_LANG`, else Help > Language (kept in the
settings), else the system's locale (`QLocale.system()`); Qt's own words (standard buttons, file dialogs) come from
the `qtbase_<lang>.qm` Qt ships (the frozen build keeps the English and Spanish ones).

A change in Help > Language applies at the next start: the message says so. Retranslating every open widget live
is not done, because a half-translated window is worse than one that asks for a restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from packet.core import i18n
from packet.core.i18n import LANGUAGES, _

SETTING = "interface/language"
_installed: list[QTranslator] = []  # kept alive: Qt does not own a translator installed on the application


def chosen_language() -> str:
    """The language the window should start in (see the module's docstring for the order)."""
    explicit = i18n.explicit_language()
    if explicit:
        return explicit
    stored = i18n.normalise(str(QSettings().value(SETTING, "") or ""))
    if stored:
        return stored
    return i18n.normalise(system_locale()) or i18n.SOURCE_LANGUAGE


def system_locale() -> str:
    """The system's locale as Qt reads it ('es_MX'), on every platform."""
    return QLocale.system().name()


def apply_language(code: str | None = None) -> str:
    """Switch Packet's messages and Qt's own words to `code` (default: `chosen_language()`); returns the code in
    use. Call it once the QApplication exists, before any window is built."""
    chosen = i18n.set_language(code or chosen_language())
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    if app is not None and chosen != i18n.SOURCE_LANGUAGE:
        qt = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{chosen}", folder):
            app.installTranslator(qt)
            _installed.append(qt)
    return chosen


def language_menu(parent: QWidget) -> QMenu:
    """Help > Language: English / Español, the current one checked; a choice is stored and applies at restart."""
    menu = QMenu(_("&Language"), parent)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    current = i18n.current_language()
    for code, name in LANGUAGES.items():
        action = QAction(name, menu, checkable=True, checked=code == current)
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: choose(parent, c))
        group.addAction(action)
        menu.addAction(action)
    return menu


def choose(parent: QWidget | None, code: str) -> None:
    """Keep the choice for the next start, and say when it takes effect (in the language chosen, too)."""
    QSettings().setValue(SETTING, code)
    if code == i18n.current_language():
        return
    if parent is not None and parent.isVisible():
        QMessageBox.information(parent, _("Language"), _(
            "Packet will use {language} the next time it starts. Close Packet and open it again.").format(
                language=LANGUAGES[code]) + "\n\n" + RESTART_NOTE.get(code, ""))


# The restart message also in the language chosen, for someone who cannot read the current one.
RESTART_NOTE = {"en": "Packet will be in English the next time it starts.",
                "es": "Packet estará en español la próxima vez que se abra."}
