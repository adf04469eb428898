"""How big the export will be, and where to split it into parts under a profile's size limit.

Each plan page has an estimated weight (what it adds to a file: `store.facts.page_bytes`, the one size measure
the readiness check uses too). With image compression, the weights of image pages shrink by the ratio measured on
a sample of them, compressed for real (`compress.estimate_sizes`); "fit in one file" picks the gentlest level
whose estimate is under the limit (`compress.choose_level`). Breaks come from the weights; the parts are then
written, measured and, if one is over the limit, split again (`build.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from PIL import Image

from packet.core.geometry import content_area, place
from packet.core.plan import GENERATED_KINDS, Plan
from packet.export.compress import LEVEL_NAMES, PageImageRef, choose_level, estimate_sizes
from packet.export.image_compression import FIT, decode, encoded_size, is_compressible, shown_sizes
from packet.export.pages import image_matrix, shown_inches, user_unit, visible_box
from packet.export.sources import Sources
from packet.store.facts import page_bytes

GENERATED_PAGE_BYTES = 6_000  # what a drawn page adds, roughly
PART_OVERHEAD_BYTES = 120_000  # fonts, outline and tables every part carries
SAMPLE = 8  # image pages compressed for real to estimate a level's effect


def page_weights(plan: Plan, sources: Sources) -> list[float]:
    """Estimated bytes each plan page adds to a file (generated pages a little; source pages their share)."""
    per_page: dict[tuple[str, int], float] = {}
    for doc in plan.packet.documents.values():  # page_bytes: the one size measure (the readiness check's too)
        overhead = 2_000 if doc.kind == "image" else 1_500
        for n, size in enumerate(page_bytes(sources.folder, doc), start=1):
            per_page[(doc.sha256, n)] = size + overhead
    return [GENERATED_PAGE_BYTES if p.kind in GENERATED_KINDS else per_page.get((p.document, p.source_page), 50_000)
            for p in plan.pages]


@dataclass
class SizePlan:
    """The compression level to use, the weights to split by, and what to say about it."""

    level: str | None
    weights: list[float]
    message: str = ""
    fits_one_file: bool | None = None  # "fit in one file": whether the estimate is under the limit
    estimates: dict[str, int] = field(default_factory=dict)


def size_plan(plan: Plan, sources: Sources, level: str | None, limit: int | None,
              top_margin: float | None) -> SizePlan:
    """The level (FIT resolved to a level, or None) and the page weights at that level, for the splitter."""
    weights = page_weights(plan, sources)
    if level is None or not limit:
        return SizePlan(None if level == FIT else level, weights)
    refs, image_pages = image_refs(plan, sources, top_margin)
    images = sum(r.size for r in refs)
    other = max(0, round(sum(weights)) - images)
    if level == FIT:
        choice = choose_level(refs, other, limit, SAMPLE)
        chosen, message, fits, est = choice.level, choice.message, choice.fits, choice.estimates
    else:
        est = estimate_sizes(refs, other, SAMPLE, levels=(level,))
        chosen, message, fits = level, "", None
    if chosen is not None and images:
        ratio = max(0.01, (est[chosen] - other) / images)
        weights = [w * ratio if (p.document, p.source_page) in image_pages else w
                   for w, p in zip(weights, plan.pages, strict=True)]
    return SizePlan(chosen, weights, message, fits, est)


def image_refs(plan: Plan, sources: Sources, top_margin: float | None
               ) -> tuple[list[PageImageRef], set[tuple[str, int]]]:
    """Every page image the export would re-encode, once each, with the size it is shown at: photos' page-ready
    images and the big images of scanned PDF pages. Also the (document, page) keys of the pages holding them."""
    packet = plan.packet
    area = content_area(packet.settings.stamp_position, top_margin)
    refs: list[PageImageRef] = []
    keys: set[tuple[str, int]] = set()
    seen: set[tuple[str, int]] = set()
    for p in plan.pages:
        if p.kind in GENERATED_KINDS or (p.document, p.source_page) in seen:
            continue
        seen.add((p.document, p.source_page))
        doc = packet.documents[p.document]
        if doc.kind != "pdf":
            image = doc.page_images[p.source_page - 1]
            path = sources.folder / image.file
            shown = shown_inches(image_matrix(image, p.rotation, area, packet.settings.landscape))
            refs.append(PageImageRef(_reader(path), shown, _size(path)))
            keys.add((p.document, p.source_page))
            continue
        page = sources.pdf(doc).pages[p.source_page - 1].obj
        resources = page.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        big = [(str(n), o) for n, o in xobjects.items() if is_compressible(o)]
        if not big:
            continue
        drawn = shown_sizes(page)
        scale = place(visible_box(page), p.rotation, area, packet.settings.landscape,
                      max_scale=user_unit(page)).scale
        for name, obj in big:
            if name in drawn:
                w, h = drawn[name]
                refs.append(PageImageRef(_decoder(obj), (w * scale / 72.0, h * scale / 72.0),
                                         encoded_size(obj)))
                keys.add((p.document, p.source_page))
    return refs, keys


def choose_breaks(plan: Plan, weights: list[float], budget: float) -> list[int]:
    """Where new parts start (pages after the front matter): at exhibit boundaries, inside one only if it alone
    is over the budget. Part 1 always holds the cover, index and summary."""
    units: list[list[int]] = []
    front = 0
    while front < plan.total and plan.pages[front].kind in ("cover", "index", "summary"):
        front += 1
    for i in range(front, plan.total):
        item = plan.pages[i].item_id
        if units and item and plan.pages[units[-1][0]].item_id == item:
            units[-1].append(i)
        else:
            units.append([i])
    breaks: list[int] = []
    used = sum(weights[:front])
    for unit in units:
        w = sum(weights[i] for i in unit)
        if used + w <= budget:
            used += w
            continue
        if used > 0 and (used > sum(weights[:front]) or breaks):
            breaks.append(unit[0])
            used = GENERATED_PAGE_BYTES
        if used + w <= budget:
            used += w
            continue
        for i in unit:  # one exhibit larger than a part: split it between pages
            if used + weights[i] > budget and used > GENERATED_PAGE_BYTES:
                breaks.append(i)
                used = GENERATED_PAGE_BYTES
            used += weights[i]
    return sorted({b - front for b in breaks if b > front})  # counted from the end of the front matter


def _reader(path: Path) -> Callable[[], bytes | Image.Image]:
    return lambda: path.read_bytes()


def _decoder(obj: pikepdf.Object) -> Callable[[], bytes | Image.Image]:
    return lambda: decode(obj)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


__all__ = ["GENERATED_PAGE_BYTES", "LEVEL_NAMES", "PART_OVERHEAD_BYTES", "SizePlan", "choose_breaks", "image_refs",
           "page_weights", "size_plan"]
