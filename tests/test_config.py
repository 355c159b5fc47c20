"""parse_config: `.network-md.yaml` (docs/format.md)."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import script_path

from network_md.core.errors import ConfigError, UsageError
from network_md.format.config import DEFAULT, DEFAULT_CIRCLES, SETTINGS, Config, parse_config

FULL = """\
me: Pat Example
contacts: [people, 'team-*']
ignore: [people/archive]
window_days: 200
lookback_days: 20
circles: {inner: 7, family: 2w}
default_circle: close
one_way_gives: 4
ask_unanswered_days: 10
daily: {minutes: 30, items: 3, default_minutes: 10}
kinds: {coffee: met, Intro: GAVE}
git: {autocommit: true}
dashboard: NETWORK.md
"""


def fails(text: str) -> str:
    with pytest.raises(UsageError) as info:
        parse_config(text)
    assert info.value.exit_code == 2
    return info.value.message


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "~\n"])
def test_defaults(text):
    config, problems = parse_config(text)
    assert problems == []
    assert config == DEFAULT
    assert config.me is None
    assert config.contacts == () and config.ignore == ()
    assert config.window_days == 365
    assert config.lookback_days == 30
    assert config.circles == {"inner": 14, "close": 30, "wide": 90, "contact": None}
    assert config.default_circle == "wide"
    assert config.one_way_gives == 3
    assert config.ask_unanswered_days == 14
    assert (config.daily_minutes, config.daily_items, config.default_minutes) == (15, 5, 5)
    assert config.kinds == {}
    assert config.autocommit is False
    assert config.dashboard is None


def test_every_key():
    config, problems = parse_config(FULL)
    assert problems == []
    assert config == Config(
        me="Pat Example",
        contacts=("people", "team-*"),
        ignore=("people/archive",),
        window_days=200,
        lookback_days=20,
        circles={"inner": 7, "close": 30, "wide": 90, "contact": None, "family": 14},
        default_circle="close",
        one_way_gives=4,
        ask_unanswered_days=10,
        daily_minutes=30,
        daily_items=3,
        default_minutes=10,
        kinds={"coffee": "met", "intro": "gave"},
        autocommit=True,
        dashboard="NETWORK.md",
    )
    assert config.kind_of("COFFEE") == "met"
    assert config.kind_of("Thanked-Me") == "thanked-me"
    assert config.kind_of("lunch") is None


def test_contacts_single_string_and_trailing_slash():
    config, _ = parse_config("contacts: people/\nignore: '**/draft-*.md'\n")
    assert config.contacts == ("people",)
    # a leading `/` is stripped: still a folder inside the vault
    assert parse_config("contacts: [./people, '']\n")[0].contacts == ("people",)
    assert config.ignore == ("**/draft-*.md",)


def test_the_documented_example_loads():
    text = """\
