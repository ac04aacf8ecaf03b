"""The report rendered in headless Chromium, as a reviewer sees it on screen and on A4 paper.

Chromium is driven directly (Debian's ``/usr/bin/chromium``). The page is served from a
loopback HTTP server that records every request, so a request for anything but the report
itself shows up; console messages (errors, CSP violations) are read from Chromium's log.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from reports import build_report
from reports.model import SECTION_TITLES

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "headless Chromium not installed (apt-get install chromium)", allow_module_level=True
    )

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
A4_WIDTH = 794  # CSS pixels of 210 mm at 96 dpi


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class _Server:
    """Loopback static server over one folder that records every requested path."""

    def __init__(self, root: Path) -> None:
        requests: list[str] = []

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *a: Any, **kw: Any) -> None:
                super().__init__(*a, directory=str(root), **kw)

            def log_message(self, format: str, *args: Any) -> None:
                requests.append(self.path)

        self.requests = requests
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def served(run_dir: Path) -> Iterator[_Server]:
    build_report(run_dir)
    server = _Server(run_dir)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_loads_with_no_other_request_no_console_message_and_every_section(
    served: _Server, tmp_path: Path
) -> None:
    result = _chromium(tmp_path, "--dump-dom", f"{served.url}/report.html")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert served.requests == ["/report.html"]
    assert _console_lines(result.stderr) == []
    for key, title in SECTION_TITLES.items():
        assert f'id="{key}"' in dom, f"section {key} missing from the DOM"
        assert title.replace("(", "").split()[0] in dom
    assert "Yes: every check passed; this model may ship." in dom


def test_console_check_catches_a_broken_page(tmp_path: Path, run_dir: Path) -> None:
    """Control: the console check above is able to fail."""
    html = build_report(run_dir).html.read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(
        html.replace("</body>", '<img src="http://127.0.0.1:9/x.png"></body>'), encoding="utf-8"
    )
    result = _chromium(tmp_path, "--dump-dom", broken.as_uri())
    assert any("Content Security Policy" in line for line in _console_lines(result.stderr))


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("a4", A4_WIDTH)])
def test_screenshots(run_dir: Path, tmp_path: Path, name: str, width: int) -> None:
    html = build_report(run_dir).html
    shot = tmp_path / f"report-{name}.png"
    result = _chromium(
        tmp_path, f"--screenshot={shot}", f"--window-size={width},2000", html.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width
    assert len(data) > 50_000, "screenshot looks blank"
    assert _console_lines(result.stderr) == []


def test_prints_to_a4_pdf(run_dir: Path, tmp_path: Path) -> None:
    html = build_report(run_dir).html
    pdf = tmp_path / "report.pdf"
    result = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 20_000
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) >= 2, "expected a multi-page A4 document"
    for width, height in boxes:  # A4 is 595 x 842 pt
        assert (round(float(width)), round(float(height))) == (595, 842)
