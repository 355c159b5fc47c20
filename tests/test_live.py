"""watch/live.py: what `watch` keeps between batches; a broken config as a problem event."""

from __future__ import annotations

import os

import pytest

from network_md.core.errors import ConfigError, NetworkMdError
from network_md.format.config import parse_config
from network_md.store.vault import Vault
from network_md.watch.live import config_problem

BROKEN = [
    # (config text, line, key, what the problem says)
    (
        "window_days: 0\n",
        1,
        "window_days",
        "window_days: expected a whole number from 1 to 36,500, not '0'",
    ),
    (
        "me: Pat\ndaily:\n  at: '8h'\n",
        3,
        "daily.at",
        "daily.at: expected a time of day like \"08:30\", not '8h'",
    ),
    ("me: Pat\nkinds: {coffee: lunch}\n", 2, "kinds.coffee", None),
    ("me: [unclosed\n", 2, None, None),
    ("- a list\n", 1, None, "expected a mapping of settings, not list"),
    ("dashboard: ../out.md\n", 1, "dashboard", None),
    ("me: 'a: error: b'\nwindow_days: x\n", 2, "window_days", None),  # the text an old regex read
]


@pytest.mark.parametrize(("text", "line", "key", "said"), BROKEN)
def test_a_config_error_carries_its_place_and_watch_reads_the_fields(text, line, key, said):
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    exc = info.value
    assert (exc.path, exc.line, exc.key) == (".network-md.yaml", line, key)
    assert exc.message == f".network-md.yaml:{line}: error: {exc.detail}"
    if said is not None:
        assert exc.detail == said
    problem = config_problem(exc)
    assert (problem.path, problem.line, problem.severity) == (".network-md.yaml", line, "error")
    assert problem.message == exc.detail


def test_a_config_that_is_not_a_file_is_a_config_error_without_a_line(tmp_path):
    (tmp_path / ".network-md.yaml").mkdir()
    with pytest.raises(ConfigError) as info:
        Vault.open(tmp_path)
    assert info.value.line is None
    assert info.value.message == ".network-md.yaml: error: a folder, not a file; make it one"
    assert config_problem(info.value).line is None


def test_a_config_that_is_not_utf8_is_a_problem_of_the_config(tmp_path):
    (tmp_path / ".network-md.yaml").write_bytes(b"me: \xff\n")
    with pytest.raises(ConfigError) as info:
        Vault.open(tmp_path)
    assert info.value.message == ".network-md.yaml: error: not valid UTF-8; re-save it as UTF-8"
    assert config_problem(info.value).message == "not valid UTF-8; re-save it as UTF-8"


def test_an_error_without_a_place_is_shown_under_the_programs_name():
    assert NetworkMdError("no vault here").shown() == "network-md: error: no vault here"
    placed = NetworkMdError("bad", path="people/a.md", line=3)
    assert placed.shown() == placed.message == "people/a.md:3: error: bad"
    assert str(placed) == placed.message


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_dashboard_symlinked_out_of_the_vault_names_its_key_and_line(tmp_path):
    from network_md.format.config import check_paths

    (tmp_path / "out").symlink_to("/tmp")
    text = "me: Pat\ndashboard: out/NETWORK.md\n"
    config, _ = parse_config(text)
    with pytest.raises(ConfigError) as info:
        check_paths(tmp_path, config, text)
    assert (info.value.line, info.value.key) == (2, "dashboard")


def test_errors_keep_their_fields_across_processes():
    import pickle

    from network_md.core.errors import UsageError, WriteError

    for exc in (
        ConfigError(".network-md.yaml", 3, "daily.at", "expected a time"),
        UsageError("no vault here"),
        WriteError("gone", path="people/a.md"),
        NetworkMdError("odd", 7),
    ):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and back.__dict__ == exc.__dict__
        assert back.shown() == exc.shown() and back.exit_code == exc.exit_code