me: Pat Example            # your name, for headings
contacts: [people]         # folders or globs; empty = the whole vault
ignore: []                 # globs to skip
window_days: 365
lookback_days: 30
circles: {inner: 14, close: 30, wide: 90, contact: none}
default_circle: wide
one_way_gives: 3
ask_unanswered_days: 14
daily: {minutes: 15, items: 5, default_minutes: 5}
kinds: {coffee: met, intro: gave}   # your words for the canonical kinds
git: {autocommit: false}
dashboard: NETWORK.md      # the file `watch --dashboard` keeps; never read as a contact
"""
    config, problems = parse_config(text)
    assert problems == []
    assert config.contacts == ("people",)
    assert config.circles == DEFAULT_CIRCLES
    assert config.kinds == {"coffee": "met", "intro": "gave"}
    assert config.dashboard == "NETWORK.md"


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("me: Pat\nlookback_days: 30\nwindow_days: abc\n", "window_days", 3),
        ("window_days: 0\n", "window_days", 1),
        ("window_days: -5\n", "window_days", 1),
        ("window_days: true\n", "window_days", 1),
        ("window_days: 2.5\n", "window_days", 1),
        ("lookback_days: x\n", "lookback_days", 1),
        ("me: Pat\none_way_gives: many\n", "one_way_gives", 2),
        ("ask_unanswered_days: []\n", "ask_unanswered_days", 1),
        ("me: Pat\ncircles: 5\n", "circles", 2),
        ("circles:\n  inner: 14\n  close: soon\n", "circles.close", 3),
        ("circles: {inner: 0}\n", "circles.inner", 1),
        ("me: Pat\nkinds: {coffee: nonsense}\n", "kinds.coffee", 2),
        ("kinds:\n  coffee: met\n  lunch: nonsense\n", "kinds.lunch", 3),
        ("kinds: {gave: met}\n", "kinds.gave", 1),
        ("kinds: {'two words': met}\n", "kinds.two words", 1),
        ("kinds: {coffee: 3}\n", "kinds.coffee", 1),
        ("kinds: [coffee]\n", "kinds", 1),
        ("me: Pat\n\ndefault_circle: nope\n", "default_circle", 3),
        ("default_circle: 5\n", "default_circle", 1),
        ("git: {autocommit: maybe}\n", "git.autocommit", 1),
        ("me: Pat\ngit:\n  autocommit: 1\n", "git.autocommit", 3),
        ("git: yes\n", "git", 1),
        ("daily: 5\n", "daily", 1),
        ("daily:\n  minutes: 15\n  items: zero\n", "daily.items", 3),
        ("daily: {default_minutes: 0}\n", "daily.default_minutes", 1),
        ("daily: {minutes: '15'}\n", "daily.minutes", 1),
        ("me: [Pat]\n", "me", 1),
        ("contacts: 5\n", "contacts", 1),
        ("contacts: [people, 5]\n", "contacts", 1),
        ("contacts: [../elsewhere]\n", "contacts", 1),
        ("ignore: [people/../../x]\n", "ignore", 1),
        ("dashboard: [a, b]\n", "dashboard", 1),
    ],
)
def test_wrong_type_or_value_names_the_key_and_the_line(text, key, line):
    message = fails(text)
    assert message.startswith(f".network-md.yaml:{line}: error: {key}: "), message
    assert "\n" not in message


def test_window_days_message_example():
    message = fails("me: Pat\nlookback_days: 30\nwindow_days: abc\n")
    assert message == (
        ".network-md.yaml:3: error: window_days: expected a whole number from 1 to 36,500, not 'abc'"
    )


def test_label_is_used_in_messages():
    with pytest.raises(UsageError, match=r"^vault/.network-md.yaml:1: error: circles: "):
        parse_config("circles: 5\n", label="vault/.network-md.yaml")


@pytest.mark.parametrize(
    ("text", "line"),
    [("window_days: [\n", 2), ("me: Pat\nfoo: bar: baz\n", 2), ("a:\n\tb: 1\n", 2)],
)
def test_invalid_yaml_is_a_usage_error_with_a_line(text, line):
    message = fails(text)
    assert message.startswith(f".network-md.yaml:{line}: error: "), message
    assert "YAML" in message


@pytest.mark.parametrize("text", ["- people\n- other\n", "just text\n", "42\n"])
def test_not_a_mapping_is_a_usage_error(text):
    message = fails(text)
    assert re.match(r"\.network-md\.yaml:1: error: ", message), message


def test_unknown_key_is_a_warning_with_its_line():
    config, problems = parse_config("me: Pat\nwindow_dayz: 30\ncolour: blue\n")
    assert config.me == "Pat"
    assert config.window_days == 365
    assert [(p.path, p.line, p.severity) for p in problems] == [
        (".network-md.yaml", 2, "warning"),
        (".network-md.yaml", 3, "warning"),
    ]
    assert "window_dayz" in problems[0].message
    assert "colour" in problems[1].message


def test_unknown_nested_key_is_a_warning():
    config, problems = parse_config(
        "daily:\n  minute: 20\ngit: {autocommit: false, autocomit: true}\n"
    )
    assert config.daily_minutes == 15
    assert [(p.line, p.severity) for p in problems] == [(2, "warning"), (3, "warning")]
    assert "minute" in problems[0].message
    assert "autocomit" in problems[1].message


def test_circles_merge_over_defaults_and_accept_weeks_and_none():
    config, problems = parse_config(
        "circles: {inner: 2w, family: 7, contact: 1y, wide: none, yearly: 1y, monthly: 3m, x: 10d}\n"
    )
    assert problems == []
    assert config.circles == {
        "inner": 14,
        "close": 30,
        "wide": None,
        "contact": 365,
        "family": 7,
        "yearly": 365,
        "monthly": 90,
        "x": 10,
    }


def test_default_circle_may_be_a_new_circle():
    config, _ = parse_config("circles: {family: 7}\ndefault_circle: family\n")
    assert config.default_circle == "family"
    assert config.cadence_of_circle(None) == 7
    assert config.cadence_of_circle("unknown") == 7
    assert config.cadence_of_circle("inner") == 14


def test_default_circle_must_exist_even_if_it_is_a_default_one():
    config, _ = parse_config("default_circle: contact\n")
    assert config.default_circle == "contact"
    assert config.cadence_of_circle(None) is None


def test_kinds_words_are_lowercased():
    config, _ = parse_config("kinds: {Coffee: MET, call-1: got}\n")
    assert config.kinds == {"coffee": "met", "call-1": "got"}


@pytest.mark.parametrize("word", ["withdrew", "Withdrew"])
def test_a_config_that_mapped_withdrew_before_it_was_a_kind_still_loads(word):
    config, warnings = parse_config(f"kinds:\n  coffee: met\n  {word}: declined\n")
    assert config.kinds == {"coffee": "met"} and config.kind_of("withdrew") == "withdrew"
    (w,) = warnings
    assert w.severity == "warning" and w.line == 3 and "now a canonical kind" in w.message


def test_other_canonical_kinds_as_words_are_still_an_error():
    with pytest.raises(UsageError, match="already a canonical kind"):
        parse_config("kinds: {declined: met}\n")


def test_git_autocommit_yaml_booleans():
    assert parse_config("git: {autocommit: yes}\n")[0].autocommit is True
    assert parse_config("git: {autocommit: false}\n")[0].autocommit is False
    assert parse_config("git:\n")[0].autocommit is False


# --- daily.at and dates.lead_days (the calendar feed and birthdays) ----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('daily: {at: "08:30"}\n', "08:30"),
        ("daily: {at: 08:30}\n", "08:30"),  # YAML keeps a leading zero as text
        ("daily: {at: 8:30}\n", "08:30"),  # YAML 1.1 reads this as 510 (base 60)
        ("daily:\n  at: 12:05\n", "12:05"),
        ("daily: {at: '7:00'}\n", "07:00"),
        ("daily: {at: 23:59}\n", "23:59"),
        ("daily: {at: '00:00'}\n", "00:00"),
        ("daily: {minutes: 20}\n", "08:30"),
        ("daily: {at: null}\n", "08:30"),
    ],
)
def test_daily_at_is_a_time_of_day(text, expected):
    config, problems = parse_config(text)
    assert problems == []
    assert config.daily_at == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("daily: {at: 24:00}\n", "'24:00'"),
        ("daily: {at: '8:60'}\n", "'8:60'"),
        ("daily: {at: 8}\n", "'8'"),
        ("daily: {at: 8.30}\n", "'8.3'"),
        ("daily: {at: 1:02:03}\n", "'1:02:03'"),
        ("daily: {at: 8am}\n", "'8am'"),
        ("daily: {at: true}\n", "'true'"),
        ("daily: {at: [8, 30]}\n", "'[8, 30]'"),
        ("me: Pat\ndaily:\n  minutes: 15\n  at: noon\n", "'noon'"),
    ],
)
def test_daily_at_wrong_value_names_the_key_and_the_line(text, shown):
    message = fails(text)
    line = text[: text.index("at:")].count("\n") + 1
    assert message == (
        f'.network-md.yaml:{line}: error: daily.at: expected a time of day like "08:30", not {shown}'
    )


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("1", 1), ("2", 2), ("365", 365)])
def test_dates_lead_days(value, expected):
    config, problems = parse_config(f"dates: {{lead_days: {value}}}\n")
    assert problems == []
    assert config.lead_days == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("dates: {lead_days: -1}\n", "dates.lead_days"),
        ("dates: {lead_days: 366}\n", "dates.lead_days"),
        ("dates: {lead_days: 10000000000000000000000}\n", "dates.lead_days"),
        ("dates: {lead_days: two}\n", "dates.lead_days"),
        ("dates: {lead_days: 1.5}\n", "dates.lead_days"),
        ("dates: {lead_days: false}\n", "dates.lead_days"),
        ("me: Pat\ndates: 2\n", "dates"),
    ],
)
def test_dates_lead_days_wrong_value_names_the_key(text, key):
    message = fails(text)
    line = text.count("\n")
    assert message.startswith(f".network-md.yaml:{line}: error: {key}: "), message


def test_defaults_of_the_calendar_keys_and_unknown_nested_keys_warn():
    assert (DEFAULT.daily_at, DEFAULT.lead_days) == ("08:30", 2)
    config, problems = parse_config("dates: {lead_days: 3, lead_day: 4}\ndaily: {att: '9:00'}\n")
    assert (config.daily_at, config.lead_days) == ("08:30", 3)
    assert sorted((p.line, p.message) for p in problems) == [
        (1, "unknown setting 'dates.lead_day'"),
        (2, "unknown setting 'daily.att'"),
    ]


def test_init_template_states_the_defaults_of_the_calendar_keys():
    from network_md.store.initfiles import CONFIG_TEMPLATE

    config, problems = parse_config(CONFIG_TEMPLATE)
    assert problems == []
    assert "at: " in CONFIG_TEMPLATE and "lead_days: 2" in CONFIG_TEMPLATE
    assert (config.daily_at, config.lead_days) == (DEFAULT.daily_at, DEFAULT.lead_days)


# --- files the config names stay inside the vault ---------------------------------------------

HUGE = "1" + "0" * 5000


@pytest.mark.parametrize(
    "value",
    ["../victim.txt", "/etc/victim.txt", "~/victim.txt", "notes/../../victim.txt", "..", "C:/x.md"],
)
def test_a_path_key_that_leads_outside_the_vault_names_the_key(value):
    message = fails(f"contacts: [people]\ndashboard: {value!r}\n")
    assert re.match(r"\.network-md\.yaml:2: error: dashboard: .*outside the vault", message)


OUTSIDE = ["/etc", "/people", "~/people", "~", "../x", "..", "people/../../x", "C:/people", "\\etc"]


@pytest.mark.parametrize("key", ["contacts", "ignore", "dashboard"])
@pytest.mark.parametrize("value", OUTSIDE)
def test_every_path_key_refuses_a_path_outside_the_vault_alike(key, value):
    listed = f"[{value!r}]" if key != "dashboard" else repr(value)
    message = fails(f"me: Pat\n{key}: {listed}\n")
    assert re.match(rf"\.network-md\.yaml:2: error: {key}: '.*' is outside the vault", message)


@pytest.mark.parametrize("value", OUTSIDE[:3])
@pytest.mark.parametrize("command", [["check"], ["list"], ["status"], ["today"], ["flags"]])
def test_an_absolute_contacts_folder_is_exit_2_never_an_empty_vault(make_vault, value, command):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"}, config=f"contacts: [{value}]\n")
    r = subprocess.run(
        [script_path(), "--vault", str(root), *command], capture_output=True, text=True
    )
    assert r.returncode == 2 and r.stdout == "", (r.stdout, r.stderr)
    assert "contacts: " in r.stderr and "outside the vault" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_a_contacts_folder_that_does_not_exist_is_a_warning_naming_it(make_vault, run):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"}, config="contacts: [folks]\n")
    r = run(root, "check")
    assert r.exit_code == 0 and "contacts: the folder 'folks' does not exist" in r.stdout


@pytest.mark.parametrize("value", ["NETWORK.md", "./notes/NETWORK.md", "notes/../NETWORK.md"])
def test_a_path_key_inside_the_vault_is_kept_relative(value):
    config, _ = parse_config(f"dashboard: {value}\n")
    assert config.dashboard in ("NETWORK.md", "notes/NETWORK.md")


def _outside_vault(make_vault, tmp_path, how):
    """A vault whose `dashboard:` resolves outside it through a symlink; the victim file."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", "utf-8")
    root = make_vault(
        {"people/ada.md": "---\nname: Ada\n---\n"},
        config="contacts: [people]\ndashboard: board/NETWORK.md\n",
    )
    if how == "file":
        (root / "board").mkdir()
        (root / "board/NETWORK.md").symlink_to(victim)
    else:
        (root / "board").symlink_to(tmp_path)
    return root, victim


