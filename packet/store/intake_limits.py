"""How much one file may cost intake: its size on disk, and the memory decoding it takes.

Intake runs several files at once, and an 8 GB laptop must never run out of memory because someone dropped a
900 MB scan or a 98-megapixel WebP. So: files over a size (default 500 MB) are refused before a byte is read; an
image whose decoding would need more than one worker's memory budget is refused from its header, before it is
decoded (JPEGs are decoded at a reduced scale instead); each worker process is held to that budget by the OS;
and no more workers run at once than the total budget allows.

The limits are settings, as environment variables: PACKET_MAX_FILE_MB (default 500), PACKET_WORKER_MEMORY_MB
(default 1024), PACKET_INTAKE_MEMORY_MB (default half this computer's memory, at most 4096).
"""

from __future__ import annotations

import os

from packet.core.i18n import _

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 500
DEFAULT_WORKER_MEMORY_MB = 1024
MAX_TOTAL_DEFAULT_MB = 4096
ISOLATE_FROM_BYTES = 64 * MB  # a file this large is examined in a worker process, where the OS holds its memory

# Peak bytes per decoded pixel, measured (Pillow 11-13): the decoder's buffer, the converted copy and the
# page-sized copy. WebP decodes through an extra RGBA buffer; HEIF through libheif's own.
_BYTES_PER_PIXEL = {"WEBP": 16, "HEIF": 12, "TIFF": 8, "PNG": 7, "JPEG": 7, "GIF": 5, "BMP": 7}
_LEAST_JPEG_BYTES_PER_PIXEL = 0.001  # below any real JPEG (a flat grey page at the best compression is ~0.004)


def _setting_mb(name: str, default: int) -> int:
    try:
        value = int(float(os.environ.get(name, default)))
    except ValueError:
        return default
    return value if value > 0 else default


def max_file_bytes() -> int:
    return _setting_mb("PACKET_MAX_FILE_MB", DEFAULT_MAX_FILE_MB) * MB


def worker_memory_bytes() -> int:
    return _setting_mb("PACKET_WORKER_MEMORY_MB", DEFAULT_WORKER_MEMORY_MB) * MB


def total_memory_bytes() -> int:
    default = min(MAX_TOTAL_DEFAULT_MB, max(1024, physical_memory() // 2 // MB))
    return _setting_mb("PACKET_INTAKE_MEMORY_MB", default) * MB


def physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 8 * 1024 * MB


def worker_count(jobs: int, requested: int | None = None) -> int:
    """As many workers as files, cores and the total memory budget allow (at least one)."""
    by_memory = max(1, total_memory_bytes() // worker_memory_bytes())
    return max(1, min(requested or os.cpu_count() or 1, jobs, by_memory))


def too_big_file(name: str, size: int) -> str | None:
    """The refusal for a file over the size limit, or None."""
    limit = max_file_bytes()
    if size <= limit:
        return None
    return (_("{name} is {size:,.0f} MB; Packet takes files up to {limit:,} MB. Split it into smaller files "
              "(or save it at a lower resolution) and add those.").format(
                name=name, size=size / 1e6, limit=limit // MB))


def decode_cost(fmt: str, width: int, height: int) -> int:
    """Estimated peak memory of decoding and page-fitting one image of this size."""
    return int(width * height * _BYTES_PER_PIXEL.get(fmt, 8))


def fits_in_worker(fmt: str, width: int, height: int) -> bool:
    return decode_cost(fmt, width, height) <= worker_memory_bytes()


def too_much_memory(width: int, height: int, fmt: str) -> str:
    need = decode_cost(fmt, width, height)
    return (_("is too large to process on this computer: its {width:,} x {height:,} pixels ({megapixels:,.0f} "
              "megapixels) would need about {need:.1f} GB of memory, more than Packet lets one file use "
              "({budget:.1f} GB). Save it at a smaller size (your photo app's Export or Resize) and add it again.").format(
                width=width, height=height, megapixels=width * height / 1e6, need=need / 1e9,
                budget=worker_memory_bytes() / 1e9))


def out_of_memory() -> str:
    return (_("is too large to process on this computer: it needed more memory than Packet lets one file use "
              "({budget:.1f} GB). Save it at a smaller size, or split it, and add it again.").format(
                budget=worker_memory_bytes() / 1e9))


def implausibly_small(fmt: str, width: int, height: int, size: int) -> bool:
    """A JPEG that claims far more pixels than its bytes could hold (a 600-byte file claiming 60000 x 60000)."""
    return fmt == "JPEG" and width * height > 1_000_000 and size < width * height * _LEAST_JPEG_BYTES_PER_PIXEL
