"""watchdog's side of `watch`: an observer on the vault, and which events are worth a batch."""

from __future__ import annotations

import os
from pathlib import Path

from network_md.core.errors import NetworkMdError
from network_md.format.config import CONFIG_NAME

SWAP_SUFFIXES = (".swp", ".swx", ".swo", "~")


def ignored_name(name: str) -> bool:
    """Hidden files and folders, editor swap and backup files, vim's `4913` write probe."""
    return name.startswith(".") or name.endswith(SWAP_SUFFIXES) or name == "4913"


def _rel(path, root: Path, dashboard: Path | None) -> str | None:
    """Vault-relative `/` path of an event path worth a look; None to ignore it."""
    path = os.fsdecode(path)
    if not path:
        return None
    if path == str(root):
        return ""
    prefix = str(root) + os.sep
    if not path.startswith(prefix) or (dashboard and path == str(dashboard)):
        return None
    rel = path[len(prefix) :].replace(os.sep, "/")
    if rel == CONFIG_NAME:
        return rel
    return None if any(ignored_name(part) for part in rel.split("/")) else rel


def event_key(event, root: Path, dashboard: Path | None, wanted=None) -> tuple | None:
    """(is_directory, source, destination) as vault-relative paths, None where a side does not
    matter; None when nothing in the event can matter. `wanted`: which files are contacts."""
    src = _rel(event.src_path, root, dashboard)
    dest = _rel(getattr(event, "dest_path", "") or "", root, dashboard)
    if not event.is_directory:
        keep = wanted or (lambda rel: True)
        src, dest = (
            (r if r is not None and (r == CONFIG_NAME or keep(r)) else None) for r in (src, dest)
        )
    if src is None and dest is None:
        return None
    return (event.is_directory, src, dest)


def files_under(root: Path, rel: str) -> list[str]:
    """Markdown files now on disk under a vault folder (a folder moved or copied in)."""
    found = []
    for folder, dirs, files in os.walk(root / rel):
        dirs[:] = [d for d in dirs if not ignored_name(d)]
        base = Path(folder).relative_to(root).as_posix()
        found += [f"{base}/{f}" for f in files if f.endswith(".md") and not ignored_name(f)]
    return found


def start_observer(root: Path, watcher):
    """A started watchdog observer that hands each event to `watcher.enqueue`."""
    from watchdog import events as ev
    from watchdog.observers import Observer

    class Handler(ev.FileSystemEventHandler):
        def dispatch(self, event):
            watcher.enqueue(event)

    # Opened/closed/attribute events are left out: our own reads would otherwise echo back.
    kinds = [ev.FileCreatedEvent, ev.FileModifiedEvent, ev.FileDeletedEvent, ev.FileMovedEvent,
             ev.DirCreatedEvent, ev.DirDeletedEvent, ev.DirMovedEvent]  # fmt: skip
    observer = Observer()
    try:
        observer.schedule(Handler(), str(root), recursive=True, event_filter=kinds)
        observer.start()  # inotify watches are in place when this returns
    except OSError as exc:
        raise NetworkMdError(
            f"cannot watch {root}: {exc.strerror or exc} (on Linux, a larger fs.inotify.max_user_watches may help)"
        ) from None
    return observer
