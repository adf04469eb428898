"""The text of the email a packet is sent with, for profiles sent by email (ICE OPLA): `<name>.email.txt`.

Packet never sends anything: the user pastes the subject and the body into their own mail program (the window's
"Copy email text") and attaches the PDFs. The subject and body are the receiver's (resources/receivers.json):
the names, A-numbers, custody and next hearing in the subject; in the body the office, the case, the request and
each attachment with its size, in the order the files were written (parts, then separate filings).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from packet.core.model import Packet
from packet.core.receivers import Attachment, Receiver, case_fields, email_body, email_subject, load_receivers
from packet.export.covers import packet_receiver

__all__ = ["email_path", "email_receiver", "email_text"]


class _File(Protocol):
    path: Path
    size: int
    pages: range


def email_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}.email.txt")


def email_receiver(packet: Packet) -> Receiver:
    """The packet's receiver when it takes email; else the first receiver that does (OPLA)."""
    own = packet_receiver(packet)
    if own.emailed:
        return own
    return next(r for r in load_receivers().receivers.values() if r.emailed)


def email_text(packet: Packet, files: Sequence[_File]) -> str:
    """'Subject: ...', a blank line, then the body."""
    receiver = email_receiver(packet)
    attachments = tuple(Attachment(f.path.name, f.size, len(f.pages)) for f in files)
    fields = case_fields(packet.cover, receiver, attachments)
    return f"Subject: {email_subject(receiver, fields)}\n\n{email_body(receiver, fields)}"
