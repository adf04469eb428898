"""The bundled Unicode font, registered once with reportlab (names like "Nguyễn Thị Ánh" must print)."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from packet.core.resources import resource

REGULAR = "PacketSerif"
BOLD = "PacketSerif-Bold"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont(REGULAR, str(resource("fonts", "DejaVuSerif.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSerif-Bold.ttf"))))
    return REGULAR, BOLD


def text_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; words longer than the width are broken by characters."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, font, size) > width:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
