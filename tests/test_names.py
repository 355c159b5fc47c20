"""names.resolve: NAME -> one contact (docs/cli.md)."""

from __future__ import annotations

import unicodedata

import pytest
from helpers import contact
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.core.errors import UsageError
from network_md.core.names import file_stem, fold, resolve


def person(name, path, aliases=()):
    return contact(name=name, path=path, aliases=aliases, cadence=None)


ADA = person("Ada Lovelace", "people/ada-lovelace.md", ["Countess of Lovelace"])
ADAM = person("Adam Smith", "people/adam.md")
ZOE = person("Zoë Quinn", "people/zq.md")
GRACE = person("Grace Hopper", "people/team/amazing-grace.md", ["Grandma COBOL"])
JOSE = person("José Núñez", "people/jose.md")
PEOPLE = [ADA, ADAM, ZOE, GRACE, JOSE]


def usage_error(query, contacts=PEOPLE) -> str:
    with pytest.raises(UsageError) as info:
        resolve(contacts, query)
    assert info.value.exit_code == 2
    return info.value.message


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ada Lovelace", ADA),  # name
        ("Countess of Lovelace", ADA),  # alias
        ("ada-lovelace", ADA),  # file stem
        ("amazing-grace", GRACE),
        ("Grandma COBOL", GRACE),
        ("adam", ADAM),  # the stem, exactly: no ambiguity with the prefix tier
    ],
)
def test_exact_name_alias_or_stem(query, expected):
    assert resolve(PEOPLE, query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ADA LOVELACE", ADA),
        ("  ada lovelace  ", ADA),
        ("zoe quinn", ZOE),
        ("ZOË QUINN", ZOE),
        ("zoe", ZOE),
        ("jose nunez", JOSE),
        ("JOSE", JOSE),
    ],
)
def test_case_and_accents_ignored(query, expected):
    assert resolve(PEOPLE, query) is expected


def test_decomposed_accents_in_the_file_match_composed_queries():
    nfd = person(unicodedata.normalize("NFD", "Zoë Ångström"), "people/z.md")
    assert resolve([nfd, ADA], "zoë ångström") is nfd
    assert resolve([nfd, ADA], "Zoe Angstrom") is nfd
    assert fold("Zoë") == fold(unicodedata.normalize("NFD", "Zoë")) == "zoe"


def test_unique_prefix():
    assert resolve(PEOPLE, "Gra") is GRACE
    assert resolve(PEOPLE, "ada l") is ADA
    assert resolve(PEOPLE, "Countess") is ADA


def test_word_prefix():
    assert resolve(PEOPLE, "Hopper") is GRACE
    assert resolve(PEOPLE, "lovel") is ADA
    assert resolve(PEOPLE, "smi") is ADAM
    assert resolve(PEOPLE, "cobol") is GRACE  # a word of an alias
    assert resolve(PEOPLE, "quinn") is ZOE


def test_word_prefix_in_a_hyphenated_stem():
    kim = person("Kim", "people/kim-from-berlin.md")
    assert resolve([*PEOPLE, kim], "berl") is kim


def test_ambiguous_prefix_lists_the_candidates():
    message = usage_error("ad")
    assert "Ada Lovelace (people/ada-lovelace.md)" in message
    assert "Adam Smith (people/adam.md)" in message
    assert "2" in message
    assert "Grace" not in message


def test_two_contacts_with_the_same_name_are_ambiguous():
    twin = person("Ada Lovelace", "people/other/ada.md")
    message = usage_error("ada lovelace", [ADA, twin, ADAM])
    assert "people/ada-lovelace.md" in message and "people/other/ada.md" in message
    # the file stem still tells them apart
    assert resolve([ADA, twin, ADAM], "ada-lovelace") is ADA


def test_ambiguous_word_prefix():
    a = person("Mary Jones", "people/mary.md")
    b = person("Tom Jones", "people/tom.md")
    message = usage_error("jones", [a, b])
    assert "Mary Jones" in message and "Tom Jones" in message


def test_unknown_name_raises_and_suggests_near_names():
    message = usage_error("Lovelase")
    assert "Lovelase" in message
    assert "Ada Lovelace" in message


def test_unknown_name_without_near_names():
    message = usage_error("Xavier")
    assert "Xavier" in message
    assert "no contact" in message.lower()


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_usage_error(query):
    usage_error(query)


def test_no_contacts_at_all():
    usage_error("ada", [])


def test_many_candidates_are_capped():
    many = [person(f"Sam {i:02d}", f"people/sam-{i:02d}.md") for i in range(15)]
    message = usage_error("sam", many)
    assert "15" in message
    assert "Sam 00" in message and "Sam 09" in message
    assert "Sam 14" not in message
    assert "5 more" in message


