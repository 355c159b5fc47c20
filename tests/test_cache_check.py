"""A cache head that passes its checksums is still used only when its seal (the SHA-1 after it)
and every value's shape check out: any other head is rebuilt from the files, never an error or a wrong answer."""

from __future__ import annotations

import marshal
import random

import pytest
from cache_helpers import READS, assert_same, built, join_cache, split_cache

from network_md.format.config import DEFAULT
from network_md.store.cache import cache_path
from network_md.store.cache_check import sealed, sound_config

CHECKED = [("status", "--json"), ("list", "--json"), ("check", "--json"), ("show", "ada", "--json")]


def rewrite(root, mutate, reseal: bool) -> None:
    """The cache with its head changed by `mutate`, valid checksums, and (if `reseal`) a seal
    that matches: network-md's own checksums then cannot tell, only its checks can."""
    head, tail = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(head)
    mutate(data)
    head = marshal.dumps(data)
    cache_path(root).write_bytes(join_cache(sealed(head) if reseal else head, tail))


# --- values the seal catches: right types, wrong values ------------------------------------------

SAME_TYPE_CHANGES = {
    "config-window-in-range": lambda d: d.update(config=(*d["config"][:3], 30, *d["config"][4:])),
    "config-circles": lambda d: d.update(
        config=(*d["config"][:5], {"inner": 1, "close": 1, "wide": 1, "contact": None})
        + d["config"][6:]
    ),
    "summary-snoozed": lambda d: d["summary"].update(snoozed=d["summary"]["snoozed"] + 1),
    "summary-minutes": lambda d: d["summary"].update(minutes_today=99),
    "problem-message": lambda d: d["files"].update(
        {k: (v[0], (("people/ada.md", 3, "error", "forged"),)) for k, v in d["files"].items()}
    ),
    "config-problems": lambda d: d.update(
        config_problems=((".network-md.yaml", 1, "warning", "forged"),)
    ),
}


@pytest.mark.parametrize("how", sorted(SAME_TYPE_CHANGES))
def test_a_value_changed_after_the_write_breaks_the_seal_and_is_rebuilt(make_vault, run, how):
    root = built(make_vault, run)
    before = assert_same(run, root, CHECKED)
    rewrite(root, SAME_TYPE_CHANGES[how], reseal=False)
    assert assert_same(run, root, CHECKED) == before


# --- values the shape checks catch, even under a matching seal ------------------------------------


def _config_field(index, value):
    return lambda d: d.update(config=(*d["config"][:index], value, *d["config"][index + 1 :]))


def _first_file(mutate_entry):
    def mutate(d):
        path = next(iter(d["files"]))
        d["files"][path] = mutate_entry(d["files"][path], d)

    return mutate


def _where(entry, record=None, contrib=None):
    """A file's entry with its record's or contribution's (offset, length) replaced."""
    import struct

    stamp, where = entry[0][:32], list(struct.unpack("<qqqq", entry[0][32:]))
    if record is not None:
        where[:2] = record
    if contrib is not None:
        where[2:] = contrib
    return (stamp + struct.pack("<qqqq", *where), entry[1])


def _other_record(entry, d):
    import struct

    others = [v for v in d["files"].values() if v is not entry]
    theirs = next(struct.unpack("<qqqq", v[0][32:])[:2] for v in others if v[0][40:48] != bytes(8))
    return _where(entry, record=theirs)


SHAPE_CHANGES = {
    "config-window-empty-tuple": _config_field(3, ()),
    "config-window-negative": _config_field(3, -1),
    "config-window-bool": _config_field(3, True),
    "config-me-number": _config_field(0, 7),
    "config-contacts-numbers": _config_field(1, (1, 2)),
    "config-circles-list": _config_field(5, ["inner"]),
    "config-circle-cadence-text": _config_field(5, {"inner": "14"}),
    "config-default-circle-unknown": _config_field(6, "nowhere"),
    "config-kinds-numbers": _config_field(12, {"coffee": 1}),
    "config-autocommit-int": _config_field(13, 1),
    "config-heading-none": _config_field(15, None),
    "config-short": lambda d: d.update(config=d["config"][:-1]),
    "config-problems-junk": lambda d: d.update(config_problems=(("x",),)),
    "summary-plans-junk": lambda d: d["summary"].update(plans=[("2026",)]),
    "summary-birthdays-junk": lambda d: d["summary"].update(birthdays=[(1, "a")]),
    "summary-negative-count": lambda d: d["summary"].update(snoozed=-1),
    "summary-relationships-do-not-add-up": lambda d: d["summary"]["relationships"].update(
        {next(iter(d["summary"]["relationships"])): 10**6}
    ),
    "summary-day-bool": lambda d: d["summary"].update(day_counts={True: 1}),
    "record-outside-the-tail": _first_file(lambda e, d: _where(e, record=(10**9, 50))),
    "record-negative-offset": _first_file(lambda e, d: _where(e, record=(-5, 50))),
    "record-of-another-file": _first_file(_other_record),
    "contribution-outside-the-tail": _first_file(lambda e, d: _where(e, contrib=(10**9, 9))),
}


