"""`list` from the rows kept in the index cache: the same bytes as `--no-cache` on every path
(rows made, kept, partly made again), and each change that must make a row anew does."""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from cache_helpers import (
    FILES,
    READS,
    T,
    assert_same,
    compare_pairs,
    flip,
    invoke_all,
    split_cache,
    team,
)
from helpers import age, as_unprivileged
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from seq_helpers import SEQ_CONFIGS, SEQ_DAYS, SEQ_PATHS, contact_text, step

from network_md.core.width import width
from network_md.store.cache import Cache, cache_path

CONFIG = (
    "me: Pat\ncontacts: [people]\nkinds: {coffee: met, intro: gave}\n"
    "circles: {inner: 7, close: 30, wide: 90}\n"
    "daily_notes: {folder: Daily, format: YYYY-MM-DD}\n"
)
WIDE = {
    "people/wide/jun.md": "---\nname: 山田 太郎\ncompany: 株式会社カメ\ntags: [東京]\n---\n"
    "- 2026-11-20 got: 🎉 a long note\n",
    "people/wide/emoji.md": "---\nname: Zoë 🚀 Ng\ncompany: Rocket 🚀\n---\n- 2026-11-01 gave: x\n",
    "people/wide/nfd.md": "---\nname: Rene\u0301e Dupont\ncompany: Cafe\u0301 Noir\n---\n"
    "- 2026-10-01 asked: y\n",
    "people/esc.md": '---\nname: "Esc \\e[31mred\\e[0m"\ncompany: "Tab\\tCo"\n---\n'
    "- 2026-11-02 met: z\n",
    "people/arch.md": "---\nname: Arne Archived\narchived: 2026-01-01\ncompany: Gone Ltd\n---\n"
    "- 2026-11-02 met: z\n",
}
LISTS = [
    ("list",),
    ("list", "--json"),
    ("list", "--archived"),
    ("list", "--archived", "--json"),
    ("list", "--sort", "company"),
    ("list", "--sort", "last", "--json"),
    ("list", "--sort", "trust", "--relationship", "one-way"),
    ("list", "--sort", "balance", "--tag", "#Mentor"),
    ("list", "--sort", "familiarity", "--company", "engines"),
    ("list", "--circle", "INNER", "--json"),
]


def _vault(make_vault, extra: dict | None = None) -> Path:
    """Enough contacts that a first `list` saves its rows at once (more than a handful)."""
    root = make_vault({**FILES, **team(30), **WIDE, **(extra or {})}, config=CONFIG)
    age(root)
    return root


def _rows(root: Path) -> tuple | None:
    """(day, rows by path) as the cache keeps them, or None."""
    cache = Cache(root)
    pointer = (cache.head or {}).get("rows")
    if pointer is None:
        return None
    rows, _ = cache.stored_rows(tuple(pointer[2:5]))
    return pointer[2], rows


def _same_lists(run, root: Path, today: str = T, columns=("", "70", "200")) -> None:
    """Every `list` variant, cached (twice) and `--no-cache`, at several terminal widths."""
    for cols in columns:
        env = {"COLUMNS": cols} if cols else {}
        for args in LISTS:
            first = run(root, *args, today=today, env=env)
            second = run(root, *args, today=today, env=env)
            fresh = run(root, "--no-cache", *args, today=today, env=env)
            assert "internal error" not in first.stderr, (args, first.stderr)
            for got in (first, second):
                assert (got.exit_code, got.stdout, got.stderr) == (
                    fresh.exit_code,
                    fresh.stdout,
                    fresh.stderr,
                ), (args, cols, today)


