"""Page maths: where a source page or photo lands on the US Letter output page.

Matrices are PDF affine matrices (a, b, c, d, e, f): a point (x, y) maps to (a*x + c*y + e, b*x + d*y + f).
`multiply(m, n)` is "first m, then n", the order PDF's `cm` operator composes in.
"""

from __future__ import annotations

from dataclasses import dataclass

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

LETTER_W, LETTER_H = 612.0, 792.0
SIDE_MARGIN = 36.0  # 0.5 in
EDGE_MARGIN = 36.0  # the edge without the stamp
STAMP_BAND = 54.0  # 0.75 in kept clear for the page stamp
STAMP_BASELINE = 24.0  # distance of the stamp's baseline (or cap line, at the top) from the page edge
# A source page with its own text (its page number, a form's footer) in the strip of its edge that the stamp takes
# is shrunk a little more, so that text stays at least a quarter inch clear of the stamp, even a 24-point one.
CLEAR_BAND = 72.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @classmethod
    def normalised(cls, x0: float, y0: float, x1: float, y1: float) -> Box:
        return cls(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    @classmethod
    def parse(cls, value: object) -> Box | None:
        """A box from a PDF rectangle (any four numbers, corners in any order); None when it is not one or has
        no area."""
        try:
            x0, y0, x1, y1 = (float(v) for v in value)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            return None
        b = cls.normalised(x0, y0, x1, y1)
        return b if b.width > 0 and b.height > 0 else None

    def intersect(self, other: Box) -> Box | None:
        b = Box(max(self.x0, other.x0), max(self.y0, other.y0), min(self.x1, other.x1), min(self.y1, other.y1))
        return b if b.width > 0 and b.height > 0 else None


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def transform_box(m: Matrix, box: Box) -> Box:
    pts = [apply(m, x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
    return Box(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def normalise_rotation(degrees: float) -> int:
    """/Rotate as shown: 360 -> 0, -90 -> 270; odd values snap to the nearest quarter turn."""
    return int(round(float(degrees) / 90.0)) % 4 * 90


def content_area(stamp_position: str, top_margin: float | None = None, clear_band: bool = False) -> Box:
    """Where source content may go: inside the margins, clear of the stamp band.

    `top_margin` (points) keeps more of the top edge clear, as paper filings that are two-hole punched need.
    `clear_band`: the source page has text of its own where the stamp goes (`band_strip`), so the band is
    CLEAR_BAND deep and the page a little smaller: its own number is left alone, and never near the stamp.
    """
    band = CLEAR_BAND if clear_band else STAMP_BAND
    if stamp_position.startswith("top"):
        top = max(band, top_margin or 0.0)
        return Box(SIDE_MARGIN, EDGE_MARGIN, LETTER_W - SIDE_MARGIN, LETTER_H - top)
    top = top_margin if top_margin else EDGE_MARGIN
    return Box(SIDE_MARGIN, band, LETTER_W - SIDE_MARGIN, LETTER_H - top)


SIDES = ("bottom", "right", "top", "left")  # in the order a clockwise quarter turn brings them to the bottom
_EDGES = ("y0", "x1", "y1", "x0")  # the source box's edge shown at each side when the page is not turned


def stamp_side(stamp_position: str, turn: int) -> str:
    """Which side of a page, as it shows before the user's extra clockwise `turn`, ends up at the stamp's edge."""
    base = 2 if stamp_position.startswith("top") else 0
    return SIDES[(base + normalise_rotation(turn) // 90) % 4]


def side_strip(box: Box, rotation: int, side: str, depth: float = STAMP_BAND) -> Box:
    """The strip of a source page (in its own units) along the edge shown at `side` once the page is turned by its
    /Rotate `rotation`: text found in the strip at the stamp's side is the page's own number or footer."""
    edge = _EDGES[(SIDES.index(side) + normalise_rotation(rotation) // 90) % 4]
    d = min(depth, box.height if edge[0] == "y" else box.width)
    if edge == "y0":
        return Box(box.x0, box.y0, box.x1, box.y0 + d)
    if edge == "y1":
        return Box(box.x0, box.y1 - d, box.x1, box.y1)
    if edge == "x0":
        return Box(box.x0, box.y0, box.x0 + d, box.y1)
    return Box(box.x1 - d, box.y0, box.x1, box.y1)


def _turn(rotation: int, w: float, h: float) -> tuple[Matrix, float, float]:
    """The clockwise display rotation of a w x h box sitting at the origin, and the turned size."""
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, w), h, w
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, w, h), w, h
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, h, 0.0), h, w
    return IDENTITY, w, h


@dataclass(frozen=True)
class Placement:
    matrix: Matrix  # source space -> output page space
    scale: float
    turned_for_landscape: bool
    shown: Box  # where the content lands on the output page


def place(
    box: Box,
    rotation: int,
    area: Box,
    landscape: str = "rotate",
    max_scale: float | None = 1.0,
) -> Placement:
    """Fit `box` (in source units), shown with `rotation`, inside `area`, keeping its aspect ratio and centring it.

    A box wider than tall is turned a quarter turn counter-clockwise (its top to the left edge, as landscape pages
    are bound) when `landscape` is "rotate"; with "shrink" it stays level and smaller. `max_scale` caps the
    enlargement (1.0: never larger than real size; None: fill the area).
    """
    m = (1.0, 0.0, 0.0, 1.0, -box.x0, -box.y0)
    turn, w, h = _turn(normalise_rotation(rotation), box.width, box.height)
    m = multiply(m, turn)
    turned = False
    if landscape == "rotate" and w > h * 1.02:
        m = multiply(m, (0.0, 1.0, -1.0, 0.0, h, 0.0))  # quarter turn counter-clockwise
        w, h = h, w
        turned = True
    scale = min(area.width / w, area.height / h)
    if max_scale is not None:
        scale = min(scale, max_scale)
    tx = area.x0 + (area.width - w * scale) / 2
    ty = area.y0 + (area.height - h * scale) / 2
    m = multiply(m, (scale, 0.0, 0.0, scale, tx, ty))
    return Placement(m, scale, turned, Box(tx, ty, tx + w * scale, ty + h * scale))


def fmt_matrix(m: Matrix) -> str:
    return " ".join(_num(v) for v in m)


def _num(v: float) -> str:
    if abs(v) < 1e-9:
        return "0"
    s = f"{v:.5f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"
