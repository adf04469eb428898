"""Page maths: where a source page lands on the Letter output page, and which way up."""

from __future__ import annotations

import pytest

from packet.core.geometry import (
    EDGE_MARGIN,
    IDENTITY,
    LETTER_H,
    LETTER_W,
    SIDE_MARGIN,
    STAMP_BAND,
    Box,
    apply,
    content_area,
    fmt_matrix,
    multiply,
    normalise_rotation,
    place,
    transform_box,
)

LETTER = Box(0, 0, 612, 792)
LANDSCAPE = Box(0, 0, 792, 612)
AREA = content_area("bottom-center")


def approx_point(p, q, tol=1e-6):
    return p[0] == pytest.approx(q[0], abs=tol) and p[1] == pytest.approx(q[1], abs=tol)


def corners(box: Box) -> dict[str, tuple[float, float]]:
    return {"bl": (box.x0, box.y0), "br": (box.x1, box.y0), "tl": (box.x0, box.y1), "tr": (box.x1, box.y1)}


def where(p: tuple[float, float], box: Box, tol: float = 1e-6) -> str:
    """Which corner of `box` the point p sits on ('' if none)."""
    for name, c in corners(box).items():
        if approx_point(p, c, tol):
            return name
    return ""


# -- content area ----------------------------------------------------------------------------------------------

def test_content_area_keeps_clear_of_the_stamp_band():
    bottom = content_area("bottom-center")
    assert bottom == Box(SIDE_MARGIN, STAMP_BAND, LETTER_W - SIDE_MARGIN, LETTER_H - EDGE_MARGIN)
    assert bottom.width == 540 and bottom.height == 702
    top = content_area("top-right")
    assert top == Box(SIDE_MARGIN, EDGE_MARGIN, LETTER_W - SIDE_MARGIN, LETTER_H - STAMP_BAND)


# -- portrait --------------------------------------------------------------------------------------------------

def test_portrait_letter_is_shrunk_to_the_width_and_centred():
    pl = place(LETTER, 0, AREA)
    assert pl.scale == pytest.approx(540 / 612)
    assert not pl.turned_for_landscape
    shown = pl.shown
    assert shown.x0 == pytest.approx(36) and shown.x1 == pytest.approx(576)
    assert shown.height == pytest.approx(792 * 540 / 612)
    # centred vertically inside the area
    assert shown.y0 - AREA.y0 == pytest.approx(AREA.y1 - shown.y1)
    assert shown.y0 >= AREA.y0 and shown.y1 <= AREA.y1
    # the matrix is a plain scale + shift: no rotation, no skew
    a, b, c, d, e, f = pl.matrix
    assert (b, c) == (0, 0) and a == pytest.approx(d) == pytest.approx(540 / 612)
    # the source's corners land on the corners of `shown`
    for name, pt in corners(LETTER).items():
        assert where(apply(pl.matrix, *pt), shown) == name


def test_shown_is_the_image_of_the_box_under_the_matrix():
    for box, rot, mode in [(LETTER, 0, "rotate"), (LANDSCAPE, 0, "rotate"), (LANDSCAPE, 0, "shrink"),
                           (LETTER, 90, "rotate"), (Box(-99, -99, 612, 792), 270, "rotate"), (LETTER, 180, "shrink")]:
        pl = place(box, rot, AREA, mode)
        got = transform_box(pl.matrix, box)
        for u, v in zip((got.x0, got.y0, got.x1, got.y1), (pl.shown.x0, pl.shown.y0, pl.shown.x1, pl.shown.y1), strict=True):
            assert u == pytest.approx(v, abs=1e-6)
        assert AREA.x0 - 1e-6 <= got.x0 and got.x1 <= AREA.x1 + 1e-6
        assert AREA.y0 - 1e-6 <= got.y0 and got.y1 <= AREA.y1 + 1e-6


def test_small_page_is_not_enlarged_but_centred():
    card = Box(0, 0, 300, 400)
    pl = place(card, 0, AREA)
    assert pl.scale == 1.0
    assert pl.shown.width == pytest.approx(300) and pl.shown.height == pytest.approx(400)
    cx, cy = (AREA.x0 + AREA.x1) / 2, (AREA.y0 + AREA.y1) / 2
    assert (pl.shown.x0 + pl.shown.x1) / 2 == pytest.approx(cx)
    assert (pl.shown.y0 + pl.shown.y1) / 2 == pytest.approx(cy)