@pytest.mark.parametrize("how", ["file", "folder"])
@pytest.mark.parametrize("command", [["status"], ["list", "--json"], ["log", "ada", "met"]])
def test_a_path_key_symlinked_outside_the_vault_is_exit_2_naming_the_key(
    make_vault, tmp_path, run, how, command
):
    root, victim = _outside_vault(make_vault, tmp_path, how)
    result = run(root, *command)
    assert result.exit_code == 2
    assert "dashboard: 'board/NETWORK.md' resolves outside the vault" in result.stderr
    assert result.stderr.startswith(".network-md.yaml:2: error:")
    assert victim.read_text("utf-8") == "keep me\n"
    assert "## Log" not in (root / "people/ada.md").read_text("utf-8")


@pytest.mark.parametrize("how", ["file", "folder"])
def test_watch_never_writes_a_config_dashboard_outside_the_vault(make_vault, tmp_path, how):
    import subprocess

    from helpers import script_path

    root, victim = _outside_vault(make_vault, tmp_path, how)
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", "2026-11-27", "watch"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "dashboard" in done.stderr and "Traceback" not in done.stderr
    assert victim.read_text("utf-8") == "keep me\n"


# --- numbers too large to use -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        (f"window_days: {HUGE}\n", "window_days"),
        ("window_days: 0x" + "f" * 3000 + "\n", "window_days"),
        ("window_days: 0b" + "1" * 9000 + "\n", "window_days"),
        ("window_days: " + ":".join(["59"] * 2000) + "\n", "window_days"),
        ("window_days: 36501\n", "window_days"),
        ("lookback_days: .inf\n", "lookback_days"),
        ("lookback_days: .nan\n", "lookback_days"),
        ("ask_unanswered_days: 99999999999999999999\n", "ask_unanswered_days"),
        ("one_way_gives: 10000001\n", "one_way_gives"),
        ("daily: {minutes: 1441}\n", "daily.minutes"),
        (f"daily: {{minutes: {HUGE}}}\n", "daily.minutes"),
        ("daily: {items: 0x" + "f" * 40 + "}\n", "daily.items"),
        ("daily: {default_minutes: 100000}\n", "daily.default_minutes"),
        ("circles: {x: 99999999999}\n", "circles.x"),
        (f"circles: {{x: {HUGE}}}\n", "circles.x"),
        (f"circles: {{x: {HUGE}d}}\n", "circles.x"),
        ("circles: {x: 200y}\n", "circles.x"),
        (f"kinds: {{coffee: {HUGE}}}\n", "kinds.coffee"),
        (f"git: {{autocommit: {HUGE}}}\n", "git.autocommit"),
        (f"daily: {{at: {HUGE}}}\n", "daily.at"),
        ("daily: {at: " + ":".join(["59"] * 2000) + "}\n", "daily.at"),
        ("daily: {at: 0x" + "f" * 3000 + "}\n", "daily.at"),
        (f"dates: {{lead_days: {HUGE}}}\n", "dates.lead_days"),
        ("dates: {lead_days: .inf}\n", "dates.lead_days"),
        ("dates: {lead_days: 99999999999999999999}\n", "dates.lead_days"),
    ],
)
def test_a_number_too_large_to_use_is_a_wrong_value_naming_the_key(text, key):
    message = fails(text)
    assert f": error: {key}: " in message
    assert len(message) < 300  # quoted short, never thousands of digits


