"""A new contact's file: slugify (folded as names are, capped in bytes), render_template and
new_contact_path."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.core.errors import UsageError, WriteError
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact
from network_md.store.newfile import (
    DEFAULT_TEMPLATE,
    SLUG_BYTES,
    Namer,
    new_contact_path,
    render_template,
    slugify,
)

DAY = date(2026, 11, 27)


# --- render_template ---------------------------------------------------------------------------


def test_render_template_parses_back():
    text = render_template(
        DEFAULT_TEMPLATE, "Zoë O'Neil: CTO", "close", ["mentor", "ml"], ["Zo", "#1"], DAY
    )
    c = entries_contact(text.encode())
    assert (c.name, c.circle, c.tags, c.aliases) == (
        "Zoë O'Neil: CTO",
        "close",
        ("mentor", "ml"),
        ("Zo", "#1"),
    )
    assert c.fields["created"] == "2026-11-27"
    assert text.endswith("## Log\n")


def test_render_template_adds_a_log_section_when_the_template_has_none():
    text = render_template("# {{ title }}\nname: {{name}}", "Ada", "wide", [], [], DAY)
    assert text == "# Ada\nname: Ada\n\n## Log\n"


def test_render_template_alias_with_a_comma():
    text = render_template(DEFAULT_TEMPLATE, "Ada", "close", [], ["Lovelace, Ada"], DAY)
    assert entries_contact(text.encode()).aliases == ("Lovelace, Ada",)


def entries_contact(data: bytes):
    contact, problems = parse_contact("people/x.md", data, DEFAULT)
    assert contact is not None and not [p for p in problems if p.severity == "error"], problems
    return contact


# --- slugify and new_contact_path --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Ada Lovelace", "ada-lovelace"),
        ("Zoë Ångström-Øster", "zoe-angstrom-oster"),
        ("José  María\tGarcía", "jose-maria-garcia"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\boot.ini", "boot-ini"),
        ("/abs/path", "abs-path"),
        ("伟 李", "伟-李"),
        ("山田 太郎", "山田-太郎"),
        ("ﬁnn", "finn"),
        ("Ada\x00Null", "ada-null"),
        ("Siobhán O'Brien", "siobhan-obrien"),  # folded as names are: the apostrophe vanishes
        ("Liam O’Reilly", "liam-oreilly"),
        ("Søren Kierkegaard-Ødegård", "soren-kierkegaard-odegard"),
        ("Dr. Amélie Poulain", "dr-amelie-poulain"),
        ("Zoë 🚀 Rocket", "zoe-rocket"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Jörg Straße", "jorg-strasse"),
        ("Иван Йович", "иван-йович"),  # й keeps its breve: another script stays whole
        ("ロイド", "ロイド"),
        ("राम सिंह", "राम-सिंह"),  # Devanagari vowel signs stay on their letters
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["", "   ", "!!!", "...", "../..", "___", "🎉🎉", "/", "—"])
def test_slugify_gives_nothing_for_names_without_letters(name):
    assert slugify(name) == ""


def test_slugify_is_short_and_never_names_a_folder():
    for name in ["a" * 300, "x/" * 100, "Ada" + "-" * 90 + "B", ".hidden", "a/../../b"]:
        slug = slugify(name)
        assert 0 < len(slug) <= 80
        assert (
            "/" not in slug
            and "\\" not in slug
            and not slug.startswith((".", "-"))
            and not slug.endswith("-")
        )


@pytest.mark.parametrize("char", ["𠀀", "😀a", "é", "ø", "ド", "a"])
def test_slugify_fits_a_file_name_in_bytes(char):
    slug = slugify(char * 300)
    assert 0 < len(slug.encode("utf-8")) <= SLUG_BYTES
    assert len(f".{slug}-999.md.XXXXXXXX.tmp".encode()) <= 255  # the temporary file fits too


def test_slug_and_name_fold_alike():
    from network_md.core.names import fold

    for name in ["Ömer Çelik", "O'Brien", "Søren Kierkegaard-Ødegård", "Dr. Amélie", "Zoë 🚀"]:
        assert slugify(name).replace("-", " ") == fold(name)


def test_new_contact_path_stays_inside_and_counts_up(tmp_path):
    (tmp_path / "people").mkdir()
    taken = {tmp_path.resolve() / "people" / "etc-passwd.md"}
    path = new_contact_path(tmp_path, "people", "../../etc/passwd", lambda p: p in taken)
    assert path == tmp_path.resolve() / "people" / "etc-passwd-2.md"
    assert (tmp_path.resolve() / "people") in path.parents


def test_new_contact_path_refusals(tmp_path):
    with pytest.raises(UsageError, match="no letters or digits"):
        new_contact_path(tmp_path, "people", "!!!", lambda p: False)
    with pytest.raises(UsageError, match="outside the vault"):
        new_contact_path(tmp_path, "../elsewhere", "Ada", lambda p: False)


NAMES = ["Ada", "ada", "ADA", "Ada 2", "Ada-3", "Adá", "O'Brien", "OBrien", "伟 李", "!!"]
ON_DISK = ["ada.md", "ada-2.md", "ada-4.md", "obrien.md", "Ada-5.md", "notes.txt", "伟-李.md"]


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.sampled_from(NAMES), max_size=25),
    on_disk=st.lists(st.sampled_from(ON_DISK), unique=True),
    dangling=st.booleans(),
)
def test_the_namer_picks_what_new_contact_path_picks_one_by_one(
    tmp_path_factory, names, on_disk, dangling
):
    root = tmp_path_factory.mktemp("vault")
    (root / "people").mkdir()
    for name in on_disk:
        (root / "people" / name).write_text("x")
    if dangling:  # a link to nowhere is a name in use too (the final link would refuse it)
        (root / "people" / "ada-6.md").symlink_to(root / "nowhere.md")
    namer, planned = Namer(root, "people"), set()
    for name in names:
        taken = lambda p: p in planned or p.exists() or p.is_symlink()  # noqa: E731
        if name == "!!":
            with pytest.raises(UsageError):
                namer.pick(name)
            continue
        expected = new_contact_path(root, "people", name, taken)
        assert namer.pick(name) == expected.relative_to(root.resolve()).as_posix()
        planned.add(expected)


def test_the_namer_asks_the_disk_of_a_name_made_after_it_listed_the_folder(tmp_path):
    (tmp_path / "people").mkdir()
    namer = Namer(tmp_path, "people")
    (tmp_path / "people" / "ada.md").write_text("made meanwhile")
    assert namer.pick("Ada") == "people/ada-2.md"
    assert namer.pick("Ada") == "people/ada-3.md"
    assert namer.pick("!!", "contact") == "people/contact.md"
    assert Namer(tmp_path, "").pick("Ada") == "ada.md"  # the vault's root as contacts folder


def test_the_namer_refuses_a_folder_outside_the_vault(tmp_path):
    with pytest.raises(UsageError, match="outside the vault"):
        Namer(tmp_path, "../elsewhere")
    (tmp_path / "out").symlink_to("/tmp")
    with pytest.raises(WriteError, match="resolves outside the vault"):
        Namer(tmp_path, "out")


def test_render_template_uses_the_configured_heading():
    text = render_template(DEFAULT_TEMPLATE, "Ada", "wide", [], [], DAY, "## Interactions")
    assert "## Interactions\n" in text and "## Log" not in text
    own = render_template("---\nname: {{name}}\n---\n", "Ada", "wide", [], [], DAY, "## Calls")
    assert own.endswith("---\n\n## Calls\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_name_gives_a_safe_file_name(name):
    slug = slugify(name)
    assert len(slug.encode("utf-8")) <= SLUG_BYTES and len(slug) <= 80
    assert "/" not in slug and "\\x00" not in slug and "\\\\" not in slug
    assert not slug.startswith((".", "-")) and not slug.endswith("-")
    assert slugify(slug) == slug  # a slug is its own slug


# --- placeholders give valid YAML for any name -----------------------------------------------------

NAMES = ["Bob: CEO", "null", '"Quoted"', "#x", "- a", "O'Brien", "yes", "[x]", "a\x07b", "~", "@me"]
TEMPLATES = [
    "---\nname: {{name}}\ncircle: {{circle}}\n---\n# {{title}}\n",
    "---\nname: '{{name}}'\ncircle: {{circle}}\nnote: met {{title}} at the fair\nalso: [{{name}}, x]\n---\n",
    '---\nname: "{{name}}"\ncircle: "{{circle}}"\ntitle: "{{title}}"\n---\n',
    "---\nname: '{{name}}'\ncircle: '{{ circle }}'\ntitle: {{title}}\n---\n",
    "---\nname: {{name}}\naliases: {{aliases}}\ntags: {{tags}}\ncreated: '{{date}}'\n---\n",
]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", NAMES)
def test_every_placeholder_form_gives_front_matter_that_reads_back_the_name(template, name):
    text = render_template(template, name, "close", ["go"], ["Bobby"], DAY)
    contact, problems = parse_contact("people/x.md", text.encode(), DEFAULT)
    assert problems == ()
    assert contact.name == name
    assert contact.circle == ("close" if "circle:" in template else None)


@pytest.mark.parametrize("name", ["Bob: CEO", "a: b"])
def test_a_template_that_cannot_hold_the_name_is_refused_in_one_line(name):
    template = "---\nname: {{name}}\nnote: {{title}}: today\n---\n"  # a key of a key
    with pytest.raises(UsageError) as info:
        render_template(template, name, "close", [], [], DAY)
    assert "templates/contact.md" in info.value.message and "\n" not in info.value.message


@pytest.mark.parametrize("name", NAMES)
def test_a_placeholder_inside_other_text_is_filled_as_text(name):
    template = (
        '---\nname: {{name}}\ntitle: Contact card for {{name}}\nquoted: "Dr. {{name}} (met {{date}})"\n'
        "list:\n  - met {{title}} at the fair\n---\n"
    )
    text = render_template(template, name, "close", [], [], DAY)
    contact, problems = parse_contact("people/x.md", text.encode(), DEFAULT)
    assert problems == ()
    assert contact.fields["title"] == f"Contact card for {name}"
    assert contact.fields["quoted"] == f"Dr. {name} (met 2026-11-27)"
    assert contact.fields["list"] == [f"met {name} at the fair"]


def test_a_log_heading_inside_a_code_block_of_the_template_is_not_its_log_section():
    template = "---\nname: {{name}}\n---\n```\n## Log\n```\n"
    text = render_template(template, "Ada", "wide", [], [], DAY)
    assert text.endswith("```\n\n## Log\n")
    front = render_template("---\nname: {{name}}\n## Log\n---\n", "Ada", "wide", [], [], DAY)
    assert front.endswith("---\n\n## Log\n")  # nor is a YAML comment in the front matter