def test_max_scale_caps_enlargement_and_none_fills_the_area():
    card = Box(0, 0, 100, 130)
    assert place(card, 0, AREA, max_scale=1.0).scale == 1.0
    assert place(card, 0, AREA, max_scale=2.0).scale == 2.0
    full = place(card, 0, AREA, max_scale=None)
    assert full.scale == pytest.approx(min(540 / 100, 702 / 130))
    # a page bigger than the area is shrunk whatever the cap
    assert place(LETTER, 0, AREA, max_scale=5.0).scale == pytest.approx(540 / 612)


# -- landscape -------------------------------------------------------------------------------------------------

def test_landscape_is_turned_counter_clockwise_when_rotating():
    pl = place(LANDSCAPE, 0, AREA, "rotate")
    assert pl.turned_for_landscape
    # turned, it is 612 wide and 792 tall: the same fit as a portrait Letter page
    assert pl.scale == pytest.approx(540 / 612)
    assert pl.shown.width == pytest.approx(540)
    assert pl.shown.height == pytest.approx(792 * 540 / 612)
    # a quarter turn counter-clockwise: the source's top edge goes to the left edge (as landscape pages are bound)
    # top-left -> bottom-left, top-right -> top-left, bottom-right -> top-right, bottom-left -> bottom-right
    src = corners(LANDSCAPE)
    assert where(apply(pl.matrix, *src["tl"]), pl.shown) == "bl"
    assert where(apply(pl.matrix, *src["tr"]), pl.shown) == "tl"
    assert where(apply(pl.matrix, *src["br"]), pl.shown) == "tr"
    assert where(apply(pl.matrix, *src["bl"]), pl.shown) == "br"
    # so text running left to right along the source's top now runs bottom to top along the output's left edge
    x0, y0 = apply(pl.matrix, 72, 540)
    x1, y1 = apply(pl.matrix, 720, 540)
    assert x0 == pytest.approx(x1) and y1 > y0
    assert x0 < LETTER_W / 2
    a, b, c, d, _, _ = pl.matrix
    s = pl.scale
    assert (a, b, c, d) == (pytest.approx(0), pytest.approx(s), pytest.approx(-s), pytest.approx(0))


def test_landscape_stays_level_and_smaller_when_shrinking():
    pl = place(LANDSCAPE, 0, AREA, "shrink")
    assert not pl.turned_for_landscape
    assert pl.scale == pytest.approx(540 / 792)
    assert pl.shown.width == pytest.approx(540)
    assert pl.shown.height == pytest.approx(612 * 540 / 792)
    src = corners(LANDSCAPE)
    for name, pt in src.items():
        assert where(apply(pl.matrix, *pt), pl.shown) == name
    assert pl.shown.y0 - AREA.y0 == pytest.approx(AREA.y1 - pl.shown.y1)


def test_nearly_square_pages_are_not_turned():
    # within 2 %: level
    assert not place(Box(0, 0, 101, 100), 0, AREA).turned_for_landscape
    assert place(Box(0, 0, 103, 100), 0, AREA).turned_for_landscape


# -- /Rotate ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("degrees, expected", [
    (0, 0), (90, 90), (180, 180), (270, 270), (360, 0), (-90, 270), (-180, 180), (-270, 90), (450, 90),
    (720, 0), (89.6, 90), ("90", 90), (44, 0), (46, 90),
])
def test_normalise_rotation(degrees, expected):
    assert normalise_rotation(degrees) == expected


def test_rotate_90_shows_the_page_turned_clockwise_then_turned_back_for_landscape():
    # /Rotate 90 on a portrait page shows it landscape; "rotate" turns that back: the net effect is no turn at all.
    shown_level = place(LETTER, 90, AREA, "shrink")
    assert not shown_level.turned_for_landscape
    # clockwise display turn: the source's top-left corner is at the display's top-right
    src = corners(LETTER)
    assert where(apply(shown_level.matrix, *src["tl"]), shown_level.shown) == "tr"
    assert where(apply(shown_level.matrix, *src["bl"]), shown_level.shown) == "tl"
    assert shown_level.shown.width > shown_level.shown.height

    turned_back = place(LETTER, 90, AREA, "rotate")
    assert turned_back.turned_for_landscape
    upright = place(LETTER, 0, AREA, "rotate")
    assert turned_back.matrix == pytest.approx(upright.matrix)


def test_rotate_180_turns_upside_down():
    pl = place(LETTER, 180, AREA)
    assert not pl.turned_for_landscape
    src = corners(LETTER)
    assert where(apply(pl.matrix, *src["tl"]), pl.shown) == "br"
    assert where(apply(pl.matrix, *src["br"]), pl.shown) == "tl"


def test_rotate_270_shows_the_top_at_the_left():
    pl = place(LETTER, 270, AREA, "shrink")
    src = corners(LETTER)
    assert where(apply(pl.matrix, *src["tl"]), pl.shown) == "bl"
    assert where(apply(pl.matrix, *src["tr"]), pl.shown) == "tl"


