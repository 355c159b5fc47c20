"""Front-matter keys folded as Obsidian CRMs write them; the known keys' values."""

from __future__ import annotations

import json

import pytest
from helpers import REAL_WORLD, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.format.config import DEFAULT
from network_md.format.fields import (
    KeyLine,
    birthday_text,
    canonical,
    duplicate_keys,
    is_archived,
    key_lines,
    known,
    link_text,
)
from network_md.format.parse import parse_contact


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Company", "company"),
        ("COMPANY", "company"),
        ("E-mail", "email"),
        ("e_mail", "email"),
        ("Phone Number", "phone"),
        ("phone-number", "phone"),
        ("Birth Day", "birthday"),
        ("birth_day", "birthday"),
        ("Title", "role"),
        ("Position", "role"),
        ("LinkedIn", "linkedin"),
        ("Introduced By", "introduced_by"),
        ("Archived", "archived"),
        ("Social Media", "socialmedia"),  # not a known key: folded, never invented
    ],
)
def test_keys_fold_case_spaces_underscores_hyphens(key, expected):
    assert canonical(key) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("[[Acme Corp]]", "Acme Corp"),
        ("[[companies/jumia]]", "jumia"),  # Obsidian shows the note's name, not its folder
        ("[[work/companies/Müller & Söhne]]", "Müller & Söhne"),
        ("[[companies/jumia#Lagos office]]", "jumia"),
        ("[[companies/jumia|Jumia Group]]", "Jumia Group"),
        ("[[companies/jumia#Lagos|Jumia Lagos]]", "Jumia Lagos"),
        ("[[Acme Corp|Acme]]", "Acme"),
        ("[[Acme Corp#History]]", "Acme Corp"),
        ("[[Acme Corp#^block-id]]", "Acme Corp"),
        ("[[株式会社/東京]]", "東京"),
        ("[[#Team]]", "Team"),  # a heading of this note
        ("[[Acme|]]", "Acme"),  # an empty alias shows the target
        ("Acme [[Corp]]", "Acme [[Corp]]"),  # not one link: text as written
        ("Stripe Inc", "Stripe Inc"),
    ],
)
def test_a_link_value_is_its_text(value, text):
    assert link_text(value) == text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1815-12-10", "1815-12-10"),
        ("--12-10", "--12-10"),
        ("--1210", "--12-10"),
        ("12-10", "--12-10"),
        ("--02-29", "--02-29"),
        ("1992-02-29", "1992-02-29"),
        ("1990-02-28T10:00:00+00:00", "1990-02-28"),
        ("circa 1800", None),
        ("13-40", None),
        ("1990-02-29", None),
        ("2026-13-45", None),
        ("--02-30", None),
        ("--0431", None),
        ("0000-01-01", None),
        (".nan", None),
        (float("nan"), None),
        (None, None),
    ],
)
def test_birthday_forms(value, shown):
    assert birthday_text(value) == shown


def parsed(text: str):
    c, problems = parse_contact("people/x.md", text.encode(), DEFAULT)
    return c, problems


def test_title_case_keys_and_yaml_nested_link_feed_the_known_values():
    c, problems = parsed(
        "---\nName: Max Muster\nAliases: [Maxi]\nTags: [crm]\nCompany: [[Tree Company]]\n"
        "Position: Gardener\nE-mail: max@example.com\nBirth Day: 1990-04-01\n---\n"
    )
    assert problems == ()
    assert (c.name, c.aliases, c.tags) == ("Max Muster", ("Maxi",), ("crm",))
    assert "Name" not in c.fields and "Company" in c.fields  # the file's spelling is kept
    k = known(c.fields)
    assert link_text(k["company"]) == "Tree Company" and k["role"] == "Gardener"
    assert k["email"] == "max@example.com" and birthday_text(k["birthday"]) == "1990-04-01"


