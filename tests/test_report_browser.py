"""The report in a real browser: headless Chromium renders it to a PNG that is not blank, and
logs no script error. Skipped only when Chromium cannot be found (`.ci/run` installs it)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from helpers import REPO, TODAY, script_path

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
        if (found := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
# Offline and quiet: no first-run pages, no updates, no sync, nothing fetched in the background.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 1280, 2000


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
    )


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, with zlib alone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        unfilter(kind, line, previous, bpp)
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def unfilter(kind: int, line: bytearray, up: bytearray, bpp: int) -> None:
    """Undo one scanline's PNG filter in place (filter types 0 to 4)."""
    if kind == 0:
        return
    if kind == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, up))
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up[i]) >> 1)) & 0xFF
        else:
            upper_left = up[i - bpp] if i >= bpp else 0
            p = left + up[i] - upper_left
            pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - upper_left)
            pred = left if pa <= pb and pa <= pc else (up[i] if pb <= pc else upper_left)
            line[i] = (line[i] + pred) & 0xFF


def colours(rows: list[bytes], bpp: int) -> dict[bytes, int]:
    """How many pixels have each colour."""
    counts: dict[bytes, int] = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x : x + 3]
            counts[px] = counts.get(px, 0) + 1
    return counts


def render(vault: Path, tmp_path: Path) -> tuple[Path, str]:
    page = tmp_path / "network.html"
    subprocess.run(
        [
            script_path(),
            "--vault",
            str(vault),
            "--today",
            TODAY.isoformat(),
            "report",
            "--output",
            str(page),
        ],
        check=True,
        capture_output=True,
    )
    return page, page.read_text(encoding="utf-8")


def assert_renders(page: Path, tmp_path: Path) -> None:
    """A screenshot with plenty of colour on a white page, no script error, the script ran."""
    png = tmp_path / "shot.png"
    shot = chromium(
        page,
        tmp_path / "profile",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--enable-logging=stderr",
        "--v=0",
    )
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    errors = [line for line in shot.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not errors, errors
    data = png.read_bytes()
    width, height, rows = png_pixels(data)
    bpp = len(rows[0]) // width
    counts = colours(rows, bpp)
    assert (width, height) == (WIDTH, HEIGHT)
    white = counts.get(b"\xff\xff\xff", 0)
    assert len(counts) > 50, f"only {len(counts)} colours: a blank page?"
    assert white < 0.97 * width * height, "almost nothing drawn"
    for colour in ("009E73", "0072B2", "E69F00"):  # network, gave, got
        assert bytes.fromhex(colour) in counts, colour
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0
    assert 'data-script="ready"' in dom.stdout, "the page's script did not run to its end"


def test_example_vault_renders_in_a_real_browser(tmp_path):
    page, _ = render(REPO / "example-vault", tmp_path)
    assert_renders(page, tmp_path)


def test_focusing_a_contact_shows_its_numbers_beside_the_map(tmp_path):
    page, html = render(REPO / "example-vault", tmp_path)
    # What a keyboard user does: move the focus to the first contact on the map.
    focus = "<script>document.querySelector('.node').focus();</script></body>"
    page.write_text(html.replace("</body>", focus), encoding="utf-8")
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    first = html.split('class="node', 1)[1].split('aria-label="', 1)[1].split('"', 1)[0]
    detail = dom.split('id="map-detail"', 1)[1].split(">", 1)[1].split("</p>", 1)[0]
    assert detail == first and "familiarity" in detail


def test_hostile_names_render_and_run_no_script_of_theirs(tmp_path, make_vault):
    vault = make_vault(
        {
            "people/x.md": "---\nname: \"<script>document.title='owned'</script><img src=x>\"\n"
            "---\n## Log\n- 2026-11-20 gave: a\n- 2026-11-21 got: b\n",
        }
    )
    page, _ = render(vault, tmp_path)
    assert_renders(page, tmp_path)
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert "<title>owned</title>" not in dom and "<img" not in dom


def test_ten_thousand_contacts_render_in_a_real_browser(tmp_path, big_vault):
    page, html = render(big_vault, tmp_path)
    assert len(html.encode("utf-8")) < 10_000_000
    assert_renders(page, tmp_path)
