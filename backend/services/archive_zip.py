"""Safe reading of an uploaded archive: entry names that stay inside (no zip-slip), no links, bounded size/count."""

from __future__ import annotations

import stat
import zipfile
from pathlib import PurePosixPath

from backend.errors import InvalidInput, TooLarge

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 64 * 1024**3  # uncompressed
MAX_JSON_BYTES = 256 * 1024**2  # one table's rows


def check_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"the archive has {len(entries)} entries; at most {MAX_ENTRIES} are accepted")
    total = 0
    for info in entries:
        name = info.filename
        pure = PurePosixPath(name)
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ":" in name
            or pure.is_absolute()
            or any(part in ("..", ".") for part in pure.parts)
            or "\x00" in name
        ):
            raise InvalidInput(f"unsafe entry name in the archive: {name[:200]!r} (absolute or leaving its folder)")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InvalidInput(f"the archive entry {name[:200]!r} is a symbolic link; links are not accepted")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise TooLarge(f"the archive unpacks to more than {MAX_TOTAL_BYTES // 1024**3} GiB")
    return entries


def read_json_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_JSON_BYTES:
        raise TooLarge(f"{info.filename} is larger than {MAX_JSON_BYTES // 1024**2} MiB")
    with archive.open(info) as handle:
        data = handle.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:  # the header lied about the size
        raise TooLarge(f"{info.filename} is larger than {MAX_JSON_BYTES // 1024**2} MiB")
    return data
