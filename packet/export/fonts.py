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
    """Greedy word wrap; words longer than the width are broken by characters.

    Linear in the length of the text: each character's width is looked up once (reportlab adds glyph widths
    without kerning, so a string's width is the sum of its characters'), never re-measured as lines grow.
    """
    register_fonts()
    space = _char_width(" ", font, size)
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line: list[str] = []
        line_w = 0.0
        for word in paragraph.split():
            word_w = sum(_char_width(c, font, size) for c in word)
            if line and line_w + space + word_w <= width:
                line.append(word)
                line_w += space + word_w
                continue
            if line:
                lines.append(" ".join(line))
            if word_w > width:  # break the word: as many characters as fit on each line, at least one
                start, acc = 0, 0.0
                for i, c in enumerate(word):
                    w = _char_width(c, font, size)
                    if acc + w > width and i > start:
                        lines.append(word[start:i])
                        start, acc = i, 0.0
                    acc += w
                word, word_w = word[start:], acc
            line, line_w = [word], word_w
        lines.append(" ".join(line))
    return lines


@lru_cache(maxsize=8192)
def _char_width(char: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(char, font, size)
