"""What a cache head must be before anything in it is used: sealed, and of the right shape.

The file's Adler-32 checksums catch a torn or truncated write. They do not catch a head whose
bytes are whole but whose values are wrong: a bug of another version, a hand-made or edited
file, a flip that Adler-32 (weak on small changes) lets through. So

- the marshalled head is followed by a seal, its SHA-1: a head re-marshalled or edited by
  anything but this writer (an in-range number, a message, an offset changed, the checksums
  made to match) is caught, never shown as an answer;
- and every value is checked for the type and shape the code reads (column by column, in C:
  10,000 files in a millisecond or two), so even a sealed head that is malformed never reaches
  code that would crash on it. (The summary is the analysis layer's: it checks its shape
  itself, analysis/current.py, and builds it anew when it is not as it should be.)

A head that fails either is ignored: the cache is rebuilt from the files.
"""

from __future__ import annotations

import hashlib
from operator import itemgetter

from network_md.format.config import Config, is_sound
from network_md.store.reader import STAMP

SEAL_SIZE = 20  # SHA-1: hashlib's fastest digest here, ~1 ms for the head of 10,000 files
ENTRY_SIZE = STAMP.size + 32  # a file's stamp, then where its record and contribution lie (4 q)


def sealed(head: bytes) -> bytes:
    """A marshalled head with its seal after it (marshal reads one value, never what follows)."""
    return head + hashlib.sha1(head).digest()


def unsealed(head) -> memoryview:
    """The marshalled head without its seal; ValueError when the seal is not its digest."""
    view = memoryview(head)
    body, given = view[:-SEAL_SIZE], view[-SEAL_SIZE:]
    if len(view) <= SEAL_SIZE or hashlib.sha1(body).digest() != given:
        raise ValueError("the cache head is not as network-md wrote it")
    return body


def sound_head(head: dict) -> bool:
    """Every part of a head has the shape this code reads."""
    files = head.get("files")
    if not isinstance(files, dict) or type(head.get("config_key")) is not str:
        return False
    if not _sound_files(files):
        return False
    if not _sound_names_where(head.get("names", (0, 0, bytes(SEAL_SIZE)))):
        return False
    return "config" not in head or (sound_config(head["config"]) and _sound_problems(head))


def _sound_names_where(where) -> bool:
    """(offset, length, SHA-1 of the name index)."""
    return (
        type(where) is tuple
        and len(where) == 3
        and type(where[0]) is int
        and type(where[1]) is int
        and type(where[2]) is bytes
        and len(where[2]) == SEAL_SIZE
    )


def _sound_files(files: dict) -> bool:
    if not files:
        return True
    raws = files.values()
    return (
        set(map(type, files)) == {str}
        and set(map(type, raws)) == {tuple}
        and set(map(len, raws)) == {2}
        and set(map(type, map(itemgetter(0), raws))) == {bytes}
        and set(map(len, map(itemgetter(0), raws))) == {ENTRY_SIZE}
        and set(map(type, map(itemgetter(1), raws))) == {tuple}
        and all(problem_shaped(p) for problems in map(itemgetter(1), raws) for p in problems)
    )


def problem_shaped(p) -> bool:
    return (
        type(p) is tuple
        and len(p) == 4
        and type(p[0]) is str
        and (p[1] is None or type(p[1]) is int)
        and type(p[2]) is str
        and type(p[3]) is str
    )


def _sound_problems(head: dict) -> bool:
    problems = head.get("config_problems")
    return type(problems) is tuple and all(map(problem_shaped, problems))


def sound_config(values) -> bool:
    """A cached config's values are those its settings take (format/config's table says)."""
    if type(values) is not tuple or len(values) != len(Config._fields):
        return False
    return is_sound(Config(*values))
