"""Fixtures for export tests: the sample packet (see samples.py) and its exports, made once per module."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest

from .samples import VARIANTS, build_sample_packet


@dataclass
class Built:
    pdf: Path
    result: object  # ExportResult
    plan: object  # Plan
    packet: object  # the packet exported (with its settings)
    progress: list


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    return build_sample_packet(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def exported(sample_folder, tmp_path_factory):
    """exported(variant) -> Built: the sample packet exported once per settings variant (cached)."""
    from packet.export.build import export_packet

    out_dir = tmp_path_factory.mktemp("out")
    cache: dict[str, Built] = {}

    def get(variant: str = "default") -> Built:
        if variant not in cache:
            packet = copy.deepcopy(sample_folder.packet)
            for k, v in VARIANTS[variant].items():
                setattr(packet.settings, k, v)
            calls: list = []
            target = out_dir / f"{variant}.pdf"
            result = export_packet(packet, sample_folder.path, target,
                                   progress=lambda d, t, s: calls.append((d, t, s)))
            cache[variant] = Built(target, result, result.plan, packet, calls)
        return cache[variant]

    return get
