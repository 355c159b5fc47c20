"""The file `.network-md/links`, where store/linkstate.py keeps what it knows between commands.

Layout: a magic line, an Adler-32 of the rest, then one `marshal` dict, the head. The head holds
what every command needs at once (stamps, a few small values) and, as marshalled bytes, the
parts that only some commands need (`Parts`): loading the head never decodes them, and a save
copies a part it did not touch as the bytes it read.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.layout import CACHE_DIR
from network_md.store.safeopen import read_regular

MAGIC = b"network-md links 2\n"
CACHE_NAME = "links"
INDEX_CACHE = "index"  # the index cache's file, whose stamp says which summary it holds
MODULES = ("format/daily", "format/links", "format/logscan", "store/daily", "store/linkstate",
           "store/linkcache", "store/mentions")  # fmt: skip


def code_stamp() -> list:
    """Stamps of the modules that decide what is kept: another version reads everything anew."""
    here = Path(__file__).parent.parent
    out = []
    for name in MODULES:
        try:
            st = os.stat(here / f"{name}.py")
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return out


def index_stamp(root: Path) -> list:
    """The index cache file's stamp now ([] when there is none)."""
    try:
        st = os.stat(root / CACHE_DIR / INDEX_CACHE)
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


class Parts:
    """The head's marshalled parts, each decoded once on first use; `put` replaces one."""

    def __init__(self, head: dict):
        self._blobs = {k[5:]: v for k, v in head.items() if k.startswith("part:")}
        self._values: dict = {}

    def get(self, name: str, default):
        if name not in self._values:
            blob = self._blobs.get(name)
            try:
                self._values[name] = default if blob is None else marshal.loads(blob)
            except Exception:
                self._values[name] = default
        return self._values[name]

    def put(self, name: str, value) -> None:
        self._values[name] = value
        self._blobs.pop(name, None)

    def encoded(self) -> dict:
        """Every part as bytes, for the head: untouched ones as they were read."""
        out = {f"part:{k}": v for k, v in self._blobs.items() if k not in self._values}
        out.update((f"part:{k}", marshal.dumps(v)) for k, v in self._values.items())
        return out


def read(root: Path) -> dict:
    """The head, checked; {} when the file is missing, damaged or of another version."""
    try:
        raw = read_regular(root / CACHE_DIR / CACHE_NAME)
    except OSError:
        return {}
    n = len(MAGIC)
    if not raw.startswith(MAGIC) or len(raw) < n + 4:
        return {}
    body = memoryview(raw)[n + 4 :]
    if zlib.adler32(body) != int.from_bytes(raw[n : n + 4], "big"):
        return {}
    try:
        head = marshal.loads(body)
    except Exception:
        return {}
    if not isinstance(head, dict) or head.get("code") != code_stamp():
        return {}
    return head


def write(root: Path, head: dict) -> bool:
    """Write the head atomically; False where it cannot be (the index cache's folder missing,
    a read-only vault): a cache that cannot be written is a cache not used."""
    folder = root / CACHE_DIR
    try:
        if not folder.is_dir():
            return False  # the index cache makes the folder (and its .gitignore)
        body = marshal.dumps(head)
        blob = MAGIC + zlib.adler32(body).to_bytes(4, "big") + body
        write_file(folder / CACHE_NAME, blob, OVERWRITE, root, sync=False)
        return True
    except Exception:
        return False