# --- folding: what a keyboard cannot type is never needed ----------------------------------------

LIAM = person("Liam O’Reilly", "people/liam.md")
SOREN = person("Søren Kierkegaard-Ødegård", "people/soren.md")
AMELIE = person("Dr. Amélie Poulain", "people/amelie.md")
OBRIEN = person("Siobhán O'Brien", "people/siobhan.md")
ZOE_ROCKET = person("Zoë 🚀 Rocket", "people/zoe-rocket.md")
NAOISE = person("Naoise ʼO Hara", "people/naoise.md")
QUOTED = person('Robert "Bob" Tables', "people/bobby.md")
MARTA = person("Marta Łukasiewicz-Żółć", "people/marta.md")
STRASSE = person("Jörg Straße", "people/jorg.md")
AE = person("Æsa Þórsdóttir", "people/aesa.md")
ODD = [LIAM, SOREN, AMELIE, OBRIEN, ZOE_ROCKET, NAOISE, QUOTED, MARTA, STRASSE, AE, ADA, ADAM]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("liam o'reilly", LIAM),  # a straight apostrophe finds a curly one
        ("liam oreilly", LIAM),
        ("Liam O’Reilly", LIAM),
        ("soren kierkegaard", SOREN),  # ø, and a hyphenated surname
        ("kierkegaard-odegard", SOREN),
        ("kierkegaard odegard", SOREN),
        ("odeg", SOREN),  # a word of a hyphenated surname
        ("dr amelie", AMELIE),  # the dot of a title
        ("amelie poulain", AMELIE),
        ("obrien", OBRIEN),  # no apostrophe at all
        ("siobhan o brien", OBRIEN),
        ("zoe rocket", ZOE_ROCKET),  # an emoji between the words
        ("naoise o hara", NAOISE),  # a modifier-letter apostrophe
        ("robert bob", QUOTED),  # quotes
        ("marta lukasiewicz zolc", MARTA),  # ł, ż, ó, ć
        ("jorg strasse", STRASSE),  # ß
        ("aesa thorsdottir", AE),  # æ, þ
    ],
)
def test_folding_finds_what_a_keyboard_cannot_type(query, expected):
    assert resolve(ODD, query) is expected


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ömer Çelik", "omer celik"),
        ("ŁUKASZ", "lukasz"),
        ("Œuvre Ærø", "oeuvre aero"),
        ("Đorđe", "dorde"),
        ("İsmail", "ismail"),
        ("O’Brien", "obrien"),
        ("Zoë 🚀 Rocket", "zoe rocket"),
        ("👩\u200d👩\u200d👧 family", "family"),  # a ZWJ emoji sequence vanishes whole
        ("A.J.  Smith", "a j smith"),
        ("𝔄𝔡𝔞", "ada"),  # compatibility letters
        (unicodedata.normalize("NFD", "Zoë Ångström"), "zoe angstrom"),
        ("伟 李", "伟 李"),  # other scripts stay themselves
        ("Иван", "иван"),
        ("Ma\u00adry", "mary"),  # a soft hyphen is inside the word
        ("Ada\u202eEvil", "ada evil"),  # a bidi control sits between words
        ("\u200fYosef\u200f Cohen", "yosef cohen"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_sort_key_puts_accented_names_beside_their_letter():
    from network_md.core.names import sort_key

    names = ["Zoë Quinn", "Ömer Çelik", "omar Ali", "Øystein Berg", "Émile", "Ada", "Łukasz"]
    assert sorted(names, key=sort_key) == [
        "Ada",
        "Émile",
        "Łukasz",
        "omar Ali",
        "Ömer Çelik",
        "Øystein Berg",
        "Zoë Quinn",
    ]


# --- a vault-relative path names its contact ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["people/team/amazing-grace.md", "people/team/amazing-grace", "./people/team/amazing-grace.md"],
)
def test_a_vault_relative_path_names_its_contact(query):
    assert resolve(PEOPLE, query) is GRACE


def test_a_file_name_names_its_contact_wherever_its_folder():
    assert resolve(PEOPLE, "amazing-grace.md") is GRACE
    assert resolve(PEOPLE, "ADA-LOVELACE.MD") is ADA
    assert "no contact matches 'people/nobody.md'" in usage_error("people/nobody.md")


def test_a_path_tells_two_people_with_one_name_apart():
    twin = person("Ada Lovelace", "people/other/ada.md")
    assert resolve([ADA, twin], "people/other/ada.md") is twin
    assert resolve([ADA, twin], "people\\ada-lovelace.md") is ADA


def test_no_match_lists_near_names_with_their_paths():
    assert "Ada Lovelace (people/ada-lovelace.md)" in usage_error("Lovelase")


# --- a write never guesses ----------------------------------------------------------------------