def test_a_huge_number_where_text_is_wanted_is_that_text():
    config, _ = parse_config(f"me: {HUGE}\ncontacts: [0x{'f' * 3000}]\n")
    assert config.me == HUGE and config.contacts == ("0x" + "f" * 3000,)


def test_a_huge_number_in_the_config_is_exit_2_through_the_command(make_vault, run):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"}, config=f"window_days: {HUGE}\n")
    result = run(root, "status")
    assert result.exit_code == 2
    assert result.stderr.startswith(".network-md.yaml:1: error: window_days:")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "value", ["99999999999", f"{HUGE}", f"{HUGE}d", "0x" + "f" * 3000, "1000000w", ".inf", ".nan"]
)
def test_a_huge_cadence_in_a_contact_is_a_problem_not_a_crash(make_vault, run, value):
    root = make_vault({"people/ada.md": f"---\nname: Ada\ncadence: {value}\n---\n## Log\n"})
    result = run(root, "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert [c["name"] for c in json_strict(result.stdout)["contacts"]] == ["Ada"]
    check = run(root, "check")
    assert "cadence" in check.stdout and "internal error" not in check.stderr


def json_strict(text: str):
    import json

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("", "## Log"),
        ('log_heading: "## Interactions"\n', "## Interactions"),
        ("log_heading: '### Log  '\n", "### Log"),
        ('log_heading: "##   Meetings and calls"\n', "## Meetings and calls"),
    ],
)
def test_log_heading(text, heading):
    config, problems = parse_config(text)
    assert problems == [] and config.log_heading == heading