def test_the_parsers_own_keys_fold_too():
    c, problems = parsed(
        "---\nCircle: close\nCadence: 2w\nSnooze Until: 2027-01-01\nSnooze-Why: a baby\nAlias: Ad\n---\n"
    )
    assert problems == ()
    assert (c.circle, c.cadence, c.snooze_why, c.aliases) == ("close", 14, "a baby", ("Ad",))
    assert c.snooze_until is not None and c.fields == {}


def test_aliases_mapping_is_a_warning_on_its_line_never_a_python_repr():
    for value in ("{a: 1}", "[Ada, {b: 2}]", "42"):
        c, problems = parsed(f"---\nname: Ada\naliases: {value}\ntags: {{x: 1}}\n---\n")
        assert [(p.line, p.severity) for p in problems] == [(3, "warning"), (4, "warning")]
        assert all("{" not in a and ":" not in a for a in c.aliases + c.tags)
        assert c.aliases in ((), ("Ada",))


def test_a_number_is_a_tag_but_not_an_alias():
    c, problems = parsed("---\naliases: [Ada, 42]\ntags: [2024, go, true]\n---\n")
    assert (c.aliases, c.tags) == (("Ada",), ("2024", "go"))
    assert [p.line for p in problems] == [2, 3]


def test_a_name_that_is_a_mapping_is_not_the_name():
    c, problems = parsed("---\nName:\n  First: Ada\n  Last: L\n---\n")
    assert c.name == "x" and [p.line for p in problems] == [2]


@pytest.mark.parametrize(
    ("value", "archived"),
    [("true", True), ("2026-11-27", True), ("2026-11-28", False), ("false", False)],
)
def test_archived_true_or_a_date_on_or_before_today(value, archived):
    c, _ = parsed(f"---\nArchived: {value}\n---\n")
    assert is_archived(c.fields, TODAY.toordinal()) is archived


def test_list_json_and_the_list_table_show_the_known_keys(make_vault, run):
    root = make_vault(
        {
            "people/max.md": '---\nName: Max Muster\nCompany: "[[Tree Company]]"\nTitle: CTO\n'
            "E-Mail: [max@example.com, m@example.org]\nBirthday: --04-01\n---\n",
            "people/ada.md": "---\nname: Ada\narchived: 2026-01-01\n---\n",
        }
    )
    r = run(root, "list", "--json")
    (max_,) = [c for c in json.loads(r.stdout)["contacts"] if c["name"] == "Max Muster"]
    assert (max_["company"], max_["role"], max_["email"], max_["birthday"]) == (
        "Tree Company", "CTO", "max@example.com", "--04-01",
    )  # fmt: skip
    assert max_["archived"] is False and max_["introduced_by"] is None
    assert [c for c in json.loads(r.stdout)["contacts"] if c["name"] == "Ada"] == []
    archived = json.loads(run(root, "list", "--archived", "--json").stdout)["contacts"]
    (ada,) = [c for c in archived if c["name"] == "Ada"]  # archived: listed with --archived
    assert ada["archived"] is True and ada["company"] is None and ada["birthday"] is None
    text = run(root, "list").stdout.splitlines()
    assert text[0].split()[:2] == ["NAME", "COMPANY"]
    assert "Tree Company" in text[1] and "[[" not in text[1]  # Ada, archived, is not listed


@pytest.mark.parametrize(
    ("key", "json_key", "vcard_line"),
    [("Company", "company", "ORG:"), ("Title", "role", "TITLE:"), ("E-mail", "email", "EMAIL")],
)
@pytest.mark.parametrize(
    ("link", "text"),
    [
        ("[[companies/reddit]]", "reddit"),
        ("[[companies/reddit#Team|Reddit Inc]]", "Reddit Inc"),
        ("[[a/b/c/Zoë#History]]", "Zoë"),
    ],
)
def test_a_link_in_a_folder_is_its_notes_name_in_list_and_every_export(
    make_vault, run, key, json_key, vcard_line, link, text
):
    root = make_vault({"people/pat.md": f'---\nname: Pat\n{key}: "{link}"\n---\n'})
    (c,) = json.loads(run(root, "list", "--json").stdout)["contacts"]
    assert c[json_key] == text
    vcard, csv_text = (run(root, "export", "--format", f).stdout for f in ("vcard", "csv"))
    assert any(line.startswith(vcard_line) and line.endswith(f":{text}")
               for line in vcard.splitlines())  # fmt: skip
    assert text in csv_text.splitlines()[1].split(",") and "[[" not in vcard + csv_text
    (exported,) = json.loads(run(root, "export", "--format", "json").stdout)["contacts"]
    assert exported[json_key] == text and exported["fields"] == {key: link}  # kept as written
    if json_key == "company":
        assert text in run(root, "list").stdout.splitlines()[1]


