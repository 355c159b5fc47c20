"""`search TERM...` through the installed script on vaults built here: every term must hold,
folded as names are; `key:value` terms; the lines; the ranking; the JSON; the cache kept in
`.network-md/search` and what happens when files change under it."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from helpers import TODAY, script_path

from network_md.analysis.search import WEIGHTS, parse_terms
from network_md.core.errors import UsageError
from network_md.format import searchtext as z
from network_md.format.config import DEFAULT, parse_config

CONFIG = "contacts: [people]\nkinds: {coffee: met}\n"
ADA = (
    "---\nname: Ada Lovelace\naliases: [Countess of Lovelace]\ntags: [go, remote]\ncircle: close\n"
    "company: Stripe Inc\nTitle: Principal Engineer\nlocation: Lisbon\n---\n# Ada\n\n"
    "Wants remote work; knows Go and Rust.\n\n```\nfenced: kubernetes\n```\n\n## Log\n"
    "- 2026-10-02 asked: restaurant tip\n- 2026-10-03 got: three places\n"
    "- 2026-11-20 coffee: at Café Müller\n"
)
BO = "---\nname: Bo Müller\ncompany: '[[Acme]]'\n---\nKnows Python, wants remote.\n## Log\n- 2026-11-01 gave: golang book\n"
OBRIEN = "# Liam O’Brien\n\nMet at 会议 in Tokyo 🗼.\n\n## Log\n- [ ] 2026-12-01 met: lunch\n"
PEOPLE = {"people/ada.md": ADA, "people/bo.md": BO, "people/liam.md": OBRIEN}


def search(root, *args, columns: int | None = None, code: int = 0):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_MD")}
    if columns:
        env["COLUMNS"] = str(columns)
    else:
        env.pop("COLUMNS", None)
    r = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "search", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == code, (r.stdout, r.stderr)
    return r


def found(root, *terms) -> list[str]:
    """The paths of the results, best first."""
    data = json.loads(search(root, *terms, "--json").stdout)
    return [res["contact"]["path"] for res in data["results"]]


def hits(root, *terms) -> dict[str, list[tuple[int, str]]]:
    data = json.loads(search(root, *terms, "--json").stdout)
    return {
        res["contact"]["path"]: [(h["line"], h["text"]) for h in res["hits"]]
        for res in data["results"]
    }


@pytest.fixture
def vault(make_vault):
    return make_vault(PEOPLE, config=CONFIG)


# --- every term, anywhere, folded ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "paths"),
    [
        (["lovelace"], ["people/ada.md"]),  # name and alias
        (["countess"], ["people/ada.md"]),  # an alias
        (["principal"], ["people/ada.md"]),  # a field (the role)
        (["lisbon"], ["people/ada.md"]),  # any other field's value
        (["rust"], ["people/ada.md"]),  # the notes
        (["kubernetes"], ["people/ada.md"]),  # notes in a fenced block are notes too
        (["restaurant"], ["people/ada.md"]),  # the log
        (["remote"], ["people/ada.md", "people/bo.md"]),
        (["remote", "rust"], ["people/ada.md"]),  # every term must hold
        (["remote", "python"], ["people/bo.md"]),
        (["rust", "python"], []),  # one each: neither holds both
        (["muller"], ["people/bo.md", "people/ada.md"]),  # accents folded
        (["MÜLLER"], ["people/bo.md", "people/ada.md"]),
        (["cafe", "muller"], ["people/ada.md"]),
        (["obrien"], ["people/liam.md"]),  # apostrophes ignored
        (["o'brien"], ["people/liam.md"]),
        (["会议"], ["people/liam.md"]),  # CJK
        (["tokyo 🗼"], ["people/liam.md"]),  # an emoji is not part of a word
        (["acme"], ["people/bo.md"]),  # a link's text
        (["lunch"], ["people/liam.md"]),  # an open plan is log text too
        (["name"], []),  # a known key is not text: only its value is
        (["location"], ["people/ada.md"]),  # any other key's line is text, key and all
        (["nobody"], []),
    ],
)
def test_every_term_must_hold_somewhere_folded(vault, terms, paths):
    assert sorted(found(vault, *terms)) == sorted(paths)


def test_a_term_of_several_words_is_found_as_one_phrase(vault):
    assert found(vault, "knows go") == ["people/ada.md"]
    assert found(vault, "go knows") == []


@pytest.mark.parametrize("term", ["🗼", "***", "'", " ", "·"])
def test_a_term_with_no_letters_is_a_usage_error(vault, term):
    r = search(vault, term, code=2)
    assert r.stdout == "" and "no letters or digits to search for" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_no_term_is_a_usage_error(vault):
    r = search(vault, code=2)
    assert r.stdout == "" and r.stderr.startswith(
        "network-md: error: search needs at least one TERM"
    )


def test_no_match_says_so_and_is_no_error(vault):
    assert search(vault, "nobody").stdout == "No contact holds every term.\n"
    assert json.loads(search(vault, "nobody", "--json").stdout) == {"results": []}


# --- key:value ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "paths"),
    [
        ("company:stripe", ["people/ada.md"]),
        ("Company:STRIPE INC", ["people/ada.md"]),
        ("company:acme", ["people/bo.md"]),  # a link's text
        ("company:lovelace", []),  # in the name, not the company
        ("role:principal", ["people/ada.md"]),  # `Title:` is the role
        ("title:engineer", ["people/ada.md"]),
        ("tag:go", ["people/ada.md"]),
        ("tag:#GO", ["people/ada.md"]),
        ("tag:g", []),  # a tag is matched whole
        ("circle:close", ["people/ada.md"]),
        ("circle:wide", ["people/bo.md", "people/liam.md"]),  # no circle: the default one
        ("relationship:receiving", ["people/ada.md"]),
        ("relationship:one-way", ["people/bo.md"]),
        ("kind:asked", ["people/ada.md"]),
        ("kind:met", ["people/ada.md", "people/liam.md"]),  # a `coffee` is a met; so is a plan
        ("kind:coffee", ["people/ada.md"]),  # the config's word, as written
        ("kind:gave", ["people/bo.md"]),
        ("name:muller", ["people/bo.md"]),
        ("alias:countess", ["people/ada.md"]),
        ("alias:ada", []),
    ],
)
def test_a_key_value_term_holds_in_that_field_only(vault, term, paths):
    assert sorted(found(vault, term)) == sorted(paths)


def test_field_and_text_terms_combine(vault):
    assert found(vault, "company:stripe", "rust") == ["people/ada.md"]
    assert found(vault, "company:stripe", "python") == []
    assert found(vault, "kind:gave", "golang") == ["people/bo.md"]


@pytest.mark.parametrize("term", ["re:invent", "10:30", "location:lisbon", "https://x.org"])
def test_a_key_that_is_no_search_key_is_searched_as_text(make_vault, term):
    root = make_vault(
        {
            "people/cy.md": "---\nname: Cy\n---\nAt re:invent 10:30 with https://x.org.\n",
            "people/di.md": "---\nname: Di\nlocation: Lisbon\n---\n",
        }
    )
    expected = ["people/di.md"] if term.startswith("location") else ["people/cy.md"]
    assert found(root, term) == expected


@pytest.mark.parametrize(
    ("term", "says"),
    [
        ("company:", "needs a value"),
        ("kind:hugged", "no kind 'hugged'; the kinds are: gave, got"),
        ("relationship:friends", "no relationship 'friends'; they are: network"),
        ("circle:family", "no circle 'family'; they are: inner, close, wide, contact"),
    ],
)
def test_a_key_value_that_can_match_nothing_is_a_usage_error(vault, term, says):
    r = search(vault, term, code=2)
    assert r.stdout == "" and says in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_kind_hits_are_the_entry_lines(vault):
    assert hits(vault, "kind:met")["people/ada.md"] == [(21, "- 2026-11-20 coffee: at Café Müller")]
    assert hits(vault, "kind:asked") == {
        "people/ada.md": [(19, "- 2026-10-02 asked: restaurant tip")]
    }


def test_kind_leaves_out_cancelled_entries(make_vault):
    root = make_vault({"people/ed.md": "# Ed\n## Log\n- [-] 2026-11-01 asked: never mind\n"})
    assert found(root, "kind:asked") == [] and found(root, "never") == ["people/ed.md"]


# --- the lines -----------------------------------------------------------------------------------


def test_hits_are_path_line_text_of_every_matching_line(vault):
    assert hits(vault, "remote") == {
        "people/ada.md": [(4, "tags: [go, remote]"), (12, "Wants remote work; knows Go and Rust.")],
        "people/bo.md": [(5, "Knows Python, wants remote.")],
    }
    text = search(vault, "remote").stdout.splitlines()
    assert "  people/ada.md:4: tags: [go, remote]" in text
    assert "  people/bo.md:5: Knows Python, wants remote." in text
    assert text[0].startswith("Ada Lovelace · Stripe Inc · receiving")


def test_line_numbers_hold_with_a_bom_crlf_and_no_front_matter(make_vault):
    root = make_vault(
        {
            "people/a.md": b"\xef\xbb\xbf---\r\nname: A\r\n---\r\nfoo bar\r\n",
            "people/b.md": "\n\nfoo\n",
        }
    )
    assert hits(root, "foo") == {"people/a.md": [(4, "foo bar")], "people/b.md": [(3, "foo")]}


def test_a_name_from_the_file_stem_matches_without_a_line(make_vault):
    root = make_vault({"people/zoe-quinn.md": "Notes only.\n"})
    assert hits(root, "quinn") == {"people/zoe-quinn.md": []}


def test_text_output_never_passes_control_characters_and_fits_the_terminal(make_vault):
    evil = "---\nname: Eve\n---\nsecret \x1b]0;owned\x07 \x1b[2J word " + "long " * 40 + "\n"
    root = make_vault({"people/eve.md": evil})
    out = search(root, "secret", columns=60).stdout
    assert "\x1b" not in out and "\x07" not in out and "secret" in out
    assert all(len(line) <= 60 for line in out.splitlines())
    (hit,) = json.loads(search(root, "secret", "--json").stdout)["results"][0]["hits"]
    assert hit["text"] == evil.splitlines()[3]  # JSON carries the line as written


def test_text_shows_five_lines_a_contact_and_says_how_many_more(make_vault):
    log = "".join(f"- 2026-11-{d:02d} met: tea {d}\n" for d in range(1, 9))
    root = make_vault({"people/ty.md": "# Ty\n## Log\n" + log})
    out = search(root, "tea").stdout.splitlines()
    assert (
        len(out) == 1 + 5 + 1 and out[-1] == "  … and 3 more matching lines (--json has them all)"
    )
    assert len(hits(root, "tea")["people/ty.md"]) == 8


def test_text_shows_the_best_twenty_and_says_how_many_more(make_vault):
    from network_md.cli.search import SHOWN

    files = {
        f"people/p{i:02d}.md": f"# P{i:02d}\n" + "owl\n" * (1 + i % 3) for i in range(SHOWN + 4)
    }
    root = make_vault(files)
    out = search(root, "owl").stdout.splitlines()
    heads = [line for line in out if not line.startswith("  ")]
    assert len(heads) == SHOWN + 1 and heads[-1] == "… and 4 more contacts: `--all` lists every one"
    assert heads[0].startswith("P02 ")  # three lines beat one or two; then by name
    every = search(root, "owl", "--all").stdout.splitlines()
    assert len([line for line in every if not line.startswith("  ")]) == SHOWN + 4
    assert len(json.loads(search(root, "owl", "--json").stdout)["results"]) == SHOWN + 4


# --- best first ----------------------------------------------------------------------------------


def test_results_best_first_name_alias_company_tag_field_notes_log(make_vault):
    files = {
        "people/log.md": "---\nname: L\n---\n## Log\n- 2026-11-01 met: zed\n",
        "people/note.md": "---\nname: N\n---\nzed\n",
        "people/field.md": "---\nname: F\nplace: zed\n---\n",
        "people/tag.md": "---\nname: T\ntags: [zed]\n---\n",
        "people/company.md": "---\nname: C\ncompany: zed\n---\n",
        "people/alias.md": "---\nname: A\naliases: [zed]\n---\n",
        "people/name.md": "---\nname: Zed\n---\n",
    }
    order = ["name", "alias", "company", "tag", "field", "note", "log"]
    assert found(make_vault(files), "zed") == [f"people/{n}.md" for n in order]


def test_a_word_start_beats_the_inside_of_a_word_and_more_lines_win_ties(make_vault):
    files = {
        "people/a.md": "# A\nbazaar\n",  # inside a word
        "people/b.md": "# B\nthe zaar\n",  # a word's start
        "people/c.md": "# C\nzaar\nzaar again\n",  # a word's start, twice
        "people/d.md": "# D\nzaar\n",
    }
    assert found(make_vault(files), "zaar") == [
        "people/c.md", "people/b.md", "people/d.md", "people/a.md",
    ]  # fmt: skip


def test_the_weights_rank_as_documented():
    places = [z.NAME, z.ALIAS, z.COMPANY, z.TAG, z.FIELD, z.NOTE, z.ENTRY]
    assert [WEIGHTS[p] for p in places] == sorted((WEIGHTS[p] for p in places), reverse=True)
    assert WEIGHTS[z.STEM] == WEIGHTS[z.NAME] and WEIGHTS[z.ROLE] == WEIGHTS[z.COMPANY]


# --- what is a contact ---------------------------------------------------------------------------


def test_only_contact_files_are_searched(make_vault):
    files = {
        "people/ada.md": "# Ada\nzebra\n",
        "people/NETWORK.md": "zebra on the dashboard\n",
        "people/board.md": "---\nnetwork-md: dashboard\n---\nzebra\n",
        "people/big.md": "# Big\nzebra\n" + "x" * (1024 * 1024),
        "people/bin.md": b"# Bin\nzebra\x00\n",
        "templates/contact.md": "zebra\n",
        "README.md": "zebra\n",
        "notes/other.md": "zebra\n",
    }
    root = make_vault(files, config="contacts: [people]\ndashboard: people/NETWORK.md\n")
    assert found(root, "zebra") == ["people/ada.md"]


@pytest.mark.parametrize(
    "front",
    [
        "name: [Bo\n",  # not YAML
        "name: Bo\nscore: .nan\nbig: " + "9" * 5000 + "\n",
        "name: Bo\nwhen: {{date}}\n",
        "- a list\n",
    ],
)
def test_a_file_with_odd_or_broken_front_matter_is_searched_like_any(make_vault, front):
    root = make_vault({"people/bo.md": f"---\n{front}---\nLikes quokkas.\n"})
    assert found(root, "quokkas") == ["people/bo.md"]
    json.loads(search(root, "quokkas", "--json").stdout)  # strict JSON, whatever the values


# --- the cache -----------------------------------------------------------------------------------


def test_the_cache_follows_every_change_to_the_files(vault):
    assert found(vault, "python") == ["people/bo.md"]
    cache = vault / ".network-md" / "search"
    assert cache.is_file() and (vault / ".network-md" / ".gitignore").read_text() == "*\n"
    bo = vault / "people/bo.md"
    bo.write_text(BO.replace("Python", "Haskell"))
    os.utime(bo, ns=(1, 1))  # an old mtime: only ctime, size and inode tell
    assert found(vault, "python") == [] and found(vault, "haskell") == ["people/bo.md"]
    (vault / "people/new.md").write_text("# New\nPython too\n")
    assert found(vault, "python") == ["people/new.md"]
    (vault / "people/new.md").unlink()
    assert found(vault, "python") == []


def test_files_that_did_not_move_are_not_read_again_and_a_moved_one_is(vault):
    import time

    (vault / "people/huge.md").write_text("python\n" * 200_000)  # too large to be a contact
    time.sleep(2.1)  # older than the clock's granularity: their stamps can be trusted
    assert found(vault, "python") == ["people/bo.md"]
    cache = vault / ".network-md" / "search"
    first, kept = cache.stat(), cache.read_bytes()
    assert found(vault, "python") == ["people/bo.md"]
    again = cache.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)  # not written
    # (the file too large to be a contact included: it is not read again until it changes)
    bo = vault / "people/bo.md"
    before = bo.stat()
    bo.write_text(BO.replace("Python", "Pascal"))  # the same size, in place
    os.utime(bo, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime: only ctime moved
    assert found(vault, "pascal") == ["people/bo.md"] and found(vault, "python") == []
    assert cache.read_bytes() != kept  # written again (an inode may be reused: the bytes tell)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        b"network-md search 1\n\x00\x00\x00\x00xx",
        b"network-md search 2\n\x00\x00\x00\x00xx",
    ],
)
def test_a_damaged_cache_is_rebuilt_never_trusted(vault, damage):
    found(vault, "python")
    cache = vault / ".network-md" / "search"
    good = cache.read_bytes()
    cache.write_bytes(damage or good[: len(good) // 2])
    assert found(vault, "python") == ["people/bo.md"]
    assert cache.read_bytes()[:20] == good[:20]


def test_no_cache_reads_every_file_and_writes_no_cache(vault):
    r = subprocess.run(
        [script_path(), "--vault", str(vault), "--no-cache", "search", "python", "--json"],
        capture_output=True,
        text=True,
    )
    assert (
        r.returncode == 0 and json.loads(r.stdout)["results"][0]["contact"]["name"] == "Bo Müller"
    )
    assert not (vault / ".network-md" / "search").exists()


# --- the terms as pure values --------------------------------------------------------------------


def test_parse_terms_folds_values_and_names_the_keys():
    config = parse_config(CONFIG)[0]
    terms = parse_terms(["Müller", "Title:CTO", "tags:#Go", "KIND:Coffee", "circle:CLOSE"], config)
    assert [(t.key, t.value) for t in terms] == [
        (None, "muller"), ("role", "cto"), ("tag", "go"), ("kind", "coffee"), ("circle", "close"),
    ]  # fmt: skip
    with pytest.raises(UsageError):
        parse_terms([], DEFAULT)


def test_many_matches_come_from_the_index_and_say_what_few_would(make_vault):
    from network_md.cli.search import PARSE_AT_MOST

    n = PARSE_AT_MOST + 50
    files = {
        f"people/p{i:04d}.md": f"---\nname: Pat {i:04d}\ncompany: Acme {i % 7}\n---\nlikes yak\n"
        f"## Log\n- 2026-11-{1 + i % 20:02d} {'got' if i % 3 else 'gave'}: yak wool\n"
        for i in range(n)
    }
    root = make_vault(files)
    many = json.loads(search(root, "yak", "company:acme", "--json").stdout)["results"]
    assert (root / ".network-md" / "index").is_file()  # their contacts came from the index
    assert len(many) == n and all([h["line"] for h in r["hits"]] == [3, 5, 7] for r in many)
    by_path = {r["contact"]["path"]: r for r in many}
    for i in (0, 7, n - 1):
        (few,) = json.loads(search(root, "yak", f"name:pat {i:04d}", "--json").stdout)["results"]
        same = by_path[f"people/p{i:04d}.md"]
        assert few["contact"] == same["contact"]  # parsed alone, or from the index: the same
        assert [h["line"] for h in few["hits"]] == [2, 5, 7]


def test_a_field_term_works_out_the_numbers_only_of_the_results_shown(make_vault, run, monkeypatch):
    # `tag:` and `company:` are answered by the contact; `relationship:` and `circle:` by its
    # numbers, which then every candidate needs (and they say what the plain path says)
    from network_md.analysis import stats

    files = {
        f"people/p{i:02d}.md": f"---\nname: Pat {i:02d}\ntags: [yak]\ncircle: close\n---\n"
        f"- 2026-11-{1 + i % 20:02d} {'gave' if i % 2 else 'got'}: wool\n"
        for i in range(30)
    }
    root = make_vault(files)
    worked_out = []
    real = stats.contact_stats

    def counting(contact, *args, **kw):
        worked_out.append(contact.path)
        return real(contact, *args, **kw)

    monkeypatch.setattr(stats, "contact_stats", counting)
    assert run(root, "search", "tag:yak").exit_code == 0
    assert len(set(worked_out)) == 20  # the 20 shown, not the 30 that match
    for terms in (("tag:yak", "relationship:one-way"), ("wool", "circle:close")):
        worked_out.clear()
        cached = run(root, "search", *terms, "--json")
        assert len(set(worked_out)) == 30
        assert cached.stdout == run(root, "--no-cache", "search", *terms, "--json").stdout
    one_way = json.loads(run(root, "search", "tag:yak", "relationship:one-way", "--json").stdout)
    assert len(one_way["results"]) == 15
