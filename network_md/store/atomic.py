"""The one way network-md puts bytes on disk: atomic, locked, inside the vault, and never over a
change it did not see.

- The new bytes go to a hidden temporary file in the target's folder (`.NAME.nmd-PID-XXXX.tmp`),
  flushed and synced, then renamed over the target: a reader sees the old file or the new one.
  They may come in pieces, written as made: a large file (a cache) is never held whole.
- The read that an edit starts from, the check that the file still holds those bytes, and the
  rename happen under an exclusive `flock` on the target's folder. Two network-md processes
  writing one file therefore take turns: each edit is made on the bytes the other one left, so
  neither is lost. A program that does not take the lock (an editor) is caught by the check.
- With `root`, the target, every symlink on the way resolved, must lie inside the vault: a
  contact file or folder that leads outside it is read, never written.
- Temporary files that a killed writer left behind are removed by the next command (`sweep`).

Why the folder and not a lock file: a lock on the folder needs no file of its own, so nothing is
left in the vault and nothing could be read as a contact. Where a file system cannot lock a
folder (some network file systems), a hidden `.network-md.lock` in that folder is locked instead;
it is kept, because removing a lock file that another process may be waiting on breaks the lock.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.store.safeopen import NotRegularFile, kind_of, read_regular

OVERWRITE = object()  # `expected` for files network-md owns (dashboard, cache): replace them
LOCK_WAIT_SECONDS = 30.0  # a writer holds the lock for milliseconds; longer means it is stuck
FALLBACK_LOCK = ".network-md.lock"
# `.people.md.nmd-4242-k2j4x9a1.tmp`: the writer's pid says whether it may still be running.
TEMP_NAME = re.compile(r"\..*\.nmd-([0-9]+)-[A-Za-z0-9_]+\.tmp\Z", re.DOTALL)
STALE_SECONDS = 3600.0  # a temporary file this old belongs to no running writer, whatever its pid
_held: dict[str, int] = {}  # folders this process holds locked, with their depth (re-entrant)
_umask: int | None = None
Data = bytes | Iterable[bytes]  # what `write_file` takes: the bytes, or their pieces in order


def is_temp_name(name: str) -> bool:
    """A temporary file of network-md's own naming."""
    return name.startswith(".") and name.endswith(".tmp") and TEMP_NAME.match(name) is not None


def _failed(file, what: str) -> WriteError:
    """The error that nothing was written to `file` (a name or a path), and why."""
    return WriteError(f"{file}: {what}; nothing written", path=str(file))


# --- where a write may go ---------------------------------------------------------------------


def inside(path: Path, root: Path | None) -> Path:
    """`path` with its symlinks resolved; WriteError when `root` is given and it leads outside."""
    real = Path(os.path.realpath(path))
    if root is None:
        return real
    base = Path(os.path.realpath(root))
    if real != base and base not in real.parents:
        shown = _shown(path, root)
        raise WriteError(
            f"{shown} resolves outside the vault (to {real}, through a symlink); "
            "network-md reads it but never writes there; nothing written",
            path=shown,
        )
    return real


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


# --- the lock ---------------------------------------------------------------------------------


@contextmanager
def folder_lock(folder: Path):
    """Hold the exclusive network-md lock on `folder` (re-entrant within this process)."""
    key = os.fspath(folder)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = _lock_fd(folder)
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        os.close(fd)  # closing the descriptor releases the lock


# errnos of a file system that cannot flock a folder (NFS needs a file open for writing)
CANNOT_LOCK_FOLDER = (errno.EBADF, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL)


def _lock_fd(folder: Path) -> int:
    """A descriptor that holds the lock: on the folder itself, else on a hidden file in it."""
    try:
        return _locked(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0), folder)
    except OSError as exc:
        if exc.errno not in CANNOT_LOCK_FOLDER:
            raise _failed(folder, f"cannot be locked ({exc.strerror})") from None
    try:
        return _locked(folder / FALLBACK_LOCK, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, folder)
    except OSError as exc:
        raise _failed(folder, f"cannot be locked ({exc.strerror})") from None


