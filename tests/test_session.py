"""cli/session.py: what one command works on; here, how a write error names its file (by its
path in the vault, read from the error's `path` field)."""

from __future__ import annotations

import pytest

from network_md.cli.session import Session
from network_md.core.errors import WriteError
from network_md.store.atomic import edit_file, write_file

ADA = "---\nname: Ada\n---\n"


@pytest.fixture
def session(make_vault):
    root = make_vault({"people/team/ada.md": ADA, "people/ada.md": ADA})
    return Session(str(root), "2026-11-27", use_cache=False, debug=False)


def _named(session, path, call) -> WriteError:
    with pytest.raises(WriteError) as caught, session.naming(path):
        call()
    return caught.value


def _refuse(before: bytes) -> bytes:
    raise WriteError("its front matter is never closed with '---'; fix that first")


def test_an_error_naming_the_file_by_its_name_names_its_vault_path(session):
    path = session.root / "people/team/ada.md"
    exc = _named(session, path, lambda: write_file(path, b"x", None))
    assert exc.message == "people/team/ada.md already exists; nothing written"
    assert exc.path == "people/team/ada.md"
    exc = _named(session, path, lambda: edit_file(path, _refuse))
    assert exc.message == (
        "people/team/ada.md: its front matter is never closed with '---'; fix that first"
    )


def test_an_error_naming_its_vault_path_already_is_passed_on_as_it_is(session):
    path = session.root / "people/team/ada.md"
    exc = _named(session, path, lambda: edit_file(path, _refuse, session.root))
    assert exc.message.startswith("people/team/ada.md: its front matter")
    assert exc.message.count("ada.md") == 1


def test_an_error_that_names_no_file_or_another_one_gets_the_file_in_front(session):
    path = session.root / "people/team/ada.md"

    def unnamed():
        raise WriteError("ada.md is what the text says, not the field")

    exc = _named(session, path, unnamed)
    # the text begins with the name, but the field does not say so: nothing is cut from it
    assert exc.message == "people/team/ada.md: ada.md is what the text says, not the field"
    other = session.root / "people/bo.md"
    other.write_text(ADA, encoding="utf-8")
    exc = _named(session, path, lambda: write_file(other, b"x", None))
    assert exc.message == "people/team/ada.md: bo.md already exists; nothing written"
    assert exc.path == "people/team/ada.md"


def test_an_adopted_cache_is_the_sessions_index_and_is_saved_on_close(make_vault):
    from network_md.store.cache import Cache

    root = make_vault({"people/ada.md": ADA})
    s = Session(str(root), "2026-11-27", use_cache=True, debug=False)
    cache = Cache(s.root, s.use_cache)
    index = cache.open_index()
    index.refresh(None)
    s.adopt_cache(cache)
    assert s.cache is cache and s.index is index
    assert [c.name for c in s.index.contacts()] == ["Ada"]
    s.close()
    assert (root / ".network-md" / "index").is_file()
    with pytest.raises(RuntimeError):
        s.adopt_cache(Cache(s.root, s.use_cache))  # two indexes in one command: a bug


def test_a_session_that_never_opened_its_cache_saves_none(make_vault):
    root = make_vault({"people/ada.md": ADA})
    Session(str(root), "2026-11-27", use_cache=True, debug=False).close()
    assert not (root / ".network-md").exists()
    s = Session(str(root), "2026-11-27", use_cache=True, debug=False)
    assert [c.name for c in s.index.contacts()] == ["Ada"]  # opened on first use
    s.close()
    assert (root / ".network-md" / "index").is_file()
