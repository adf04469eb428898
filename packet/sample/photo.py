"""The sample's phone photo of a certificate of appreciation, saved sideways with an EXIF orientation as phones do."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from packet.core.resources import resource
from packet.sample.case import (
    RESPONDENT,
    SAMPLE_MARK,
)


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource("fonts", "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")), size)


def _award_photo_upright() -> Image.Image:
    """The photo as a person would see it: a portrait shot of a certificate lying on a wooden table."""
    W, H = 1500, 2000
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    for y in range(H):  # wood: planks running across, with grain that wanders
        plank = y // 333
        base = (150 + 10 * (plank % 2), 98 + 6 * (plank % 3), 56)
        g = 14 * math.sin(y / 5.3 + 2.1 * math.sin(y / 41.0 + plank)) + 7 * math.sin(y / 1.7 + plank)
        light = 10 * math.sin(math.pi * y / H)
        d.line([(0, y), (W, y)], fill=tuple(int(max(0, min(255, c + g + light))) for c in base))
    for k in range(1, 7):
        d.line([(0, k * 333), (W, k * 333)], fill=(70, 42, 22), width=4)
    for i in range(40):  # knots and darker streaks along the grain
        x = (i * 397) % W
        y = (i * 211) % H
        d.ellipse([x - 30, y - 7, x + 30, y + 7], outline=(110, 68, 36), width=2)
    # the certificate, with a soft shadow under it
    cx0, cy0, cx1, cy1 = 200, 260, 1300, 1740
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rectangle([cx0 + 18, cy0 + 24, cx1 + 18, cy1 + 24], fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(16))
    im.paste((40, 24, 12), (0, 0), shadow)
    d = ImageDraw.Draw(im)
    d.rectangle([cx0, cy0, cx1, cy1], fill=(250, 246, 232))
    navy, gold = (24, 44, 92), (176, 136, 40)
    d.rectangle([cx0 + 30, cy0 + 30, cx1 - 30, cy1 - 30], outline=navy, width=10)
    d.rectangle([cx0 + 52, cy0 + 52, cx1 - 52, cy1 - 52], outline=gold, width=3)
    mid = (cx0 + cx1) // 2

    def centred(y: int, text: str, font: ImageFont.FreeTypeFont, fill=(30, 30, 30)) -> None:
        d.text((mid, y), text, font=font, fill=fill, anchor="mm")

    centred(cy0 + 100, SAMPLE_MARK, _font(True, 26), (170, 20, 20))
    centred(cy0 + 190, "Elmhurst Neighbors Food Pantry", _font(False, 40), navy)
    centred(cy0 + 320, "CERTIFICATE", _font(True, 96), navy)
    centred(cy0 + 420, "OF APPRECIATION", _font(True, 52), gold)
    centred(cy0 + 540, "is presented to", _font(False, 38))
    centred(cy0 + 640, RESPONDENT, _font(True, 68), (20, 20, 20))
    d.line([(cx0 + 170, cy0 + 690), (cx1 - 170, cy0 + 690)], fill=gold, width=3)
    body = _font(False, 34)
    lines = ("in grateful recognition of twelve years of", "faithful volunteer service to the families",
             "of our neighbourhood, given every Saturday", "with generosity and good humour.")
    for i, line in enumerate(lines):
        centred(cy0 + 770 + i * 52, line, body)
    centred(cy0 + 1030, "November 15, 2025", _font(True, 36))
    # seal
    sx, sy, r = mid, cy0 + 1200, 95
    d.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(214, 176, 70), outline=(150, 110, 30), width=6)
    d.ellipse([sx - r + 22, sy - r + 22, sx + r - 22, sy + r - 22], outline=(150, 110, 30), width=3)
    centred(sy, "2025", _font(True, 40), (110, 80, 20))
    for side, name, role in ((-1, "Maria Delgado", "Director"), (1, "Rev. Samuel Adeyemi", "Board Chair")):
        x = mid + side * 330
        d.line([(x - 190, cy0 + 1330), (x + 190, cy0 + 1330)], fill=(40, 40, 40), width=2)
        d.text((x, cy0 + 1362), name, font=_font(False, 28), fill=(30, 30, 30), anchor="mm")
        d.text((x, cy0 + 1398), role, font=_font(False, 24), fill=(90, 90, 90), anchor="mm")
    # the big diagonal SAMPLE mark, light and translucent
    layer = Image.new("L", (1700, 420), 0)
    ImageDraw.Draw(layer).text((850, 210), "SAMPLE", font=_font(True, 330), fill=255, anchor="mm")
    layer = layer.rotate(math.degrees(math.atan2(cy1 - cy0, cx1 - cx0)), expand=True, resample=Image.Resampling.BICUBIC)
    mask = layer.point(lambda v: v * 95 // 255)
    im.paste((150, 150, 150), ((W - layer.width) // 2, (H - layer.height) // 2), mask)
    return im


def award_photo(path: Path) -> None:
    """Saved the way phones do: pixels as the sensor read them (turned), with EXIF Orientation 6 to set it right.

    Orientation 6 tells the viewer to turn the stored image 90 degrees clockwise, so the stored pixels are the
    upright picture turned 90 degrees counter-clockwise.
    """
    upright = _award_photo_upright()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise: 2000 x 1500 stored
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x010F] = "SAMPLE"  # Make
    exif[0x0110] = "Packet sample generator"  # Model
    exif[0x0132] = "2025:11:15 14:32:10"  # DateTime
    stored.save(path, "JPEG", quality=82, exif=exif.tobytes(), dpi=(72, 72))
