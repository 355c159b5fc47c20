"""Reading many contact files on every core: a cold index of a large vault, in forked workers.

Parsing front matter is most of a cold index, and it is CPU-bound Python: on a 2-core machine
two processes read 10,000 files in little more than half the time of one. Used only where it
is safe and pays: on Linux (fork), from a single-threaded process (the CLI; never `watch`, whose
observer thread is running), for at least PARALLEL_MIN files. Anything that goes wrong falls
back to reading in this process.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading

from network_md.analysis.summary import contribution
from network_md.store.records import from_record, to_record
from network_md.store.vault import Index, IndexedFile, Vault

PARALLEL_MIN = 2000
CHUNKS_PER_WORKER = 8  # smaller pieces: balanced work, and a progress count that moves


def workers_for(count: int) -> int:
    """How many processes to read `count` files with (1: read them here)."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    if count < PARALLEL_MIN or cores < 2 or not sys.platform.startswith("linux"):
        return 1
    if threading.active_count() > 1:  # forking a process with threads can deadlock the child
        return 1
    return min(cores, 8)


def _read_chunk(job) -> bytes:
    """In a worker: read and parse some files (and, given a day, analyse them for the summary);
    their results as one marshalled list."""
    root, config, paths, day = job
    index = Index(Vault(root, config))
    out = []
    for path in paths:
        item = index.update(path, wanted=True)
        if item is None:
            out.append((path, None, None))
            continue
        record = contrib = None
        if item.contact is not None:
            record = to_record(item.contact)
            contrib = None if day is None else contribution(item.contact, config, day)
        out.append((path, (item.stamp, tuple(tuple(p) for p in item.problems), record), contrib))
    return marshal.dumps(out)


def read_many(index: Index, paths: list[str], progress=None, day: int | None = None) -> bool:
    """Read `paths` into `index` with worker processes. False (nothing done): read them here.

    With `day` (a date ordinal) the workers also compute each contact's contribution to that
    day's summary, left in `index.prepared` for the cache to use instead of computing it again."""
    workers = workers_for(len(paths))
    if workers < 2:
        return False
    import multiprocessing

    from network_md.format import parse  # noqa: F401 - loaded once here, inherited by every worker
    from network_md.format.parse import _load_yaml

    _load_yaml("a: 1")  # PyYAML and python-frontmatter too
    vault = index.vault
    pieces = workers * CHUNKS_PER_WORKER
    jobs = [(vault.root, vault.config, paths[i::pieces], day) for i in range(pieces)]
    done = 0
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for blob in pool.imap_unordered(_read_chunk, jobs):
                for path, raw, contrib in marshal.loads(blob):
                    if raw is None:
                        index.drop(path)
                        continue
                    stamp, problems, record = raw
                    contact = None if record is None else from_record(record)
                    index.put(path, IndexedFile(stamp, contact, tuple(map(_problem, problems))))
                    if contrib is not None:
                        index.prepared[path] = contrib
                    done += 1
                if progress:
                    progress(min(done, len(paths)), len(paths))
    except (OSError, ValueError, EOFError, ImportError):
        return False
    if day is not None:
        index.prepared_day = day
    return True


def _problem(fields):
    from network_md.core.model import Problem

    return Problem(*fields)