@pytest.mark.parametrize("rot, same_as", [(360, 0), (-90, 270), (450, 90), (-180, 180)])
def test_out_of_range_rotations_place_like_their_normal_form(rot, same_as):
    for box in (LETTER, LANDSCAPE):
        for mode in ("rotate", "shrink"):
            assert place(box, rot, AREA, mode).matrix == pytest.approx(place(box, same_as, AREA, mode).matrix)


def test_landscape_page_with_rotate_90_is_portrait_and_not_turned():
    # an AutoCAD-style plot: landscape MediaBox shown portrait by /Rotate
    pl = place(LANDSCAPE, 90, AREA, "rotate")
    assert not pl.turned_for_landscape
    assert pl.scale == pytest.approx(540 / 612)


# -- boxes not at the origin -----------------------------------------------------------------------------------

def test_negative_origin_box_is_shifted_into_the_area():
    box = Box(-99, -99, 612, 792)  # 711 x 891
    pl = place(box, 0, AREA)
    assert pl.scale == pytest.approx(min(540 / 711, 702 / 891))
    assert where(apply(pl.matrix, -99, -99), pl.shown) == "bl"
    assert where(apply(pl.matrix, 612, 792), pl.shown) == "tr"
    assert pl.shown.x0 >= AREA.x0 - 1e-9 and pl.shown.x1 <= AREA.x1 + 1e-9
    assert pl.shown.y0 >= AREA.y0 - 1e-9 and pl.shown.y1 <= AREA.y1 + 1e-9


def test_offset_crop_box_maps_its_own_corners():
    crop = Box(0, 612.217, 301.092, 792)  # type3_font_nomapping.pdf: the top-left strip of a Letter page
    for mode in ("rotate", "shrink"):
        pl = place(crop, 0, AREA, mode)
        got = transform_box(pl.matrix, crop)
        assert got.x0 == pytest.approx(pl.shown.x0) and got.y1 == pytest.approx(pl.shown.y1)
        assert pl.scale == 1.0  # small: real size


def test_rotated_negative_origin_box_lands_inside_the_area():
    box = Box(-11.9622, 11.9906, 583.238, 853.671)
    for rot in (0, 90, 180, 270):
        for mode in ("rotate", "shrink"):
            pl = place(box, rot, AREA, mode)
            got = transform_box(pl.matrix, box)
            assert got.x0 >= AREA.x0 - 1e-6 and got.x1 <= AREA.x1 + 1e-6
            assert got.y0 >= AREA.y0 - 1e-6 and got.y1 <= AREA.y1 + 1e-6


# -- matrices and boxes ----------------------------------------------------------------------------------------

def test_multiply_is_first_then_second():
    scale = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    shift = (1.0, 0.0, 0.0, 1.0, 10.0, 0.0)
    assert apply(multiply(scale, shift), 1, 1) == (12.0, 2.0)  # scale, then shift
    assert apply(multiply(shift, scale), 1, 1) == (22.0, 2.0)  # shift, then scale
    assert multiply(IDENTITY, scale) == scale and multiply(scale, IDENTITY) == scale


def test_transform_box_of_a_rotation_is_normalised():
    quarter = (0.0, 1.0, -1.0, 0.0, 0.0, 0.0)  # counter-clockwise about the origin
    assert transform_box(quarter, Box(0, 0, 10, 20)) == Box(-20, 0, 0, 10)
    assert transform_box(IDENTITY, Box(1, 2, 3, 4)) == Box(1, 2, 3, 4)
    assert transform_box((2, 0, 0, 3, 5, 7), Box(0, 0, 1, 1)) == Box(5, 7, 7, 10)
    flip = (-1.0, 0.0, 0.0, -1.0, 0.0, 0.0)
    assert transform_box(flip, Box(1, 2, 3, 4)) == Box(-3, -4, -1, -2)


def test_box_helpers():
    assert Box.normalised(5, 6, 1, 2) == Box(1, 2, 5, 6)
    assert Box(0, 0, 10, 10).intersect(Box(5, 5, 20, 20)) == Box(5, 5, 10, 10)
    assert Box(0, 0, 10, 10).intersect(Box(10, 0, 20, 10)) is None  # touching is not overlapping


def test_fmt_matrix_is_compact_and_has_no_negative_zero():
    assert fmt_matrix((1.0, 0.0, -0.0, 1.0, 36.0, 55.588235294)) == "1 0 0 1 36 55.58824"
    assert fmt_matrix((1e-12, -1e-12, 0.5, -2.25, 0, 0)) == "0 0 0.5 -2.25 0 0"