@pytest.mark.parametrize(
    "value",
    ["Interactions", '"#Interactions"', '"## "', "42", "[a]", '"####### Deep"', '"## a\\nb"'],
)
def test_log_heading_must_be_one_markdown_heading(value):
    message = fails(f"log_heading: {value}\n")
    assert message.startswith(".network-md.yaml:1: error: log_heading:")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("me: {a: .nan}\n", "not '{a: .nan}'"),
        ("default_circle: [.nan]\n", "'[.nan]' is not one of the circles"),
        ("kinds: {zz: [.inf]}\n", "'[.inf]' is not one of the kinds"),
        ("git: {autocommit: !!binary aGVsbG8=}\n", "not 'hello'"),
        ("daily: {minutes: [1, 2]}\n", "not '[1, 2]'"),
    ],
)
def test_config_messages_quote_values_as_yaml_like_text(text, quoted):
    message = fails(text)
    assert quoted in message and "{'" not in message and "b'" not in message


@pytest.mark.parametrize(
    "text", ["me: [" + "x" * 15_000 + "]\n", "dashboard: " + "../" * 5_000 + "\n"]
)
def test_config_messages_cut_a_long_value(text):
    message = fails(text)
    assert "…" in message and len(message) < 250


@pytest.mark.parametrize("value", [".", "./", "people", "people/", "'.'"])
def test_a_dashboard_that_is_a_folder_is_exit_2_naming_the_key(make_vault, run, value):
    root = make_vault(
        {"people/ada.md": "# Ada\n"}, config=f"contacts: [people]\ndashboard: {value}\n"
    )
    result = run(root, "status")
    assert result.exit_code == 2
    assert "dashboard" in result.stderr and "is a folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- one table of settings --------------------------------------------------------------------


