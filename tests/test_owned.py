"""render/owned.py: which file already there an output may replace, and the places that ask
it (`--output` through cli/output.py, and the files `watch` keeps)."""

from __future__ import annotations

import pytest

from network_md.core.errors import UsageError
from network_md.render.calendar_items import is_feed
from network_md.render.owned import replaceable, starts_with
from network_md.watch.outputs import KeptFile

EMPTY = [b"", b"\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b" \t\r\n\x0b\x0c" * 40]
SOMETHING = [b"x", b"# notes\n", b" " * 100 + b"notes after a long blank start", b"\x00"]


def never(data: bytes) -> bool:
    return False


@pytest.mark.parametrize("data", EMPTY)
def test_a_file_that_holds_nothing_may_be_replaced(data):
    assert replaceable(data, never)


@pytest.mark.parametrize("data", SOMETHING)
def test_a_file_that_holds_something_only_when_it_is_ours(data):
    assert not replaceable(data, never)
    assert replaceable(data, lambda d: True)


def test_starts_with_skips_a_byte_order_mark_and_white_space():
    assert starts_with(b"\xef\xbb\xbf \n{", (b"{",))
    assert starts_with(b"  strict digraph", (b"digraph", b"strict"))
    assert not starts_with(b"# {", (b"{",))


@pytest.mark.parametrize("data", EMPTY)
def test_watch_keeps_a_file_that_holds_nothing(tmp_path, data):
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    kept = KeptFile("--calendar", path, is_feed, "a calendar")
    kept.check()
    assert kept.update(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert path.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize("data", SOMETHING)
def test_watch_refuses_a_file_that_holds_something_else(tmp_path, data):
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    with pytest.raises(UsageError, match="is not a calendar; not replaced"):
        KeptFile("--calendar", path, is_feed, "a calendar").check()
    assert path.read_bytes() == data


@pytest.mark.parametrize("data", EMPTY)
def test_the_dashboard_replaces_a_file_that_holds_nothing(tmp_path, data):
    from network_md.render.dashboard import DashboardFile

    path = tmp_path / "dashboard.md"
    path.write_bytes(data)
    assert DashboardFile(path).update("---\nnetwork-md: dashboard\n---\nhello\n")
    assert path.read_bytes().endswith(b"hello\n")


@pytest.mark.parametrize("data", SOMETHING)
def test_the_dashboard_never_replaces_a_note(tmp_path, data):
    from network_md.core.errors import WriteError
    from network_md.render.dashboard import DashboardFile

    path = tmp_path / "dashboard.md"
    path.write_bytes(data)
    with pytest.raises(WriteError, match="is not a network-md dashboard"):
        DashboardFile(path).update("---\nnetwork-md: dashboard\n---\nhello\n")
    assert path.read_bytes() == data