def test_a_first_list_keeps_every_contacts_row_and_the_next_reads_them(make_vault, run):
    root = _vault(make_vault)
    assert _rows(root) is None
    first = run(root, "list", "--json")
    day, rows = _rows(root)
    contacts = run(root, "--no-cache", "list", "--json", "--archived").stdout.count('"path"')
    assert day == 739947 and len(rows) == contacts + first.stdout.count('"path"')
    before = cache_path(root).read_bytes(), _rows_file(root).read_bytes()
    _same_lists(run, root)
    assert (cache_path(root).read_bytes(), _rows_file(root).read_bytes()) == before  # no write


def test_the_plain_output_is_what_it_was(make_vault, run):
    """The rows path and the plain path share their cells and items; both print what the
    table and the JSON printer print for the analysis (the `list` spelled out)."""
    root = _vault(make_vault)
    table = run(root, "--no-cache", "list").stdout.splitlines()
    assert table[0].split() == [
        "NAME", "COMPANY", "RELATIONSHIP", "GAVE", "GOT", "THANKS", "↑↓", "BAL", "LAST",
        "TOUCH", "FAM", "TRUST", "FLAGS",
    ]  # fmt: skip
    jun = next(line for line in table if line.startswith("山田 太郎"))
    ada = next(line for line in table if line.startswith("Ada Lovelace"))
    # CJK takes two columns a character: the next column starts at the same display column
    assert jun.index("株式会社カメ") + 4 == ada.index("Analytical")
    assert "\x1b" not in "".join(table) and "Esc [31mred" not in "".join(table)
    # every row's relationship starts at the header's display column, ASCII or not
    rels = ("network", "one-way", "receiving", "acquaintance", "dormant", "contact")
    at = width(table[0][: table[0].index("RELATIONSHIP")])
    for line in table[1:-1]:
        starts = [width(line[:i]) for r in rels if (i := line.find(f"  {r}  ") + 2) > 1]
        assert at in starts, line


@pytest.mark.parametrize(
    "change",
    [
        "edit one file",
        "edit many files",
        "new file",
        "delete a file",
        "rename a file",
        "rename a contact",
        "archive a contact",
        "config edited",
        "daily note added",
        "daily note changed",
        "new day",
    ],
)
def test_each_change_makes_its_rows_again(make_vault, run, change):
    note = "- 10:00 met: at the market with [[Bob Builder]]\n"
    root = _vault(make_vault, {"Daily/2026-11-20.md": note})
    today = T
    _same_lists(run, root, columns=("",))
    ada = root / "people/ada.md"
    if change == "edit one file":
        ada.write_text(ada.read_text().replace("close", "inner") + "- 2026-11-26 gave: more\n")
    elif change == "edit many files":
        for i in range(20):
            p = root / f"people/team/p{i:02}.md"
            p.write_text(p.read_text() + "- 2026-11-25 thanked: you\n")
    elif change == "new file":
        (root / "people/new.md").write_text("# Newt\n- 2026-11-26 got: hello\n")
    elif change == "delete a file":
        (root / "people/bob.md").unlink()
    elif change == "rename a file":
        os.replace(root / "people/bob.md", root / "people/robert.md")
    elif change == "rename a contact":
        run(root, "rename", "Bob Builder", "Robert Builder")
    elif change == "archive a contact":
        run(root, "archive", "Ada Lovelace")
    elif change == "config edited":
        (root / ".network-md.yaml").write_text(CONFIG.replace("inner: 7", "inner: 2"))
    elif change == "daily note added":
        (root / "Daily/2026-11-26.md").write_text("- gave: a tip to [[Ada Lovelace]]\n")
    elif change == "daily note changed":
        (root / "Daily/2026-11-20.md").write_text(note.replace("met", "gave"))
    else:
        today = "2026-12-20"
    _same_lists(run, root, today)
    assert _rows(root)[0] == {"2026-12-20": 739970}.get(today, 739947)


def test_every_reading_command_still_agrees(make_vault, run):
    root = _vault(make_vault)
    run(root, "list")
    assert_same(run, root, READS)
    assert_same(run, root, READS)


def _rows_file(root: Path) -> Path:
    return cache_path(root).parent / "rows"


