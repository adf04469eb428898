"""Draw Packet's icons from their SVGs: `make icons` (needs rsvg-convert, from Debian's librsvg2-bin).

resources/icons/org.packet.Packet-N.png for N in 16..512 (16 and 32 px from the SVG drawn on a 16-pixel grid, so
they stay crisp; the rest from the detailed one), packaging/windows/packet.ico and packaging/macos/Packet.icns.
The PNGs are committed; tests/test_packaging_linux.py checks that they are what this script draws.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.packet.Packet"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def main() -> int:
    for size in SIZES:
        source = ICONS / (f"{APP_ID}-small.svg" if size <= 32 else f"{APP_ID}.svg")
        subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), str(source), "-o",
                        str(ICONS / f"{APP_ID}-{size}.png")], check=True, timeout=120)
    images = {size: Image.open(ICONS / f"{APP_ID}-{size}.png") for size in SIZES}
    ico_sizes = [s for s in SIZES if s <= 256]
    images[256].save(ROOT / "packaging" / "windows" / "packet.ico", sizes=[(s, s) for s in ico_sizes],
                     append_images=[images[s] for s in ico_sizes if s != 256])
    images[512].save(ROOT / "packaging" / "macos" / "Packet.icns")
    print(f"Drew {len(SIZES)} PNGs, packet.ico and Packet.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
