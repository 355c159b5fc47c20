"""Builders for the tests of the calendar feed: khal, a real calendar client, in a folder of
its own, to import a feed and list a day."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LIST_FORMAT = ("--format", "{start-end-time-style} {title}{repeat-symbol}", "--day-format", "")


def khal_or_skip() -> str:
    found = Path(sys.executable).with_name("khal")
    khal = str(found) if found.exists() else shutil.which("khal")
    if not khal:
        pytest.skip("khal is not installed (pip install khal)")
    return khal


def khal_config(tmp_path: Path, zone: str) -> tuple[Path, Path]:
    cal = tmp_path / f"cal-{zone.replace('/', '-')}"
    cal.mkdir()
    config = tmp_path / f"khal-{zone.replace('/', '-')}.conf"
    config.write_text(
        f"[calendars]\n[[network]]\npath = {cal}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"default_timezone = {zone}\nlocal_timezone = {zone}\n"
        f"[sqlite]\npath = {tmp_path / (cal.name + '.db')}\n",
        encoding="utf-8",
    )
    return config, cal


def khal(khal_bin: str, config: Path, *args: str) -> str:
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [khal_bin, "-c", str(config), *args], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        pytest.skip(f"khal cannot run here: {done.stderr.strip()[-200:]}")
    return done.stdout


def khal_day(khal_bin: str, config: Path, iso: str) -> list[str]:
    """What khal lists on one day: `08:30-08:45 Title ⟳`, or `Title ⟳` for an all-day event."""
    shown = khal(khal_bin, config, "list", *LIST_FORMAT, iso, iso)
    return [line.strip() for line in shown.splitlines() if line.strip()]
