"""`list` from the rows kept in the index cache: the same bytes as `--no-cache` on every path
(rows made, kept, partly made again), and each change that must make a row anew does."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import tempfile
from datetime import timedelta
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
from helpers import TODAY, age, as_unprivileged
from hypothesis import given, note
from hypothesis import strategies as st
from seq_helpers import (
    SEQ_CONFIGS,
    SEQ_DAYS,
    SEQ_PATHS,
    contact_text,
    drop_dangling_link,
    log_line,
    sequence_settings,
    step,
)

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
    run(root, "list")  # the table's half of every row, beside the items
    before = cache_path(root).read_bytes(), _rows_file(root).read_bytes()
    _same_lists(run, root)
    assert (cache_path(root).read_bytes(), _rows_file(root).read_bytes()) == before  # no write


@pytest.mark.parametrize("first", [("list",), ("list", "--json")])
def test_a_row_makes_only_the_half_asked_for(make_vault, run, first):
    """The first `list` of a day makes the table's cells or the JSON items, not both; the
    other `list` adds the other half to the kept rows, and then both are read."""
    root = _vault(make_vault)
    run(root, *first)
    _, rows = _rows(root)
    json = "--json" in first
    assert all((r[1] is not None) == json and (r[0][1] is not None) != json for r in rows.values())
    other = ("list",) if json else ("list", "--json")
    run(root, *other)
    _, rows = _rows(root)
    assert all(r[1] is not None and r[0][1] is not None for r in rows.values())
    before = _rows_file(root).read_bytes()
    _same_lists(run, root, columns=("",))
    assert _rows_file(root).read_bytes() == before


def test_rows_alone_rewrite_the_head_not_the_tail(make_vault, run):
    """A `list` that changed only rows (a new day, no file touched) writes the index cache as
    it read it, the rows pointer alone replaced: the tail byte for byte, every other key of the
    head the same; and every command reads it as before."""
    root = _vault(make_vault)
    run(root, "status")
    run(root, "status")  # nothing touched any more
    head_raw, tail = split_cache(cache_path(root).read_bytes())
    before = marshal.loads(unsealed_head(root))
    run(root, "list", today="2026-12-01")
    after = marshal.loads(unsealed_head(root))
    assert split_cache(cache_path(root).read_bytes())[1] == tail
    assert after["rows"][2] == 739951 and before.get("rows") != after["rows"]
    assert {k: v for k, v in after.items() if k != "rows"} == {
        k: v for k, v in before.items() if k != "rows"
    }
    assert_same(run, root, READS)
    _same_lists(run, root, "2026-12-01", columns=("",))


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
        rows.write_bytes(flip(blob, split + (len(blob) - split) // 2))
    elif damage == "texts":
        rows.write_bytes(flip(blob, split // 2))
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


IVO = "---\nname: Ivo\nintroduced_by: '[[Ada Lovelace]]'\n---\n- 2026-11-10 met: first\n"
INTROS = {  # Ada introduced Ivo, Dee introduced Jo (in her log): both loops open on T
    "people/ivo.md": IVO,
    "people/dee.md": FILES["people/dee.md"] + "- 2026-11-01 got: an intro to [[Jo Park]]\n",
    "people/jo.md": "# Jo Park\n- 2026-11-15 met: lunch\n",
}


def _introducing_vault(make_vault) -> Path:
    return _vault(make_vault, INTROS)


def _item(out: str, path: str) -> dict:
    return next(c for c in json.loads(out)["contacts"] if c["path"] == path)


def test_introductions_are_listed_from_kept_rows(make_vault, run):
    root = _introducing_vault(make_vault)
    _same_lists(run, root, columns=("",))
    out = run(root, "list", "--json").stdout
    assert _item(out, "people/ivo.md")["introduced_by"] == "people/ada.md"
    assert _item(out, "people/jo.md")["introduced_by"] == "people/dee.md"
    assert "close-the-loop" in _item(out, "people/ada.md")["flags"]
    assert "close-the-loop" in _item(out, "people/dee.md")["flags"]
    assert _rows(root) is not None
    before = cache_path(root).read_bytes(), _rows_file(root).read_bytes()
    _same_lists(run, root, columns=("",))
    assert (cache_path(root).read_bytes(), _rows_file(root).read_bytes()) == before


def test_kept_rows_serve_an_introducing_vault(make_vault, run):
    """The kept rows print (a tampered one shows), and a change to an introduction makes again
    only the rows it moved: Ada's (her nudge gone), not Bob's."""
    root = _introducing_vault(make_vault)
    run(root, "list", "--json")
    blob = _rows_file(root).read_bytes()
    for name, kept in ((b"Ada Lovelace", b"Ada KeptRows"), (b"Bob Builder", b"Bob KeptRow")):
        blob = blob.replace(b'"name": "%s"' % name, b'"name": "%s"' % kept)  # the same length
    _pointed(root, blob)
    out = run(root, "list", "--json").stdout
    assert '"name": "Ada KeptRows"' in out and '"name": "Bob KeptRow"' in out
    (root / "people/ivo.md").write_text(IVO.replace("introduced_by", "met_via"))
    out = run(root, "list", "--json").stdout
    assert '"name": "Ada Lovelace"' in out and '"name": "Bob KeptRow"' in out
    assert "close-the-loop" not in _item(out, "people/ada.md")["flags"]


@pytest.mark.parametrize(
    "change",
    [
        "introduction added",
        "introduction added in a log",
        "an earlier got by another",
        "introduction removed",
        "introduced contact deleted",
        "introduced contact deleted, saved by status",
        "thanked",
        "gave",
        "later entry only",
        "introducer renamed",
        "introducer's name edited",
        "introducer made ambiguous",
        "introducer archived",
        "new day",
        "day before the meeting",
    ],
)
def test_each_change_to_an_introduction_makes_its_rows_again(make_vault, run, change):
    root = _introducing_vault(make_vault)
    today = T
    _same_lists(run, root, columns=("",))
    people = root / "people"

    def append(name: str, line: str) -> None:
        (people / name).write_text((people / name).read_text() + line)

    if change == "introduction added":
        (people / "kim.md").write_text(
            "---\nname: Kim\nintroduced_by: Bob Builder\n---\n- 2026-11-12 met: hi\n"
        )
    elif change == "introduction added in a log":  # Cyd's own file untouched
        append("bob.md", "- 2026-11-02 got: an intro to [[Cyd Ng]]\n")
    elif change == "an earlier got by another":  # Bob introduced Jo first: Dee and Jo untouched
        append("bob.md", "- 2026-10-20 got: met [[Jo Park]] through me\n")
    elif change == "introduction removed":
        (people / "ivo.md").write_text(IVO.replace("introduced_by", "met_via"))
    elif change.startswith("introduced contact deleted"):
        (people / "ivo.md").unlink()
        if change.endswith("status"):  # enough gone that status saves: the paths go stale
            for i in range(20):
                (people / f"team/p{i:02}.md").unlink()
            run(root, "status")
    elif change == "thanked":
        append("ada.md", "- 2026-11-26 thanked: for Ivo\n")
    elif change == "gave":
        append("dee.md", "- 2026-11-20 gave: a book, for Jo\n")
    elif change == "later entry only":  # Ivo's first meeting stays the one that counts
        append("ivo.md", "- 2026-11-20 met: again\n")
    elif change == "introducer renamed":
        run(root, "rename", "Ada Lovelace", "Ada King")
    elif change == "introducer's name edited":  # Ivo's link names no one now; Ivo untouched
        (people / "ada.md").write_text(FILES["people/ada.md"].replace("Lovelace", "King"))
    elif change == "introducer made ambiguous":
        (people / "ada2.md").write_text("# Ada Lovelace\n- 2026-11-01 met: the other one\n")
    elif change == "introducer archived":
        run(root, "archive", "Dee")
    elif change == "new day":  # Ivo's meeting falls out of the lookback
        today = "2026-12-20"
    else:
        today = "2026-11-09"
    _same_lists(run, root, today, columns=("",))
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


INTRO_NAMES = ["Ada", "Bob", "Cyd Ng", "Dee", "Émile", "Zoë", "Jo Park", "Kim", "Lu", "Max"]


@st.composite
def intro_line(draw) -> str:
    """A log entry that may introduce someone (`got` linking them) or close a loop."""
    day = (TODAY + timedelta(days=draw(st.integers(-40, 8)))).isoformat()
    kind = draw(st.sampled_from(["got", "got", "met", "thanked", "gave", "asked"]))
    who = draw(st.sampled_from(INTRO_NAMES))
    text = draw(st.sampled_from([f"an intro to [[{who}]]", "a note", f"[[{who}|them]] again"]))
    box = draw(st.sampled_from(["", "", "[ ] "]))  # a plan introduces no one
    return f"- {box}{day} {kind}: {text}"


@st.composite
def introducing_text(draw) -> bytes:
    """A contact someone may have introduced (`introduced_by`), whose log may introduce others
    or close a loop."""
    name = draw(st.sampled_from(INTRO_NAMES))
    by = draw(st.sampled_from([None, None, *INTRO_NAMES, "[[Bob]]", "[[Cyd Ng|Cyd]]", "Nobody"]))
    front = f"name: {name}\n" + (f"introduced_by: '{by}'\n" if by else "")
    front += draw(st.sampled_from(["", "", "archived: 2026-11-20\n", "snooze_until: 2026-12-01\n"]))
    lines = draw(st.lists(st.one_of(intro_line(), log_line()), max_size=6))
    return ("---\n" + front + "---\n" + "".join(f"{line}\n" for line in lines)).encode()


SEQUENCE_SETTINGS = sequence_settings(30)


@SEQUENCE_SETTINGS
@given(data=st.data())
def test_random_sequences_list_the_same_with_and_without_the_cache(run, data):
    _same_along_a_sequence(run, data, contact_text())


@SEQUENCE_SETTINGS
@given(data=st.data())
def test_random_sequences_with_introductions_list_the_same(run, data):
    """As above, in vaults where people introduced one another: each step may also rewrite a
    contact's introduction."""
    texts = st.one_of(introducing_text(), introducing_text(), contact_text())
    _same_along_a_sequence(run, data, texts, least=6)