def _locked(path: Path, flags: int, folder: Path) -> int:
    fd = os.open(path, flags, 0o666)
    try:
        if flags & os.O_NONBLOCK and not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _failed(path, kind_of(os.fstat(fd).st_mode))
        _flock(fd, folder)
    except BaseException:  # a timeout, a refusal, Ctrl-C: never keep the descriptor
        os.close(fd)
        raise
    return fd


def _flock(fd: int, folder: Path) -> None:
    """Wait for the exclusive lock (polling, so that a stuck holder ends in a clear error)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteError(
                    f"{folder}: another program has held network-md's lock for "
                    f"{LOCK_WAIT_SECONDS:.0f} seconds; nothing written, try again",
                    path=str(folder),
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)


# --- reading and writing ------------------------------------------------------------------------


def read_for_edit(path: Path) -> bytes:
    """The bytes an edit starts from; clear errors for a missing or unwritable file, and for
    one that is not a regular file (reading a FIFO would wait forever)."""
    name = path.name
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        raise _failed(name, exc.strerror) from None
    except FileNotFoundError:
        raise _failed(name, "the file is gone") from None
    except OSError as exc:
        raise _failed(name, f"cannot be read ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise _failed(name, "the file is read-only")
    return data


def write_file(
    path: Path, data: Data, expected=OVERWRITE, root: Path | None = None, sync: bool = True
) -> None:
    """Put `data` (bytes, or their pieces in order) in `path` atomically, under the folder's lock.

    `expected`: the bytes the caller read (the file must still hold them), None (the file must
    not exist yet), or OVERWRITE. `root`: the vault the file must stay inside. `sync=False`
    skips the fsync, for a cache that its checksums guard anyway."""
    target = inside(path, root)
    with folder_lock(target.parent):
        _replace(target, data, expected, sync)


def edit_file(path: Path, edit: Callable[[bytes], bytes], root: Path | None = None) -> bool:
    """Read `path`, apply `edit` to its bytes and write the result, all under the folder's lock,
    so that a concurrent network-md edit is never lost. False when the edit changed nothing."""
    target = inside(path, root)
    with folder_lock(target.parent):
        before = read_for_edit(target)
        try:
            after = edit(before)
        except WriteError as exc:  # the edit says what is wrong; the file is named here
            shown = _shown(path, root) if root else path.name
            raise WriteError(f"{shown}: {exc.message}", path=shown) from None
        if after == before:
            return False
        _replace(target, after, before, True)
        return True


def _replace(target: Path, data: Data, expected, sync: bool) -> None:
    import tempfile  # here: reading commands, which import this module, never pay for it

    name, folder = target.name, target.parent
    sweep(folder)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{name[:48]}.nmd-{os.getpid()}-", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise _failed(name, f"cannot write in {folder} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines([data] if isinstance(data, (bytes, bytearray, memoryview)) else data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        if expected is None:
            os.chmod(tmp, 0o666 & ~_get_umask())  # the permissions any editor gives a new file
            try:
                os.link(tmp, target)  # fails if the file appeared meanwhile: never overwrite
            except FileExistsError:
                raise WriteError(f"{name} already exists; nothing written", path=name) from None
            return
        os.chmod(tmp, _mode_for(target, expected))
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise _failed(name, f"cannot be written ({exc.strerror})") from None
    finally:
        if tmp is not None:
            _unlink(tmp)


def write_new_files(
    items: list[tuple[Path, bytes]], root: Path | None = None, written: Callable | None = None
) -> None:
    """Create many new files at once, each whole or absent after a crash, none over a file that
    exists: every temporary file is written, one `os.sync()` makes them all durable (one fsync
    per file is what makes a big import slow), then each is linked into place and each folder
    synced once. WriteError (naming the file by its path in `root`) at the first file that
    exists by then or cannot be written; the files linked before it stay, `written(path)` is
    called for each of them, no temporary file stays."""
    by_folder: dict[Path, list[tuple[str, bytes, Path]]] = {}
    real: dict[Path, Path] = {}
    for path, data in items:
        path = Path(path)
        if path.parent not in real:  # resolved once per folder, not once per file
            real[path.parent] = inside(path.parent, root)
        shown = _shown(path, root) if root is not None else path.name
        by_folder.setdefault(real[path.parent], []).append((shown, data, path))
    for folder, files in by_folder.items():
        with folder_lock(folder):
            _new_files_in(folder, files, written)


def _new_files_in(folder: Path, files: list[tuple[str, bytes, Path]], written) -> None:
    import tempfile  # as in _replace: only writers pay for it

    sweep(folder)
    temps: list[str] = []
    name = ""
    try:
        for shown, data, path in files:
            name = shown  # the file an OSError is about
            fd, tmp = tempfile.mkstemp(
                prefix=f".{path.name[:48]}.nmd-{os.getpid()}-", suffix=".tmp", dir=folder
            )
            temps.append(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_get_umask())
        os.sync()  # every temp file's bytes on disk before any of them gets a name
        for (shown, _, path), tmp in zip(files, temps):
            name = shown
            try:
                os.link(tmp, folder / path.name)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise WriteError(f"{name} already exists; nothing written", path=name) from None
            if written is not None:
                written(path)
    except OSError as exc:
        raise _failed(name, f"cannot be written ({exc.strerror})") from None
    finally:
        for tmp in temps:
            _unlink(tmp)
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the new names in `folder` durable (where the file system lets a folder be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(target: Path, expected) -> int:
    """The target's permissions, after checking it still holds `expected` (unless OVERWRITE)."""
    name = target.name
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        if expected is OVERWRITE:
            return 0o666 & ~_get_umask()
        raise WriteError(f"{name} vanished while writing; nothing written", path=name) from None
    if expected is OVERWRITE:
        return mode
    try:
        now = read_regular(target)
    except OSError:
        now = None
    if now != expected:
        raise WriteError(
            f"{name} changed on disk while writing; nothing written, run it again", path=name
        )
    if not os.access(target, os.W_OK):
        raise _failed(name, "the file is read-only")
    return mode


