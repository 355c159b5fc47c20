"""`network-md watch`: a thin consumer of watch.VaultWatcher that prints its events."""

from __future__ import annotations

import os
import signal
import sys
import threading
from datetime import date, datetime
from pathlib import Path

import click

from network_md.cli.main import TOP_FLAGS, Session, cli, json_option, pass_session
from network_md.core.errors import UsageError
from network_md.core.model import RELATIONSHIPS
from network_md.core.terminal import printable
from network_md.render import text as render


def _stamp() -> str:
    return render.dim(datetime.now().strftime("%H:%M:%S"))


def event_text(event: dict) -> str | None:
    """One event as a line of text (None: not shown in text mode)."""
    kind = event["event"]
    if kind in ("raised", "cleared"):
        f = event["flag"]
        sign = "+" if kind == "raised" else "-"
        head = f"{sign} {render.style(f['severity'], **render.SEVERITY_STYLE[f['severity']])} {f['rule']}"
        line = f"{head}  {render.style(printable(f['contact']), bold=True)}"
        return line + (f" — {printable(f['message'])}" if kind == "raised" else "")
    if kind == "problem":
        p = event["problem"]
        where = f"{p['path']}:{p['line']}" if p["line"] else p["path"]
        line = f"! {printable(where)}: {p['severity']}: {printable(p['message'])}"
        if event.get("kept_last_good"):
            line += render.dim(" (keeping the last good state until it parses again)")
        return render.style(line, fg="yellow")
    if kind == "resolved":
        p = event["problem"]
        where = f"{p['path']}:{p['line']}" if p["line"] else p["path"]
        return render.style(printable(f"✓ fixed {where}: {p['message']}"), fg="green")
    if kind == "relationships":
        rels, changes = event["relationships"], event["changes"]
        parts = [f"{event['contacts']} contact{'s' * (event['contacts'] != 1)}"]
        for rel in RELATIONSHIPS:
            if rels[rel] or rel in changes:
                delta = f" ({changes[rel]:+d})" if rel in changes else ""
                parts.append(render.style(f"{rels[rel]} {rel}{delta}", fg=render.REL_STYLE[rel]))
        return "= " + " · ".join(parts)
    if kind == "day":
        return f"day {event['today']}: everything re-evaluated"
    if kind == "config":
        return f"{event['path']} reloaded: everything re-evaluated"
    return None  # ready is printed as the status summary; batch is internal; error goes to stderr


class _Printer:
    """Prints events; stops the watcher quietly when stdout goes away (`watch --json | head`)."""

    def __init__(self, s: Session, as_json: bool, stop: threading.Event):
        self.s, self.as_json, self.stop = s, as_json, stop
        self.watcher = None

    def __call__(self, event: dict) -> None:
        if event["event"] == "batch":
            return
        try:
            if self.as_json:
                click.echo(render.dumps(event, indent=None), color=False)  # echo flushes
            elif event["event"] == "ready":
                self.ready()
            elif (text := event_text(event)) is not None:
                click.echo(f"{_stamp()} {text}")
        except BrokenPipeError:
            # Nobody reads any more: stop, and keep Python from complaining when it exits.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            self.stop.set()

    def ready(self) -> None:
        me = self.watcher.index.vault.config.me
        title = f"{me}'s network" if me else "Your network"
        a = self.watcher.analysis()
        head = f"{title} · {self.watcher.root.name} · {date.fromordinal(a.today).isoformat()}"
        click.echo(render.status_text(head, a.summary(), self.watcher.problems(), TOP_FLAGS))
        kept = [("dashboard", self.watcher.dashboard)]
        kept += [(f.option.lstrip("-"), f.path) for f in self.watcher.outputs.files()]
        where = "".join(f"; {what}: {path}" for what, path in kept if path)
        click.echo(
            "\n" + render.dim(f"Watching {self.watcher.root} for changes{where} (Ctrl-C to stop)")
        )


@cli.command()
@json_option
@click.option(
    "--dashboard",
    metavar="FILE",
    help="Keep this Markdown dashboard current (relative to the working directory; default: the config's `dashboard:`).",
)
@click.option(
    "--calendar",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Keep this iCalendar feed current, as `calendar --output FILE` writes it.",
)
@click.option(
    "--report",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Keep this HTML report current, as `report --output FILE` writes it.",
)
@pass_session
def watch(s: Session, as_json, dashboard, calendar, report):
    """Keep the analysis current as files change: print flags raised and cleared, problems, and moves."""
    from network_md.store.bulk import Progress
    from network_md.watch.loop import VaultWatcher

    root = s.root
    if s.today_option:
        pinned = s.today  # validated here: a bad --today is exit 2 before anything starts
        clock = lambda: pinned  # noqa: E731
    else:
        clock = date.today
    target = Path(dashboard).absolute() if dashboard else None
    if target is not None and not target.parent.is_dir():
        raise UsageError(f"--dashboard: no such folder {target.parent}")
    stop = threading.Event()
    printer = _Printer(s, as_json, stop)
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    watcher = VaultWatcher(
        root,
        printer,
        clock=clock,
        use_cache=s.use_cache,
        dashboard=target,
        progress=progress,
        calendar=calendar,
        report=report,
    )
    printer.watcher = watcher

    def on_signal(signum, frame):
        if stop.is_set():  # a second Ctrl-C while a long index runs: stop now
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        watcher.run(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