def test_real_ccrm_notes_show_their_companys_name_without_its_folder(make_vault, run):
    folder = REAL_WORLD / "obsidian-people/ccrm"
    notes = sorted(folder.glob("*.md")) if folder.exists() else []
    if not notes:
        pytest.skip("no real-world notes here")
    root = make_vault({f"people/{n.name}": n.read_bytes() for n in notes})
    companies = [c["company"] for c in json.loads(run(root, "list", "--json").stdout)["contacts"]]
    assert "reddit" in companies and "jumia" in companies
    assert not [c for c in companies if c and "/" in c]
    vcard = run(root, "export", "--format", "vcard").stdout
    assert "ORG:reddit" in vcard and "companies/" not in vcard


def test_real_obsidian_crm_note_exports_its_company(make_vault, run):
    note = REAL_WORLD / "obsidian-people/bryanhogan-obsidian-crm/Max Muster.md"
    if not note.exists():
        pytest.skip("no real-world notes here")
    root = make_vault({"people/Max Muster.md": note.read_bytes()})
    (c,) = json.loads(run(root, "list", "--json").stdout)["contacts"]
    assert (c["name"], c["company"]) == ("Max Muster", "Tree Company")
    vcard = run(root, "export", "--format", "vcard").stdout
    assert "ORG:Tree Company" in vcard and "[[" not in vcard
    csv_text = run(root, "export", "--format", "csv").stdout
    assert "Tree Company" in csv_text


# --- key lines and duplicates --------------------------------------------------------------------


def test_key_lines_are_the_top_level_keys_in_order_duplicates_included():
    fm = "name: Ada\nSnooze Until: 1\n  nested: x\n- item\n# c: x\n'Quoted Key': 2\nname: Bo\n"
    assert [(k.key, k.line) for k in key_lines(fm)] == [
        ("name", 1),
        ("Snooze Until", 2),
        ("Quoted Key", 6),
        ("name", 7),
    ]


@pytest.mark.parametrize(
    ("fm", "dups"),
    [
        ("a: 1\nb: 2\n", []),
        ("snooze_until: 1\nsnooze_until: 2\n", [("snooze_until", "snooze_until")]),
        ("company: 1\nx: 0\nCompany: 2\n", [("company", "Company")]),
        ("Phone-Number: 1\nphone number: 2\n", [("Phone-Number", "phone number")]),
        ("alias: a\naliases: [b]\n", [("alias", "aliases")]),
        ("tags: a\nTag: b\ntags: c\n", [("tags", "Tag"), ("tags", "tags")]),
        ("title: a\nrole: b\n", []),  # two keys that mean one field are not one key written twice
    ],
)
def test_duplicate_keys_fold(fm, dups):
    assert [(a.key, b.key) for a, b in duplicate_keys(fm)] == dups


