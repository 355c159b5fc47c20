"""Builders for the tests of `watch`: a VaultWatcher in a thread with its events in a queue,
the installed `network-md watch` as a process, and what `flags --json` says to compare."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from helpers import TODAY, run_script, script_path

from network_md.watch.loop import VaultWatcher

TIMEOUT = 30.0  # generous: a loaded machine (CI, a laptop on battery) is slow to start a watcher


class Watching:
    """A VaultWatcher running in a thread; its events land in a queue and in `seen`."""

    def __init__(self, root: Path, **options):
        self.root = root
        self.events: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None
        options.setdefault("clock", lambda: TODAY)
        self.watcher = VaultWatcher(root, self.events.put, **options)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.syncs = 0

    def _run(self):
        try:
            self.watcher.run(self.stop)
        except BaseException as exc:  # handed to the test through the queue
            self.error = exc
            self.events.put({"event": "_died"})

    def next(self, deadline: float) -> dict:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out; events so far: {self.seen}")
        try:
            event = self.events.get(timeout=left)
        except queue.Empty:
            raise AssertionError(f"timed out; events so far: {self.seen}") from None
        self.seen.append(event)
        return event

    def until(self, match, timeout: float = TIMEOUT) -> list[dict]:
        """Events up to and including the first that `match`es."""
        deadline, got = time.monotonic() + timeout, []
        while True:
            event = self.next(deadline)
            got.append(event)
            if match(event):
                return got
            if event["event"] == "_died" and not match(event):
                raise AssertionError(f"watcher died: {self.error!r}")

    def batch_with(self, path: str, timeout: float = TIMEOUT) -> list[dict]:
        """Events up to the end of the batch that re-read `path`."""
        return self.until(lambda e: e["event"] == "batch" and path in e["paths"], timeout)

    def sync(self, folder: str = "people") -> list[dict]:
        """Touch a marker contact and wait for its batch: everything before it has been processed."""
        self.syncs += 1
        rel = f"{folder}/zz-sync-{self.syncs}.md"
        (self.root / rel).write_text("# Sync\n", encoding="utf-8")
        return self.batch_with(rel)


@contextmanager
def watching(root: Path, **options):
    w = Watching(root, **options)
    w.thread.start()
    try:
        w.until(lambda e: e["event"] == "ready")
        yield w
    finally:
        w.stop.set()
        w.thread.join(timeout=10)
        assert not w.thread.is_alive()


def kinds(events, kind):
    return [e for e in events if e["event"] == kind]


def flags_of(events, kind):
    return [(e["flag"]["path"], e["flag"]["rule"]) for e in kinds(events, kind)]


def flags_on_disk(root: Path) -> list[dict]:
    """What a fresh `flags --json` (the installed command, no cache) says of the vault now."""
    done = run_script(root, "--no-cache", "flags", "--json")
    assert done.returncode == 0, done.stderr
    return sorted(json.loads(done.stdout)["flags"], key=lambda f: (f["path"], f["rule"]))


def flags_held(w: Watching) -> list[dict]:
    from network_md.render.text import flag_json

    return sorted(
        (flag_json(f) for f in w.watcher.live.flags()), key=lambda f: (f["path"], f["rule"])
    )


# --- the installed command ---------------------------------------------------------------------


@contextmanager
def installed_watch(root: Path, *args: str, cwd=None, env=None):
    """`network-md watch ARGS` on the vault `root` (today pinned), its own process with text
    pipes; killed on the way out when the test did not stop it (`stop_watch`)."""
    proc = subprocess.Popen(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "watch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def stop_watch(proc, sig: int = signal.SIGINT) -> str:
    """Stop the watch with `sig`: it exits 0 and says no traceback. Its stderr."""
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err, err
    return err


def read_line(proc, deadline: float) -> str:
    """One line from the child's stdout, with a deadline (a reader thread does the blocking)."""
    box: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: box.put(proc.stdout.readline()), daemon=True).start()
    try:
        line = box.get(timeout=max(0.1, deadline - time.monotonic()))
    except queue.Empty:
        raise AssertionError("no line from `watch` in time") from None
    assert line, f"watch exited early: {proc.stderr.read()}"
    return line