@pytest.mark.parametrize("how", sorted(SHAPE_CHANGES))
def test_a_sealed_head_of_the_wrong_shape_is_ignored_and_rebuilt(make_vault, run, how):
    root = built(make_vault, run)
    before = assert_same(run, root, CHECKED)
    rewrite(root, SHAPE_CHANGES[how], reseal=True)
    assert assert_same(run, root, CHECKED) == before
    rewrite(root, lambda d: None, reseal=False)  # the cache written back is whole and sealed
    assert assert_same(run, root, CHECKED) == before


def test_sound_config_accepts_every_default_and_a_parsed_config():
    from network_md.format.config import parse_config

    assert sound_config(tuple(DEFAULT))
    config, _ = parse_config(
        "me: Pat\ncontacts: [people]\nkinds: {coffee: met}\ndashboard: NETWORK.md\n"
        "circles: {inner: 7, close: 30, wide: 90, contact: none}\ngit: {autocommit: true}\n"
    )
    assert sound_config(tuple(config))


@pytest.mark.parametrize(
    ("field", "value"),
    [("daily_at", 510), ("lead_days", "2"), ("daily_notes_folder", 1), ("daily_notes_format", [])],
)
def test_sound_config_checks_every_setting_of_the_table(field, value):
    assert not sound_config(tuple(DEFAULT._replace(**{field: value})))
    assert not sound_config(tuple(DEFAULT)[:-1])  # a config of another version: other fields


# --- random mutations of a real head --------------------------------------------------------------

REPLACEMENTS = [(), None, "x", "", -1, 0, 1, 10**6, 2**70, 2.5, [], {}, b"", b"\x00" * 64, True]


def _nodes(value, path=()):
    """(path, value) of every node of a head, containers and leaves (three files at most)."""
    yield path, value
    if isinstance(value, dict):
        items = list(value.items())[:3] if path == ("files",) else value.items()
        for k, v in items:
            yield from _nodes(v, (*path, k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value[:6]):
            yield from _nodes(v, (*path, i))


def _replace(head, path, new):
    """The head with the node at `path` replaced (tuples rebuilt on the way up)."""

    def put(container, keys):
        key, rest = keys[0], keys[1:]
        child = new if not rest else put(container[key], rest)
        if isinstance(container, tuple):
            return (*container[:key], child, *container[key + 1 :])
        container[key] = child
        return container

    return put(head, list(path)) if path else new


def _same_kind(old, new) -> bool:
    return type(old) is type(new)


def _mutation(rng: random.Random, head: dict, sealed: bool):
    """One random change to one node: a replacement of any type (unsealed), or one of another
    type (sealed: a same-type change under a matching seal is a forgery nothing could tell)."""
    nodes = [(p, v) for p, v in _nodes(head) if p]
    while True:
        path, old = rng.choice(nodes)
        if isinstance(old, bytes) and old and not sealed:
            i = rng.randrange(len(old))
            new = old[:i] + bytes([old[i] ^ (1 << rng.randrange(8))]) + old[i + 1 :]
        elif isinstance(old, int) and not isinstance(old, bool) and not sealed:
            new = old + rng.choice([-1, 1, 365])
        else:
            new = rng.choice(REPLACEMENTS)
        if not (sealed and _same_kind(old, new)):
            return path, new


@pytest.mark.parametrize("sealed", [False, True], ids=["checksums-only", "resealed"])
def test_random_mutations_of_a_real_head_never_give_an_error_or_a_wrong_answer(
    make_vault, run, sealed
):
    root = built(make_vault, run)
    before = assert_same(run, root, CHECKED)
    good = cache_path(root).read_bytes()
    rng = random.Random(20261127 + sealed)
    for _ in range(30):
        cache_path(root).write_bytes(good)
        head = marshal.loads(split_cache(good)[0])
        path, new = _mutation(rng, head, sealed)
        rewrite(root, lambda d, path=path, new=new: _replace(d, path, new), reseal=sealed)
        assert assert_same(run, root, CHECKED) == before, (path, new)
    assert assert_same(run, root, READS)
