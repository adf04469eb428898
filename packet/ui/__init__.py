"""The desktop window (PySide6). Thin: it calls core, store and export, and keeps long work off the UI thread."""