@pytest.mark.parametrize(
    "keys",
    ["snooze_until: 2027-01-01\nsnooze_until: 2027-02-01\n", "Company: A\ncompany: B\n"],
)
def test_check_warns_about_a_key_written_twice_naming_it_and_its_line(make_vault, run, keys):
    root = make_vault({"people/bo.md": f"---\nname: Bo\n{keys}---\n\n## Log\n"})
    r = run(root, "check")
    key = keys.split("\n")[1].split(":")[0]
    assert f"people/bo.md:4: warning: key '{key}' is written twice (also line 3)" in r.stdout
    problems = json.loads(run(root, "check", "--json").stdout)["problems"]
    assert [(p["line"], p["severity"]) for p in problems] == [(4, "warning")]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("{a: .nan}", "'{a: .nan}'"), ("[{x: 1}]", "'[{x: 1}]'"), ("x" * 15_000, "x…'")],
)
def test_a_birthday_problem_quotes_the_value_as_text_cut_short(make_vault, run, value, shown):
    root = make_vault({"people/bo.md": f"---\nname: Bo\nbirthday: {value}\n---\n"})
    out = run(root, "check").stdout
    assert shown in out and "{'" not in out and len(out) < 300


# --- key_line_numbers: the one finder of key lines (contact front matter and the config) -------

CONFIG_TEXTS = [
    "me: Pat\nwindow_days: 0\n",
    "# a comment: not a key\nme: Pat\n\ndaily:\n  minutes: 15\n  items: 0\ngit:\n  autocommit: 1\n",
    "daily: {minutes: 15, items: 0}\ncircles: {inner: 2w, 'close': x}\n",
    "daily: {items: 5,\n  minutes: 0}\nkinds:\n  coffee: met  # a comment: here\n",
    '"me": Pat\n\'window_days\': 3\nlog_heading: "## Log"\n',
    "circles:\n  inner: 14\n  # close: 30\n  wide: 90\ndefault_circle: wide\n",
]


@pytest.mark.parametrize("text", CONFIG_TEXTS)
def test_key_line_numbers_agree_with_the_yaml_parser(text):
    import yaml

    from network_md.format.fields import key_line_numbers

    expected = {}
    for key, value in yaml.compose(text).value:
        expected[key.value] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                expected[f"{key.value}.{sub.value}"] = sub.start_mark.line + 1
    assert key_line_numbers(text, nested=True) == expected
    tops = {k: v for k, v in expected.items() if "." not in k}
    assert key_line_numbers("\n" + text, first_line=0) == tops  # numbered from any line


FRONT_MATTERS = [
    # (front matter, the top-level keys YAML reads, in order)
    ("name: Ada\nurl: https://x.example/a\n", ["name", "url"]),
    ('"a: b": 1\nname: Ada\n', ["a: b", "name"]),
    ("'Snooze Until': 2027-01-01\n", ["Snooze Until"]),
    ("name:\n  nested: x\n# note: not a key\n", ["name"]),
    ("-odd: 1\nname: Ada\n", ["-odd", "name"]),
    ("name: Ada\r\nrole:\r\n  - x\r\n", ["name", "role"]),
    ("key : spaced\n", ["key"]),
    ("bio: |\n  line: with a colon\n", ["bio"]),
]


@pytest.mark.parametrize(("fm", "keys"), FRONT_MATTERS)
def test_key_lines_find_the_keys_yaml_reads_and_the_merge_driver_takes_the_same(fm, keys):
    """One key-line finder: the parser's line numbers, `set_keys` and the merge driver's keys."""
    import yaml

    from network_md.format.gitmerge import take_front

    assert [kl.key for kl in key_lines(fm)] == keys == list(yaml.safe_load(fm))
    front, _ = take_front(f"---\n{fm}---\n")
    assert [k.split("\0")[0] for k in front.keys] == [canonical(k) for k in keys]


def test_text_with_a_colon_inside_is_not_a_key():
    assert key_lines("a:b\nname: Ada\n") == [KeyLine("name", 2, 4)]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab :#-'\"?\t\r/é\u00a0")), max_size=12),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_the_fast_path_for_plain_keys_finds_what_the_key_pattern_finds(text, end):
    from network_md.format.fields import KEY_LINE, key_of

    line = text + end  # a line, as split or with its newline
    m = KEY_LINE.match(line)
    expected = (next(g for g in m.groups() if g is not None), m.end()) if m else None
    assert key_of(line) == expected
