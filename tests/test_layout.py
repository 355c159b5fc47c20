"""store/layout.py: here, the stamp of the package's own modules that keys every cache."""

from __future__ import annotations

import os

import pytest
from helpers import REPO

from network_md.store import cache_file, linkcache, scan
from network_md.store.layout import modules_stamp


def test_a_modules_stamp_is_each_files_mtime_and_size_and_zeros_for_one_missing():
    stat = os.stat(REPO / "network_md" / "format" / "parse.py")
    assert modules_stamp(["format/parse", "format/nothing-here"]) == [
        stat.st_mtime_ns, stat.st_size, 0, 0,
    ]  # fmt: skip
    assert modules_stamp([]) == []


@pytest.mark.parametrize(
    ("stamp", "module"),
    [
        (cache_file.code_stamp, "store/cache_file"),
        (linkcache.code_stamp, "store/linkcache"),
        (scan._code_stamp, "store/scan"),
    ],
)
def test_each_cache_is_keyed_by_its_own_code_too(stamp, module):
    mine = modules_stamp([module])
    got = stamp()
    assert len(got) % 2 == 0 and len(got) >= 4
    pairs = [got[i : i + 2] for i in range(0, len(got), 2)]
    assert mine in pairs and [0, 0] not in pairs  # every module it names is there
