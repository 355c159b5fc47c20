"""Introductions (who introduced you to whom, whom you introduced) and the close-the-loop nudge:
the pure functions on Contact values, then the commands on real vaults, the cache and `watch`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers import TODAY, ago, contact, o, run_script

from network_md.analysis import introductions as intro
from network_md.analysis.agenda import agenda
from network_md.analysis.stats import analyse
from network_md.format.config import DEFAULT

DAY = TODAY.toordinal()
FIRST = (TODAY - timedelta(days=DEFAULT.lookback_days - 1)).isoformat()  # the lookback's first day
BEFORE_FIRST = (TODAY - timedelta(days=DEFAULT.lookback_days)).isoformat()


def ana(*rows, **kw):
    return contact(list(rows), path="people/ana.md", name="Ana Silva", **kw)


def ben(*rows, **kw):
    return contact(list(rows), path="people/ben.md", name="Ben Ode", **kw)


def find(*contacts):
    return intro.find(contacts, DAY)


def loop(*contacts, today=TODAY):
    return [f for f in analyse(list(contacts), DEFAULT, today).flags if f.rule == "close-the-loop"]


# --- who introduced whom -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "[[Ana Silva]]",
        "[[ana]]",  # the file stem
        "[[people/ana]]",  # the path
        "[[people/ana.md|Ana]]",
        "[[Ana Silva#How we met]]",
        "ana silva",  # a plain name, folded
        "Áná Sílva",
        "Nita",  # an alias
        [["Ana Silva"]],  # YAML's reading of an unquoted [[Ana Silva]]
    ],
)
def test_introduced_by_names_the_introducer_in_every_form(value):
    found = find(ana(aliases=("Nita",)), ben(fields={"introduced_by": value}))
    assert found.by_whom == {
        "people/ben.md": intro.Introduction("people/ana.md", "people/ben.md", None)
    }
    assert found.introducer("people/ben.md") == "people/ana.md"
    assert [i.to for i in found.introduced("people/ana.md")] == ["people/ben.md"]


@pytest.mark.parametrize("key", ["introduced_by", "Introduced By", "introduced-by", "IntroducedBy"])
def test_introduced_by_is_read_however_the_key_is_spelled(key):
    assert find(ana(), ben(fields={key: "[[Ana Silva]]"})).introducer("people/ben.md")


@pytest.mark.parametrize("value", ["[[Nobody]]", "", None, "[[Ben Ode]]", "[[Sam]]", 42, {"a": 1}])
def test_introduced_by_naming_nobody_itself_two_people_or_no_text_introduces_no_one(value):
    sams = [contact(path=f"people/sam{i}.md", name="Sam") for i in (1, 2)]  # `Sam`: ambiguous
    found = intro.find([ana(), ben(fields={"introduced_by": value}), *sams], DAY)
    assert found.by_whom == {}


def test_a_got_that_links_someone_is_an_introduction_on_its_day_the_earliest_wins():
    carla = contact([(ago(20), "got", None, "met [[Ben Ode]] through her")], path="people/carla.md")
    found = find(ana((ago(10), "got", None, "introduced me to [[ben]]")), ben(), carla)
    assert found.by_whom["people/ben.md"] == intro.Introduction(
        "people/carla.md", "people/ben.md", o(ago(20)), ("people/carla.md", 1)
    )
    assert found.edges() == [("people/carla.md", "people/ben.md")]


def test_introduced_by_wins_over_a_got_in_someone_elses_log():
    carla = contact([(ago(20), "got", None, "[[Ben Ode]]")], path="people/carla.md")
    found = find(ana(), ben(fields={"introduced_by": "[[Ana Silva]]"}), carla)
    assert found.introducer("people/ben.md") == "people/ana.md"


@pytest.mark.parametrize("kind", ["met", "asked", "thanked", "got"])
def test_only_a_counted_got_introduces(kind):
    # a plan (dated after today) never counts; neither do the other kinds
    when = ago(-3) if kind == "got" else ago(3)
    found = find(ana((when, kind, None, "about [[Ben Ode]]")), ben())
    assert found.by_whom == {}


def test_open_and_cancelled_boxes_introduce_no_one():
    a = ana((ago(3), "got", None, "[[Ben Ode]]"))
    planned = a._replace(linked=tuple(e._replace(state="plan") for e in a.linked))
    cancelled = a._replace(linked=tuple(e._replace(state="cancelled") for e in a.linked))
    assert find(planned, ben()).by_whom == {} and find(cancelled, ben()).by_whom == {}


def test_a_gave_that_links_someone_means_you_introduced_them_both_ways_once():
    a = ana((ago(9), "gave", None, "put her in touch with [[Ben Ode]]"))
    b = ben((ago(5), "gave", None, "told him about [[Ana Silva]] again"))
    found = find(a, b)
    assert found.mutual == (("people/ana.md", "people/ben.md", o(ago(9))),)
    assert found.you_introduced("people/ana.md") == [("people/ben.md", o(ago(9)))]
    assert found.you_introduced("people/ben.md") == [("people/ana.md", o(ago(9)))]
    assert found.by_whom == {}  # a gave is not someone introducing you


def test_an_entry_that_links_its_own_contact_is_about_the_first_one_linked():
    # A daily note's entry (or one written with --with) is in the log of everyone it links.
    text = "[[Ana Silva]] introduced me to [[Ben Ode]]"
    found = find(ana((ago(4), "got", None, text)), ben((ago(4), "got", None, text)))
    assert found.by_whom == {
        "people/ben.md": intro.Introduction(
            "people/ana.md", "people/ben.md", o(ago(4)), ("people/ana.md", 1)
        )
    }


def test_a_link_to_oneself_or_to_nobody_is_no_introduction():
    found = find(ana((ago(4), "got", None, "me, [[Ana Silva]], and [[Lisbon]]")), ben())
    assert found.by_whom == {} and found.mutual == ()


def test_a_vault_without_links_or_introduced_by_skips_the_link_index():
    assert intro.find([ana((ago(1), "got")), ben()], DAY) is intro.NONE


# --- close-the-loop -------------------------------------------------------------------------------


def test_raised_on_the_introducer_since_the_first_meeting():
    (flag,) = loop(ana((ago(40), "got", None, "[[Ben Ode]]")), ben((ago(3), "met")))
    assert (flag.path, flag.contact, flag.severity, flag.since) == (
        "people/ana.md",
        "Ana Silva",
        "nudge",
        o(ago(3)),
    )
    assert "Ben Ode" in flag.message and ago(3) in flag.message
    assert "introduced you" in flag.advice and "thank" in flag.advice


def test_first_meeting_on_the_lookbacks_first_day_is_raised_the_day_before_is_not():
    got = (ago(60), "got", None, "[[Ben Ode]]")
    assert loop(ana(got), ben((FIRST, "met")))[0].since == o(FIRST)
    assert loop(ana(got), ben((BEFORE_FIRST, "met"))) == []
    # the first meeting decides, even when later ones fall inside the lookback
    assert loop(ana(got), ben((BEFORE_FIRST, "met"), (ago(2), "met"))) == []


@pytest.mark.parametrize("kind", ["thanked", "gave"])
def test_a_thanked_or_gave_on_the_meetings_day_or_after_closes_it(kind):
    got = (ago(20), "got", None, "[[Ben Ode]]")
    assert loop(ana(got, (ago(3), kind)), ben((ago(3), "met"))) == []
    assert loop(ana(got, (ago(1), kind)), ben((ago(3), "met"))) == []
    assert len(loop(ana(got, (ago(4), kind)), ben((ago(3), "met")))) == 1  # before it: still open
    assert len(loop(ana(got, (ago(-2), kind)), ben((ago(3), "met")))) == 1  # a plan: still open


@pytest.mark.parametrize("kind", ["met", "got", "thanked-me", "asked"])
def test_other_kinds_do_not_close_it(kind):
    got = (ago(20), "got", None, "[[Ben Ode]]")
    assert len(loop(ana(got, (ago(2), kind)), ben((ago(3), "met")))) == 1


def test_the_meeting_is_the_first_entry_on_or_after_the_introduction():
    got = (ago(10), "got", None, "[[Ben Ode]]")
    # an entry of Ben's before the introduction is not the meeting it led to
    (flag,) = loop(ana(got), ben((ago(15), "met"), (ago(4), "met")))
    assert flag.since == o(ago(4))
    # the introduction's day itself counts
    assert loop(ana(got), ben((ago(10), "met")))[0].since == o(ago(10))


def test_only_introduced_by_has_no_known_day_so_the_first_entry_ever_is_the_meeting():
    b = ben((ago(20), "met"), (ago(2), "met"), fields={"introduced_by": "[[Ana Silva]]"})
    assert loop(ana(), b)[0].since == o(ago(20))
    old = ben((ago(45), "met"), (ago(2), "met"), fields={"introduced_by": "[[Ana Silva]]"})
    assert loop(ana(), old) == []


def test_a_plan_is_not_the_meeting():
    got = (ago(10), "got", None, "[[Ben Ode]]")
    assert loop(ana(got), ben((ago(-3), "met"))) == []  # dated after today
    assert loop(ana(got), ben()) == []  # no entry yet


def test_archived_or_snoozed_introducer_and_archived_introduced_raise_nothing():
    got = (ago(10), "got", None, "[[Ben Ode]]")
    met = (ago(3), "met")
    assert loop(ana(got, fields={"archived": True}), ben(met)) == []
    assert loop(ana(got, snooze_until=ago(-5)), ben(met)) == []
    assert loop(ana(got), ben(met, fields={"archived": ago(1)})) == []
    assert len(loop(ana(got), ben(met, snooze_until=ago(-5)))) == 1  # Ben's snooze is Ben's
    assert len(loop(ana(got, snooze_until=ago(0)), ben(met))) == 1  # the snooze has ended


def test_one_nudge_per_introducer_the_oldest_meeting_first():
    a = ana((ago(20), "got", None, "[[Ben Ode]] and [[Carla]]"))
    carla = contact([(ago(8), "met")], path="people/carla.md", name="Carla")
    (flag,) = loop(a, ben((ago(4), "met")), carla)
    assert flag.since == o(ago(8)) and "Carla" in flag.message


def test_the_flag_joins_its_contacts_flags_in_the_rules_order_and_the_agenda_after_thank():
    a = ana((ago(20), "got", None, "[[Ben Ode]]"), (ago(2), "asked-me"))
    thanker = contact([(ago(1), "got")], path="people/zed.md")
    result = analyse([a, ben((ago(3), "met")), thanker], DEFAULT, TODAY)
    by_path = {s.contact.path: s for s in result.contacts}
    assert [f.rule for f in by_path["people/ana.md"].flags] == ["thank", "close-the-loop", "reply"]
    assert by_path["people/ben.md"].introduced_by == "people/ana.md"
    assert by_path["people/ana.md"].introduced_by is None
    items = agenda(result.summary())
    assert [(i.action, i.path) for i in items] == [
        ("thank", "people/ana.md"),
        ("thank", "people/zed.md"),
    ]
    # thanked: the loop nudge is its own agenda action, placed after thank and before reply
    a = ana((ago(20), "got", None, "[[Ben Ode]]"), (ago(15), "thanked"))
    replier = contact([(ago(1), "asked-me")], path="people/amy.md")
    items = agenda(analyse([a, ben((ago(3), "met")), thanker, replier], DEFAULT, TODAY).summary())
    assert [i.action for i in items] == ["thank", "close-the-loop", "reply"]
    assert items[1].rule == "close-the-loop" and items[1].path == "people/ana.md"


# --- the commands, on real files ------------------------------------------------------------------

VAULT = {
    "people/ana.md": "---\nname: Ana Silva\n---\n## Log\n"
    f"- {ago(40)} got: introduced me to [[Ben Ode]]\n"
    f"- {ago(30)} gave: put her in touch with [[carla]]\n",
    "people/ben.md": f"---\nname: Ben Ode\n---\n## Log\n- {ago(3)} met: coffee\n",
    "people/carla.md": '---\nname: Carla\nintroduced_by: "[[Ana Silva]]"\n---\n## Log\n'
    f"- {ago(60)} met: hello\n",
    "people/dan.md": f"---\nname: Dan\n---\n## Log\n- {ago(2)} met: no links here\n",
}


def cli(root, *args, cache=True):
    done = run_script(root, *args, *(() if cache else ("--no-cache",)))
    assert done.returncode == 0, done.stderr
    return done.stdout


def loop_flags_of(root, cache=True):
    flags = json.loads(cli(root, "flags", "--json", cache=cache))["flags"]
    return [(f["path"], f["since"]) for f in flags if f["rule"] == "close-the-loop"]


def test_show_json_lists_both_directions(make_vault):
    root = make_vault(VAULT)
    ana_json = json.loads(cli(root, "show", "ana", "--json"))
    assert ana_json["introduced_by"] is None
    assert ana_json["introduced"] == ["people/ben.md", "people/carla.md"]
    assert ana_json["you_introduced"] == ["people/carla.md"]
    assert ana_json["flags"] == ["close-the-loop"]
    ben_json = json.loads(cli(root, "show", "Ben Ode", "--json"))
    assert (ben_json["introduced_by"], ben_json["introduced"], ben_json["you_introduced"]) == (
        "people/ana.md",
        [],
        [],
    )
    carla = json.loads(cli(root, "show", "carla", "--json"))
    assert carla["introduced_by"] == "people/ana.md"
    assert carla["you_introduced"] == ["people/ana.md"]


def test_show_text_names_each_direction(make_vault):
    root = make_vault(VAULT)
    text = cli(root, "show", "ana")
    assert f"introduced you to Ben Ode on {ago(40)}" in text
    assert "introduced you to Carla\n" in text
    assert f"you introduced them to Carla on {ago(30)}" in text
    assert "introduced by Ana Silva\n" in cli(root, "show", "carla")
    assert "Introductions" not in cli(root, "show", "dan")


def test_every_contacts_json_has_introduced_by(make_vault):
    root = make_vault(VAULT)
    for args in (("list", "--json"), ("export", "--format", "json")):
        rows = {c["path"]: c["introduced_by"] for c in json.loads(cli(root, *args))["contacts"]}
        assert rows == {
            "people/ana.md": None,
            "people/ben.md": "people/ana.md",
            "people/carla.md": "people/ana.md",
            "people/dan.md": None,
        }


def test_status_flags_and_today_agree_with_and_without_the_cache(make_vault):
    root = make_vault(VAULT)
    expected = [("people/ana.md", ago(3))]
    assert loop_flags_of(root, cache=False) == expected
    assert loop_flags_of(root) == expected  # builds the cache
    assert loop_flags_of(root) == expected  # from the cache
    status = json.loads(cli(root, "status", "--json"))
    assert status["flags"]["nudge"] == 1
    items = json.loads(cli(root, "today", "--json"))["items"]
    assert [(i["action"], i["rule"], i["path"]) for i in items] == [
        ("close-the-loop", "close-the-loop", "people/ana.md")
    ]
    assert "Close the loop with" in cli(root, "today")


def test_the_cached_summary_follows_changes_in_either_contacts_file(make_vault):
    root = make_vault(VAULT)
    assert loop_flags_of(root) == [("people/ana.md", ago(3))]
    # Ben's file alone changes: an earlier first meeting outside the lookback clears the nudge
    (root / "people/ben.md").write_text(
        f"---\nname: Ben Ode\n---\n## Log\n- {ago(35)} met: first\n- {ago(3)} met: coffee\n",
        encoding="utf-8",
    )
    assert loop_flags_of(root) == [] == loop_flags_of(root, cache=False)
    (root / "people/ben.md").write_text(VAULT["people/ben.md"], encoding="utf-8")
    assert loop_flags_of(root) == [("people/ana.md", ago(3))]
    # Ana thanks: closed
    (root / "people/ana.md").write_text(
        VAULT["people/ana.md"] + f"- {ago(1)} thanked: told her how it went\n", encoding="utf-8"
    )
    assert loop_flags_of(root) == [] == loop_flags_of(root, cache=False)
    # Ben renamed so the link no longer names him: no introduction at all
    (root / "people/ben.md").write_text(
        f"---\nname: Benjamin\n---\n## Log\n- {ago(3)} met: coffee\n", encoding="utf-8"
    )
    (root / "people/ana.md").write_text(VAULT["people/ana.md"], encoding="utf-8")
    assert json.loads(cli(root, "show", "ana", "--json"))["introduced"] == ["people/carla.md"]
    assert loop_flags_of(root) == []


def test_the_watcher_raises_and_clears_it_from_either_file(make_vault):
    from watch_helpers import flags_of, watching

    root = make_vault(VAULT)
    ben_file, ana_file = root / "people/ben.md", root / "people/ana.md"
    with watching(root) as w:
        assert [(f.path, f.rule) for f in w.watcher.live.flags()] == [
            ("people/ana.md", "close-the-loop")
        ]
        ana_file.write_text(VAULT["people/ana.md"] + f"- {ago(1)} gave: news\n", encoding="utf-8")
        events = w.batch_with("people/ana.md")
        assert flags_of(events, "cleared") == [("people/ana.md", "close-the-loop")]
        ana_file.write_text(VAULT["people/ana.md"], encoding="utf-8")
        events = w.batch_with("people/ana.md")
        assert flags_of(events, "raised") == [("people/ana.md", "close-the-loop")]
        # a change in Ben's file alone clears the nudge on Ana
        ben_file.write_text(
            f"---\nname: Ben Ode\n---\n## Log\n- {ago(35)} met: first\n", encoding="utf-8"
        )
        events = w.batch_with("people/ben.md")
        assert flags_of(events, "cleared") == [("people/ana.md", "close-the-loop")]
        ben_file.write_text(VAULT["people/ben.md"], encoding="utf-8")
        events = w.batch_with("people/ben.md")
        assert flags_of(events, "raised") == [("people/ana.md", "close-the-loop")]


def test_the_cache_keeps_the_nudges_across_contacts_with_the_summary_it_belongs_to(make_vault, run):
    from network_md.store.cache import Cache

    root = make_vault(VAULT)
    for _ in range(2):  # builds the cache, then reads it
        flags = json.loads(run(root, "flags", "--json").stdout)["flags"]
        assert [(f["path"], f["rule"]) for f in flags] == [("people/ana.md", "close-the-loop")]
    summary = Cache(root).head["summary"]
    assert summary["introducing"] == ["people/ana.md", "people/carla.md"]
    assert [f[:2] for f in summary["loop"]] == [("close-the-loop", "nudge")]
    # the stored nudges belong to the files as they were: a changed file is never answered
    # from them, whichever command ran in between
    (root / "people/ana.md").write_text(
        VAULT["people/ana.md"] + f"- {ago(1)} thanked: told her\n", encoding="utf-8"
    )
    assert run(root, "show", "ben", "--json").exit_code == 0
    assert loop_flags_of(root) == [] == loop_flags_of(root, cache=False)
    # a vault where no file may hold someone's introduction never looks for one
    plain = make_vault({"people/dan.md": VAULT["people/dan.md"].replace("no links", "[[Ana]]")})
    run(plain, "status")
    assert Cache(plain).head["summary"]["introducing"] == []


def test_renaming_the_introduced_contact_in_watch_clears_the_nudge(make_vault):
    from watch_helpers import flags_of, watching

    root = make_vault(VAULT)
    with watching(root) as w:
        (root / "people/ben.md").write_text(
            f"---\nname: Benjamin\n---\n## Log\n- {ago(3)} met: coffee\n", encoding="utf-8"
        )
        events = w.batch_with("people/ben.md")
        assert flags_of(events, "cleared") == [("people/ana.md", "close-the-loop")]
        (root / "people/ben.md").write_text(
            f"---\nname: Benjamin\naliases: [Ben Ode]\n---\n## Log\n- {ago(3)} met: coffee\n",
            encoding="utf-8",
        )
        events = w.batch_with("people/ben.md")
        assert flags_of(events, "raised") == [("people/ana.md", "close-the-loop")]


@pytest.mark.parametrize(
    "body",
    [
        "- 2026-11-01 got: a [[B]]\n- 2026-11-02 met: x\n",
        "- [ ] 2026-12-01 gave (15m): [[C|see]] plan\n* [x] [[2026-11-03]] 10:30 gave: with [[D]]\n"
        "- [-] 2026-11-04 gave: [[E]]\n  + 2026-11-05 met: `[[F]]` in code\n",
        "- 2026-11-01 got: [[B]]\n```\n- 2026-11-02 got: [[fenced]]\n```\n- 2026-11-03 met: [[C]]\n",
    ],
)
def test_the_entries_that_link_are_kept_alike_by_the_fast_and_the_careful_reader(body):
    from network_md.format.parse import parse_contact

    data = f"---\nname: A\n---\nNotes with [[X]].\n\n## Log\n{body}".encode()
    fast, _ = parse_contact("people/a.md", data, DEFAULT, with_log=False)
    full, _ = parse_contact("people/a.md", data, DEFAULT, with_log=True)
    assert fast.linked == tuple(e for e in full.log if "[[" in e.text)
    assert fast.linked and all(e.path == "people/a.md" for e in fast.linked)
    assert "fenced" not in str(fast.linked) and "[[X]]" not in str(fast.linked)


def test_check_warns_of_an_introduced_by_that_names_two_people(make_vault, run):
    root = make_vault(
        {
            "people/a-sam.md": "---\nname: Sam\n---\n",
            "people/b-sam.md": "---\nname: Sam\n---\n",
            "people/eve.md": '---\nname: Eve\nintroduced_by: "[[Sam]]"\n---\n',
            "people/fay.md": '---\nname: Fay\nIntroduced By: "[[people/a-sam]]"\n---\n',
            "people/gus.md": "---\nname: Gus\nintroduced_by: Nobody Known\n---\n",
        },
        config="contacts: [people, gone]\n",
    )
    result = run(root, "check", "--json")
    assert result.exit_code == 0
    problems = json.loads(result.stdout)["problems"]
    assert [(p["path"], p["severity"]) for p in problems] == [
        (".network-md.yaml", "warning"),  # the missing folder: config problems stay first
        ("people/eve.md", "warning"),
    ]
    message = problems[1]["message"]
    assert message.startswith("introduced_by: [[Sam]] names 2 contacts")
    assert "people/a-sam.md" in message and "people/b-sam.md" in message
    shown = json.loads(run(root, "show", "fay", "--json").stdout)["introduced_by"]
    assert shown == "people/a-sam.md"  # a path names one of them


def test_show_lists_the_introductions_you_made_in_a_vault_with_no_other(make_vault, run):
    root = make_vault(
        {
            "people/olu.md": f"---\nname: Olu\n---\n## Log\n- {ago(60)} gave: introduced him to [[aoife]]\n",
            "people/aoife.md": f"---\nname: Aoife\n---\n## Log\n- {ago(50)} met: hi\n",
            "people/zed.md": "---\nname: Zed\n---\n",
        }
    )
    for _ in range(2):  # cold, then from the cache
        olu = json.loads(run(root, "show", "olu", "--json").stdout)
        aoife = json.loads(run(root, "show", "aoife", "--json").stdout)
        assert (olu["you_introduced"], aoife["you_introduced"]) == (
            ["people/aoife.md"],
            ["people/olu.md"],
        )
        assert olu["introduced"] == aoife["introduced"] == [] and aoife["introduced_by"] is None
        assert json.loads(run(root, "show", "zed", "--json").stdout)["you_introduced"] == []
    assert f"you introduced them to Olu on {ago(60)}" in run(root, "show", "aoife").stdout


def test_the_introductions_own_entry_in_the_introduced_log_is_not_the_meeting():
    # A daily note's entry is in the log of every contact it links, path and line alike.
    text = "[[Ana Silva]] introduced me to [[Ben Ode]]"
    a = ana((ago(10), "got", None, text))
    shared = a.linked[0]
    b = ben((ago(10), "got"), (ago(4), "met"))._replace(linked=(shared,))
    (flag,) = loop(a, b)
    assert flag.since == o(ago(4))  # not the introduction's day
    assert loop(a, ben((ago(10), "got"))._replace(linked=(shared,))) == []  # not met yet
    # another entry of Ben's on the introduction's day is a meeting
    b = ben((ago(10), "got"), (ago(10), "met"))._replace(linked=(shared,))
    assert loop(a, b)[0].since == o(ago(10))


def test_a_daily_notes_got_introduces_the_others_it_links_and_raises_the_nudge(make_vault, run):
    root = make_vault(
        {
            "people/ana.md": "---\nname: Ana Silva\n---\n## Log\n",
            "people/ben.md": "---\nname: Ben Ode\n---\n## Log\n",
            f"Daily/{ago(20)}.md": "# The day\n\n- got: [[Ana Silva]] introduced me to [[Ben Ode]]\n"
            "- a list item that is no entry, about [[Ben Ode]]\n",
            f"Daily/{ago(3)}.md": "- met (30m): coffee with [[Ben Ode]]\n",
        },
        config="contacts: [people]\ndaily_notes: {folder: Daily, format: YYYY-MM-DD}\n",
    )
    ben = json.loads(run(root, "show", "ben", "--json").stdout)
    assert ben["introduced_by"] == "people/ana.md"
    assert json.loads(run(root, "show", "ana", "--json").stdout)["introduced"] == ["people/ben.md"]
    assert loop_flags_of(root) == [("people/ana.md", ago(3))]
    # thanked in a daily note: closed
    (root / f"Daily/{ago(1)}.md").write_text("- thanked: told [[Ana Silva]] it went well\n")
    assert loop_flags_of(root) == [] == loop_flags_of(root, cache=False)