SHARMA = person("Priya Sharma", "people/priya-sharma.md", ["Priya"])
PATEL = person("Priya Patel", "people/priya-patel.md")
PRIYAS = [SHARMA, PATEL, ADA]


def write_error(query, words, contacts=PRIYAS) -> str:
    from network_md.core.names import resolve_for_write

    with pytest.raises(UsageError) as info:
        resolve_for_write(contacts, query, tuple(words))
    assert info.value.exit_code == 2
    return info.value.message


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Priya", ["Patel", "sent", "the", "JD"]),  # the name ran on into the text
        ("priya", ["patel"]),
        ("Priya", ["Pat", "sent"]),  # a prefix of the other name
        ("Priya", ["Patel,", "sent"]),  # punctuation folded like the names
    ],
)
def test_a_name_that_runs_on_into_the_text_is_refused(query, words):
    message = write_error(query, words)
    assert "Priya Sharma (people/priya-sharma.md)" in message
    assert "Priya Patel (people/priya-patel.md)" in message
    assert "nothing written" in message


def test_the_same_on_other_scripts_and_punctuation():
    a = person("Søren", "people/soren.md")
    b = person("Søren Ødegård", "people/soren-odegard.md")
    c = person("O'Brien", "people/obrien.md")
    d = person("O'Brien Kelly", "people/obrien-kelly.md")
    e = person("伟", "people/wei.md")
    f = person("伟 李", "people/wei-li.md")
    for query, words in (("Soren", ["odegard"]), ("obrien", ["kelly", "x"]), ("伟", ["李"])):
        assert "people/" in write_error(query, words, [a, b, c, d, e, f])


def test_a_write_names_its_contact_when_nothing_else_fits():
    from network_md.core.names import resolve_for_write

    assert resolve_for_write(PRIYAS, "Priya", ("sent", "the", "JD")) == (SHARMA, 0)
    assert resolve_for_write(PRIYAS, "Priya Patel", ("sent", "the", "JD")) == (PATEL, 0)
    # the same contact's longer name is no other contact: its words are the name, not the text
    assert resolve_for_write(PRIYAS, "Priya", ("Sharma", "sent")) == (SHARMA, 1)
    # quoted text is one word: it names nobody with the name
    assert resolve_for_write(PRIYAS, "Priya", ("Patel sent the JD",)) == (SHARMA, 0)
    # a path names one file, whatever follows
    assert resolve_for_write(PRIYAS, "people/priya-sharma.md", ("Patel", "x")) == (SHARMA, 0)


@pytest.mark.parametrize(
    "argv, text",
    [
        (["gave", "Ada", "Lovelace", "sent", "the", "JD"], "sent the JD"),
        (["gave", "ada", "lovelace", "countess", "x"], "countess x"),  # folded, then text
        (["gave", "Countess", "of", "Lovelace", "a", "book"], "a book"),  # an alias, whole
        (["log", "Ada", "Lovelace", "met"], None),  # KIND is the next word: refused (exit 2)
        (["met", "Ada", "Love", "coffee"], "Love coffee"),  # a prefix of her name is text
    ],
)
def test_words_that_finish_the_contacts_own_name_are_not_its_text(make_vault, run, argv, text):
    ada = "---\nname: Ada Lovelace\naliases: [Countess of Lovelace]\n---\n## Log\n"
    root = make_vault({"people/ada.md": ada, "people/grace.md": "# Grace Hopper\n"})
    result = run(root, *argv)
    body = (root / "people/ada.md").read_text()
    if text is None:
        assert result.exit_code == 2 and "- 2026" not in body
    else:
        assert result.exit_code == 0, result.stderr
        assert body.rstrip("\n").endswith(f": {text}"), body


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent_and_never_case_or_accent_sensitive(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
    assert "  " not in folded and folded == folded.strip()


@given(st.text())
def test_fold_is_each_character_folded_on_its_own(text):
    """`fold` translates through a table of `fold_char`: the same as folding char by char."""
    from network_md.core.names import fold_char

    expected = " ".join("".join(map(fold_char, text)).split())
    assert fold(text) == expected
    assert fold(text + "İß") == " ".join("".join(map(fold_char, text + "İß")).split())


# --- fold_text: the same folding, fast for long text -------------------------------------------


@given(st.text())
def test_fold_text_is_fold(text):
    from network_md.core.names import fold_text

    assert fold_text(text) == fold(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_text_of_ascii_is_fold(text):
    from network_md.core.names import fold_text

    assert fold_text(text) == fold(text)


@given(st.text(st.sampled_from("ab./é"), max_size=10))
def test_a_file_stem_is_what_a_path_object_says(path):
    from pathlib import PurePosixPath

    assert file_stem(path) == PurePosixPath(path).stem