def _same_along_a_sequence(run, data, texts, least: int = 0) -> None:
    """A random vault of `texts`, then random steps; after each, random `list`s print the same
    with and without the cache."""
    base = Path(tempfile.mkdtemp(prefix="network-md-list-"))
    try:
        root = base / "vault"
        root.mkdir()
        config = SEQ_CONFIGS[4] if data.draw(st.booleans(), label="circles") else SEQ_CONFIGS[0]
        (root / ".network-md.yaml").write_text(config)
        for i in range(data.draw(st.integers(least, 24), label="many")):  # past a handful: saved
            (root / f"people/m/m{i:02}.md").parent.mkdir(parents=True, exist_ok=True)
            (root / f"people/m/m{i:02}.md").write_bytes(data.draw(texts, label="many"))
        for rel in data.draw(st.lists(st.sampled_from(SEQ_PATHS), max_size=5, unique=True)):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data.draw(texts, label="content"))
        state = {"today": SEQ_DAYS[0]}
        if data.draw(st.booleans(), label="age at start"):
            age(root)
        for i in range(data.draw(st.integers(1, 6), label="steps") + 1):
            if i:
                note(f"step {i}: {_step(data, root, state, texts)}")
            _same_lists_drawn(run, data, root, state["today"])
    finally:
        shutil.rmtree(base)


def _step(data, root: Path, state: dict, texts) -> str:
    """One random step, or a contact rewritten from `texts` (a new introduction, one gone)."""
    if not data.draw(st.integers(0, 2), label="rewrite"):
        rel = data.draw(
            st.sampled_from([*SEQ_PATHS[:5], *(f"people/m/m{i:02}.md" for i in range(6))]),
            label="rewritten",
        )
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        drop_dangling_link(root / rel)
        (root / rel).write_bytes(data.draw(texts, label="rewritten text"))
        return f"rewrite {rel}"
    return step(data, root, state)


def _same_lists_drawn(run, data, root: Path, today: str) -> None:
    for args in data.draw(st.lists(LIST_OPTIONS, min_size=1, max_size=3), label="lists"):
        env = {"COLUMNS": data.draw(st.sampled_from(["", "50", "90"]), label="width")}
        cached = [run(root, *args, today=today, env=env) for _ in range(2)]
        fresh = run(root, "--no-cache", *args, today=today, env=env)
        for got in cached:
            assert "internal error" not in got.stderr, got.stderr
            assert (got.exit_code, got.stdout, got.stderr) == (
                fresh.exit_code,
                fresh.stdout,
                fresh.stderr,
            ), args
