"""The discretion factors (resources/factors.json): what equities a packet can show, and what proves them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from packet.core.resources import resource


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    description: str
    evidence: tuple[str, ...]
    kind: str = "factor"  # "factor", or "supporting" for identity and procedural history


@lru_cache(maxsize=1)
def load_factors() -> tuple[Factor, ...]:
    data = json.loads(resource("factors.json").read_text(encoding="utf-8"))
    return tuple(
        Factor(
            id=f["id"],
            name=f["name"],
            description=f["description"],
            evidence=tuple(f["evidence"]),
            kind=f.get("kind", "factor"),
        )
        for f in data["factors"]
    )


def factor_ids() -> tuple[str, ...]:
    return tuple(f.id for f in load_factors())


def factor_by_id(factor_id: str) -> Factor:
    for f in load_factors():
        if f.id == factor_id:
            return f
    known = ", ".join(factor_ids())
    raise KeyError(f"unknown factor {factor_id!r}; known factors: {known}")