def _written_as(key: str, value: str) -> str:
    section, _, sub = key.rpartition(".")
    return (
        f"# one key\n{section}:\n  {sub}: {value}\n" if section else f"# one key\n{key}: {value}\n"
    )


def test_the_table_is_the_config_type():
    from network_md.format.config import SETTINGS

    assert Config._fields == tuple(s.field for s in SETTINGS)
    assert Config(**{s.field: s.default for s in SETTINGS}) == DEFAULT


@pytest.mark.parametrize("key", [s.key for s in SETTINGS])
def test_every_setting_empty_is_its_default_and_wrong_names_its_key_and_line(key):
    from network_md.format.config import SETTINGS

    setting = next(s for s in SETTINGS if s.key == key)
    config, problems = parse_config(_written_as(key, ""))
    assert getattr(config, setting.field) == setting.default and problems == []
    with pytest.raises(ConfigError) as info:
        parse_config(_written_as(key, "[[1]]"))
    assert info.value.key == key and info.value.line == (3 if "." in key else 2)


def test_the_template_init_writes_holds_every_setting_and_reads_back_as_the_defaults():
    from network_md.format.config import SETTINGS
    from network_md.store.initfiles import CONFIG_TEMPLATE

    config, problems = parse_config(CONFIG_TEMPLATE)
    assert problems == []
    for s in SETTINGS:
        sub = s.key.rpartition(".")[2]
        assert re.search(
            rf"^(# )?(  )?(# )?{sub}: .*# {re.escape(s.doc)}$", CONFIG_TEMPLATE, re.M
        ), s.key
        if s.init is None:
            assert getattr(config, s.field) == s.default, s.key


