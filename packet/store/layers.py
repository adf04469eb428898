"""Hidden layers (optional content switched off in the source) stay hidden: their content is left out.

A PDF can carry layers a viewer does not show (`/OCProperties`, the default configuration's `/OFF` list or
`/BaseState /OFF`). Printed naively they appear, so intake makes a copy that shows what the source shows and
nothing else: marked-content sections tagged with a hidden group (`/OC /name BDC ... EMC`), XObjects and
annotations whose `/OC` is hidden are removed, and so are the layer definitions. The export reads that copy.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

MAX_FORM_DEPTH = 12


def hidden_groups(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Object ids of the optional-content groups the default view shows switched off."""
    try:
        ocp = pdf.Root.get("/OCProperties")
        if not isinstance(ocp, Dictionary):
            return set()
        config = ocp.get("/D")
        config = config if isinstance(config, Dictionary) else Dictionary()
        groups = _refs(ocp.get("/OCGs"))
        if config.get("/BaseState") == Name.OFF:
            shown = _refs(config.get("/ON"))
            return groups - shown
        return _refs(config.get("/OFF")) & (groups or _refs(config.get("/OFF")))
    except Exception:
        return set()


def _refs(value) -> set[tuple[int, int]]:
    if isinstance(value, Dictionary) and value.is_indirect:
        return {value.objgen}
    if not isinstance(value, Array):
        return set()
    return {v.objgen for v in value if isinstance(v, Dictionary) and v.is_indirect}


def is_hidden(oc, hidden: set[tuple[int, int]]) -> bool:
    """Whether an /OC entry (a group, or a membership dictionary over groups) is hidden in the default view."""
    if not isinstance(oc, Dictionary) or not hidden:
        return False
    if oc.get("/Type") != Name.OCMD:
        return oc.is_indirect and oc.objgen in hidden
    members = oc.get("/OCGs")
    groups = [members] if isinstance(members, Dictionary) else [g for g in members or [] if isinstance(g, Dictionary)]
    if not groups:
        return False
    on = [not (g.is_indirect and g.objgen in hidden) for g in groups]
    policy = oc.get("/P", Name.AnyOn)
    visible = {"/AllOn": all(on), "/AnyOff": not all(on), "/AllOff": not any(on)}.get(str(policy), any(on))
    return not visible


def flatten_layers(pdf: pikepdf.Pdf) -> int:
    """Remove what the default view hides from every page of `pdf` (in memory); returns the hidden groups' count."""
    hidden = hidden_groups(pdf)
    if not hidden:
        return 0
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        obj = page.obj
        res = _inherited_resources(obj)
        data = b"".join(c.read_bytes() + b"\n" for c in content_streams(obj))
        obj.Contents = pdf.make_stream(strip_hidden(data, hidden, res, done))
        annots = obj.get("/Annots")
        if isinstance(annots, Array):
            kept = [a for a in annots if not (isinstance(a, Dictionary) and is_hidden(a.get("/OC"), hidden))]
            obj.Annots = Array(kept)
    del pdf.Root["/OCProperties"]
    return len(hidden)


def _inherited_resources(page: Dictionary) -> Dictionary:
    node: pikepdf.Object | None = page
    for _ in range(32):
        if not isinstance(node, Dictionary):
            break
        res = node.get("/Resources")
        if isinstance(res, Dictionary):
            return res
        node = node.get("/Parent")
    return Dictionary()


def content_streams(page: Dictionary) -> list[pikepdf.Stream]:
    """A page's content streams, whether /Contents is one stream or an array (anything else: none)."""
    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


def strip_hidden(data: bytes, hidden: set[tuple[int, int]], resources: Dictionary, done: set[tuple[int, int]],
                 depth: int = 0) -> bytes:
    """A content stream without the parts drawn in hidden layers; the forms it draws (the output's copies) are
    rewritten the same way, each once (`done` holds those already rewritten)."""
    scratch = pikepdf.Pdf.new()
    instructions = pikepdf.parse_content_stream(scratch.make_stream(data))
    props = resources.get("/Properties") if isinstance(resources, Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    kept = []
    skipping = 0  # depth of marked content inside a hidden section
    for inst in instructions:
        op = str(inst.operator)
        if skipping:
            if op in ("BMC", "BDC"):
                skipping += 1
            elif op == "EMC":
                skipping -= 1
            continue
        if op == "BDC" and len(inst.operands) == 2 and inst.operands[0] == Name.OC:
            oc: pikepdf.Object | None = inst.operands[1]
            if isinstance(oc, Name) and isinstance(props, Dictionary):
                oc = props.get(oc)
            if is_hidden(oc, hidden):
                skipping = 1
                continue
        if op == "Do" and inst.operands and isinstance(xobjects, Dictionary):
            xo = xobjects.get(str(inst.operands[0]))
            if isinstance(xo, pikepdf.Stream):
                if is_hidden(xo.get("/OC"), hidden):
                    continue
                if xo.get("/Subtype") == Name.Form and depth < MAX_FORM_DEPTH and xo.objgen not in done:
                    done.add(xo.objgen)
                    res = xo.get("/Resources")
                    xo.write(strip_hidden(xo.read_bytes(), hidden, res if isinstance(res, Dictionary) else
                                          Dictionary(), done, depth + 1))
        kept.append(inst)
    return pikepdf.unparse_content_stream(kept)