def _pointed(root: Path, blob: bytes) -> None:
    """The rows file replaced by `blob`, the index cache's head pointing at it (sealed anew, as
    a writer of this very version would)."""
    from network_md.store.cache_check import sealed, unsealed
    from network_md.store.cache_file import framed

    head_raw, tail = split_cache(cache_path(root).read_bytes())
    head = marshal.loads(unsealed(head_raw))
    head["rows"] = (hashlib.sha1(blob).digest(), *head["rows"][1:])
    _rows_file(root).write_bytes(blob)
    cache_path(root).write_bytes(framed(sealed(marshal.dumps(head)), tail))


def test_a_row_kept_is_what_list_prints(make_vault, run):
    """The kept row serves: a rows file whose JSON item for Ada says another name (the head
    pointing at it) is printed as it says."""
    root = _vault(make_vault)
    run(root, "list", "--json")
    blob = _rows_file(root).read_bytes()
    _pointed(root, blob.replace(b'"name": "Ada Lovelace"', b'"name": "Ada Kept Row"'))
    assert '"name": "Ada Kept Row"' in run(root, "list", "--json").stdout
    assert '"name": "Ada Lovelace"' in run(root, "--no-cache", "list", "--json").stdout


@pytest.mark.parametrize("damage", ["meta", "texts", "another file", "gone", "not a file"])
def test_damaged_or_foreign_rows_are_made_again(make_vault, run, damage):
    root = _vault(make_vault)
    run(root, "list", "--json")
    rows = _rows_file(root)
    blob = rows.read_bytes()
    split = marshal.loads(unsealed_head(root))["rows"][1]
    if damage == "meta":  # a byte flipped: its SHA-1 is not the head's
        rows.write_bytes(flip(blob, split // 2))
    elif damage == "texts":
        rows.write_bytes(flip(blob, split + (len(blob) - split) // 2))
    elif damage == "another file":  # a sound rows file, of another head (another process)
        _pointed(root, blob)
        rows.write_bytes(marshal.dumps({}) + b"")
    elif damage == "gone":
        rows.unlink()
    else:
        rows.unlink()
        rows.mkdir()
    _same_lists(run, root, columns=("",))
    if damage == "not a file":
        rows.rmdir()
    run(root, "list", "--sort", "company")  # made anew, and written again
    assert rows.is_file() and _rows(root) is not None
    _same_lists(run, root, columns=("",))


def unsealed_head(root: Path) -> bytes:
    from network_md.store.cache_check import unsealed

    return unsealed(split_cache(cache_path(root).read_bytes())[0])


def test_a_save_by_another_command_marks_touched_rows_stale(make_vault, run):
    """`status` after many files changed rewrites the index cache, not the rows: their paths are
    marked stale, and the next `list` makes those rows again."""
    root = _vault(make_vault)
    run(root, "list")
    before = _rows_file(root).read_bytes()
    for i in range(20):
        p = root / f"people/team/p{i:02}.md"
        p.write_text(p.read_text() + "- 2026-11-25 thanked: you\n")
    run(root, "status")
    assert _rows_file(root).read_bytes() == before
    stale = marshal.loads(unsealed_head(root))["rows"][5]
    assert set(stale) == {f"people/team/p{i:02}.md" for i in range(20)}
    day, rows = _rows(root)
    assert not set(stale) & set(rows)
    _same_lists(run, root, columns=("",))


def test_introductions_list_the_plain_way(make_vault, run):
    """Who introduced whom spans contacts: no row can hold it, so `list` analyses everyone."""
    intro = "---\nname: Ivo\nintroduced_by: '[[Ada Lovelace]]'\n---\n- 2026-11-10 met: first\n"
    root = _vault(make_vault, {"people/ivo.md": intro})
    _same_lists(run, root, columns=("",))
    item = run(root, "list", "--json").stdout
    assert '"introduced_by": "people/ada.md"' in item
    (root / "people/ivo.md").write_text(intro.replace("introduced_by", "met_via"))
    _same_lists(run, root, columns=("",))
    assert _rows(root) is not None


@pytest.mark.parametrize("stale", [False, True])
def test_a_vault_you_cannot_write_lists_as_without_the_cache(open_dir, run, stale):
    root = open_dir / "vault"
    (root / ".network-md.yaml").parent.mkdir()
    (root / ".network-md.yaml").write_text(CONFIG)
    for rel, text in {**FILES, **team(30), **WIDE}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    age(root)
    run(root, "list")  # its rows kept
    if stale:  # rows no save can drop any more: made again in every run, never saved
        for i in range(20):
            p = root / f"people/team/p{i:02}.md"
            p.write_text(p.read_text() + "- 2026-11-25 thanked: you\n")
    before = cache_path(root).read_bytes()
    for p in [*root.rglob("*"), root]:
        os.chmod(p, 0o555 if p.is_dir() else (p.stat().st_mode & 0o777 & ~0o222))

    def child():
        try:
            (root / "probe").write_text("x")
        except PermissionError:
            return {"results": invoke_all(root, LISTS)}
        return {"skip": "permissions are not enforced here (the vault stayed writable)"}

    got = as_unprivileged(child)
    if "skip" in got:
        pytest.skip(got["skip"])
    compare_pairs(got["results"])
    assert cache_path(root).read_bytes() == before


# --- random vaults and sequences -------------------------------------------------------------


LIST_OPTIONS = st.tuples(
    st.sampled_from([(), ("--archived",)]),
    st.sampled_from([(), ("--json",)]),
    st.sampled_from([(), ("--relationship", "dormant"), ("--relationship", "one-way")]),
    st.sampled_from([(), ("--tag", "a"), ("--tag", "#B")]),
    st.sampled_from([(), ("--company", "x"), ("--company", "")]),
    st.sampled_from([(), ("--circle", "inner")]),
    st.sampled_from([(), *(("--sort", s) for s in ("company", "last", "balance", "trust"))]),
).map(lambda parts: ("list", *(a for part in parts for a in part)))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_random_sequences_list_the_same_with_and_without_the_cache(run, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-list-"))
    try:
        root = base / "vault"
        root.mkdir()
        config = SEQ_CONFIGS[4] if data.draw(st.booleans(), label="circles") else SEQ_CONFIGS[0]
        (root / ".network-md.yaml").write_text(config)
        for i in range(data.draw(st.integers(0, 24), label="many")):  # past a handful: saved
            (root / f"people/m/m{i:02}.md").parent.mkdir(parents=True, exist_ok=True)
            (root / f"people/m/m{i:02}.md").write_bytes(data.draw(contact_text(), label="many"))
        for rel in data.draw(st.lists(st.sampled_from(SEQ_PATHS), max_size=5, unique=True)):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data.draw(contact_text(), label="content"))
        state = {"today": SEQ_DAYS[0]}
        if data.draw(st.booleans(), label="age at start"):
            age(root)
        for i in range(data.draw(st.integers(1, 6), label="steps") + 1):
            if i:
                note(f"step {i}: {step(data, root, state)}")
            for args in data.draw(st.lists(LIST_OPTIONS, min_size=1, max_size=3), label="lists"):
                env = {"COLUMNS": data.draw(st.sampled_from(["", "50", "90"]), label="width")}
                cached = [run(root, *args, today=state["today"], env=env) for _ in range(2)]
                fresh = run(root, "--no-cache", *args, today=state["today"], env=env)
                for got in cached:
                    assert "internal error" not in got.stderr, got.stderr
                    assert (got.exit_code, got.stdout, got.stderr) == (
                        fresh.exit_code,
                        fresh.stdout,
                        fresh.stderr,
                    ), args
    finally:
        shutil.rmtree(base)