def _get_umask() -> int:
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)
        os.umask(_umask)
    return _umask


def _unlink(path) -> None:
    with suppress(OSError):
        os.unlink(path)


# --- what killed writers left behind ------------------------------------------------------------

_swept: set[str] = set()  # folders already swept by this process


def sweep(folder: Path) -> None:
    """Remove stale temporary files of network-md's naming from `folder` (once per process)."""
    key = os.fspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    try:
        with os.scandir(folder) as it:
            found = [e.path for e in it if is_temp_name(e.name)]
    except OSError:
        return
    remove_stale(found)


def remove_stale(paths) -> None:
    """Remove those temporary files whose writer is gone (or that are too old to be anyone's)."""
    now = time.time()
    for path in paths:
        m = TEMP_NAME.match(os.path.basename(path))
        if not m:
            continue
        try:
            age = now - os.lstat(path).st_mtime
        except OSError:
            continue
        if age < STALE_SECONDS and _alive(int(m[1])):
            continue
        _unlink(path)


def _alive(pid: int) -> bool:
    """Whether the writer with this pid may still be writing. A zombie (killed, its parent has
    not yet collected it) answers `kill(pid, 0)` but will never write again."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or a pid from elsewhere: leave it to age
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """True when /proc says the process has exited (Linux); False where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:  # /proc files never block
            state = fh.read().rpartition(b")")[2].split()[:1]
    except OSError:
        return False
    return state in ([b"Z"], [b"X"])
