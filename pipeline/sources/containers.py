"""Containers an export may arrive in (gzip, zip: an ``.xlsx`` is a zip), checked before anything reads them.

A damaged container (a truncated download, a file renamed to ``.gz`` or ``.xlsx`` that is not one) and a bomb (a
small file that expands to gigabytes) both fail in one line naming the file, what is wrong and what to do. Nothing
is held in memory: a workbook's declared part sizes and compression ratios are checked from its central directory,
then every part is read through once in 1 MiB chunks (which also checks its CRC, so a part that lies about its size
fails too); a gzip stream is decompressed the same way, counting what it yields, and refused as soon as the count
passes the limit. docs/reference/exports.md ("Containers and bombs") says the limits.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path

from pipeline.errors import ExportError

CHUNK = 1 << 20
MIB = 1 << 20
# A worksheet is parsed whole in memory (sheetfile.py); platforms' Excel exports are a few MB of XML. Excel itself
# caps a sheet at 1,048,576 rows, and 512 MiB of sheet XML is millions of cells: beyond it, export as CSV.
MAX_WORKBOOK_PART = 512 * MIB
MAX_WORKBOOK_TOTAL = 1024 * MIB
# Text and XML compress 5 to 30 times (repetitive JSON up to ~60); only a bomb reaches 200 times, and a part that
# expands to less than BOMB_FLOOR cannot hurt whatever its ratio.
MAX_RATIO = 200
BOMB_FLOOR = 64 * MIB
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


class ContainerError(ExportError):
    """A container is damaged or would expand past the limits."""


def is_zip_workbook(path: Path, raw: bytes) -> bool:
    """A zip archive holding an ``xl/`` part (xlsx, xlsm, xlsb); a zip that cannot be opened fails in one line."""
    if not raw.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ContainerError(
            path.name,
            f"starts like a zip archive (.xlsx, .zip) but is damaged or truncated ({_first_line(exc)}); "
            "download or save it again",
        ) from exc


def check_workbook(path: Path) -> None:
    """Refuse a workbook whose parts would expand past the limits, or whose parts are damaged, before it is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(p.file_size for p in parts)
            for part in parts:
                _check_declared(path, part)
            if total > MAX_WORKBOOK_TOTAL:
                raise _too_big(path, "its parts", total, MAX_WORKBOOK_TOTAL)
            for part in parts:
                _read_through(archive, part)
    except ContainerError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
        raise ContainerError(
            path.name, f"is a damaged workbook ({_first_line(exc)}); open it in Excel and save it again"
        ) from exc


def _check_declared(path: Path, part: zipfile.ZipInfo) -> None:
    if part.file_size > MAX_WORKBOOK_PART:
        raise _too_big(path, f"part {part.filename}", part.file_size, MAX_WORKBOOK_PART)
    if part.file_size > BOMB_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
        raise ContainerError(
            path.name,
            f"part {part.filename} would expand {part.file_size // max(part.compress_size, 1)} times (to "
            f"{part.file_size // MIB} MiB): a zip bomb, not an export; remove it from the exports folder",
        )


def _read_through(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Decompress one part in chunks: zipfile stops at the declared size and checks the CRC at the end."""
    with archive.open(part) as handle:
        while handle.read(CHUNK):
            pass


def check_gzip(path: Path) -> None:
    """Refuse a gzip file that is damaged, truncated or a bomb, reading it through once in chunks."""
    compressed = path.stat().st_size
    limit = max(BOMB_FLOOR, MAX_RATIO * compressed)
    expanded = 0
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                expanded += len(chunk)
                if expanded > limit:
                    raise ContainerError(
                        path.name,
                        f"expands more than {MAX_RATIO} times its size (past {expanded // MIB} MiB from "
                        f"{max(compressed // 1024, 1)} KiB): a gzip bomb, not an export; remove it from the exports "
                        "folder",
                    )
    except ContainerError:
        raise
    except EOFError as exc:
        raise ContainerError(path.name, "is a truncated gzip file (it ends mid-stream); download it again") from exc
    except (gzip.BadGzipFile, OSError, zlib.error) as exc:
        raise ContainerError(
            path.name, f"starts like a gzip file but is damaged ({_first_line(exc)}); download it again"
        ) from exc


def _too_big(path: Path, what: str, size: int, limit: int) -> ContainerError:
    return ContainerError(
        path.name,
        f"{what} would expand to {size // MIB} MiB, past the {limit // MIB} MiB a workbook may hold; export the "
        "data as CSV instead",
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# What a person calls a container no format reads, by its magic bytes (for the "not a known export" message).
CONTAINER_NAMES = (
    (ZIP_MAGIC, "a zip archive (unzip it into the exports folder)"),
    (GZIP_MAGIC, "a gzip file that holds no known export"),
    (b"PAR1", "a Parquet file that is not a GA4 events table"),
    (b"%PDF", "a PDF document, not data"),
    (b"7z\xbc\xaf", "a 7-Zip archive (extract it into the exports folder)"),
    (b"Rar!", "a RAR archive (extract it into the exports folder)"),
    (b"BZh", "a bzip2 file (decompress it into the exports folder)"),
    (b"\xfd7zXZ", "an xz file (decompress it into the exports folder)"),
)


def container_name(raw: bytes) -> str | None:
    for magic, name in CONTAINER_NAMES:
        if raw.startswith(magic):
            return name
    return None
