"""The summary kept current with the files (analysis/current.py): what it hands the store is
what a plain build from every file gives, however the index was opened and written."""

from __future__ import annotations

import os
import time

import pytest

from network_md.analysis import current
from network_md.analysis.summary import build, contribution
from network_md.store import parallel
from network_md.store.cache import Cache
from network_md.store.vault import Index, Vault

DAY = 740_000  # a date ordinal: 2026-12-02
FILES = {
    "people/ada.md": "---\nname: Ada\ncircle: close\n---\n- 2026-11-20 got: intro\n- 2026-11-21 asked: x\n",
    "people/bob.md": "# Bob\n- 2026-09-01 gave: a\n- 2026-10-01 gave: b\n- 2026-11-01 gave: c\n",
    "people/cyd.md": "---\nname: [broken\n---\n# Cyd\n- 2026-11-30 met: y\n",
    "people/bin.md": b"\x00\x01",
}


def _aged(root):
    old = time.time() - 3600
    for p in root.rglob("*.md"):
        os.utime(p, (old, old))
    return root


def plain(root, day=DAY):
    """The summary built from every file, read here, no cache: what every shortcut must equal."""
    index = Index(Vault.open(root))
    index.refresh()
    cfg = index.vault.config
    contribs = {p: contribution(c, cfg, day) for p in index.paths() if (c := index.contact(p))}
    return build(contribs, day, index.vault.config_key)


def team(n):
    return {
        f"people/team/p{i}.md": f"# P{i}\n- 2026-11-{1 + i % 28:02d} gave: x\n" for i in range(n)
    }


def test_the_workers_prepared_summary_is_the_plain_one(make_vault, monkeypatch):
    root = _aged(make_vault({**FILES, **team(40)}))
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    if parallel.workers_for(100) < 2:
        pytest.skip("one core, not Linux, or threads running: no workers")
    cache = current.open_index(root, parallel=True, day=DAY)
    assert len(cache.index.prepared) == 43  # every contact (all but the binary) from a worker
    assert current.summary(cache, DAY) == plain(root)
    assert current.save(cache)
    again = current.open_index(root, day=DAY)  # from the saved cache: nothing re-read
    assert not again.index.touched
    assert current.summary(again, DAY) == plain(root)


def test_contributions_prepared_for_another_day_are_not_used(make_vault, monkeypatch):
    root = _aged(make_vault({**FILES, **team(40)}))
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    cache = current.open_index(root, parallel=True, day=DAY - 30)
    assert current.summary(cache, DAY) == plain(root)


def test_a_write_keeps_the_stored_summary_current_for_its_day(make_vault):
    root = _aged(make_vault(FILES))
    first = current.open_index(root, day=DAY)
    current.summary(first, DAY)
    current.save(first)
    writer = current.open_index(root)  # a write: no summary asked for
    (root / "people/bob.md").write_text("# Bob\n- 2026-11-30 got: thanks\n", "utf-8")
    writer.index.update("people/bob.md")
    assert current.save(writer, force=True)
    stored = Cache(root).stored_summary()
    assert stored == plain(root)._asdict()


def test_the_store_drops_a_summary_not_handed_over_after_a_change(make_vault):
    root = _aged(make_vault(FILES))
    first = current.open_index(root, day=DAY)
    current.summary(first, DAY)
    current.save(first)
    cache = Cache(root)
    index = cache.open_index()
    index.refresh()
    (root / "people/ada.md").write_text("# Ada\n", "utf-8")
    index.update("people/ada.md")
    assert cache.save(force=True)  # the store alone: it cannot patch the summary, so drops it
    assert Cache(root).stored_summary() is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s.update(contacts=s["contacts"] + 1),
        lambda s: s.update(flags=[("x",)]),
        lambda s: s.pop("asked"),
        lambda s: s.update(relationships={}),
    ],
)
def test_a_summary_not_of_states_shape_is_never_trusted(damage):
    state = build({}, DAY, "k")._asdict()
    assert current.sound_summary(state)
    damage(state)
    assert not current.sound_summary(state)