def test_an_unknown_key_is_a_warning_at_its_line_in_any_section():
    from network_md.format.config import SECTION_KEYS

    for section in SECTION_KEYS:
        _, problems = parse_config(f"me: Pat\n{section}:\n  nope: 1\n")
        assert [(p.line, p.message) for p in problems] == [(3, f"unknown setting '{section}.nope'")]
    _, problems = parse_config("me: Pat\ncircle: {a: 1}\n")
    assert [(p.line, p.message) for p in problems] == [(2, "unknown setting 'circle'")]


# --- a config read back from a cache: sound by the table ---------------------------------------

EVERY_KEY = (
    "me: Pat\ncontacts: [people, team/*]\nignore: [archive/**]\nwindow_days: 200\n"
    "lookback_days: 20\ncircles: {inner: 1w, close: 30, wide: 3m, contact: none, mentors: 1y}\n"
    "default_circle: mentors\none_way_gives: 2\nask_unanswered_days: 10\n"
    "daily: {minutes: 20, items: 3, default_minutes: 7, at: '7:05'}\ndates: {lead_days: 0}\n"
    "kinds: {coffee: met, intro: gave}\ngit: {autocommit: true}\ndashboard: NETWORK.md\n"
    'log_heading: "### Interactions"\n'
    "daily_notes: {folder: Journal, format: YYYY/MM/YYYY-MM-DD}\n"
)


def test_every_config_the_parser_gives_is_sound():
    from network_md.format.config import is_sound

    config, problems = parse_config(EVERY_KEY)
    assert problems == []
    changed = [s.field for s in SETTINGS if getattr(config, s.field) != s.default]
    assert changed == [s.field for s in SETTINGS]  # every setting set to other than its default
    assert is_sound(config) and is_sound(DEFAULT)


# A value of each setting's own type but out of what its reader gives, and one of a wrong type.
NEVER_READ = {
    "me": 3, "contacts": ["people"], "ignore": ("ok", 1), "window_days": 0,
    "lookback_days": True, "circles": {}, "default_circle": "nowhere", "one_way_gives": -1,
    "ask_unanswered_days": 36_501, "daily_minutes": 1_441, "daily_items": 2.5,
    "default_minutes": "5", "daily_at": "25:00", "lead_days": 366, "kinds": {"coffee": "sip"},
    "autocommit": 1, "dashboard": b"NETWORK.md", "log_heading": "Log",
    "daily_notes_folder": 0, "daily_notes_format": ("YYYY",),
}  # fmt: skip


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_a_value_no_reader_gives_is_unsound_for_every_setting(setting):
    from network_md.format.config import is_sound

    config, _ = parse_config(EVERY_KEY)
    assert not is_sound(config._replace(**{setting.field: NEVER_READ[setting.field]}))
    assert not is_sound(config._replace(**{setting.field: object()}))
    if setting.default is not None:
        assert not is_sound(config._replace(**{setting.field: None}))


def test_a_circle_cadence_is_a_number_of_days_or_none():
    from network_md.format.config import is_sound

    for days in (0, -1, 36_501, True, "30"):
        assert not is_sound(DEFAULT._replace(circles={**DEFAULT_CIRCLES, "inner": days}))
    assert is_sound(DEFAULT._replace(circles={**DEFAULT_CIRCLES, "inner": 36_500}))
