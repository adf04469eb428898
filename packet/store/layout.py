"""The names inside a packet folder, in one place (folder, lock, integrity and archive all need them)."""

from __future__ import annotations

SCHEMA_VERSION = 1
PACKET_FILE = "packet.json"
BACKUP_FILE = "packet.json.bak"
DOCUMENTS = "documents"
DERIVED = "derived"
SUFFIX = ".packet"
FOLDER_MODE = 0o700  # packets hold passports and medical records: only their owner may look inside
