"""`hotline-tui serve` driven in a real headless Chromium: sign in with a PIN, open the
floor, seat someone, and find it in the database; nothing fetched from outside.

Debian's ``chromium`` (installed by ``.ci/run`` where missing) through Playwright's
Python client; skipped, saying why, only where no browser could be installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hotline_tui.domain.attendance.rota import scheduled
from hotline_tui.domain.floor import seating
from tests import server_db
from tests.conftest import NOW, REPO, TODAY
from tests.helpers import DEMO_PIN, audit_rows, chief, shift, unseated
from tests.pilot import wait_for

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM") or shutil.which("chromium")
# As the machine's notes say: without these, Chromium reaches for Google at every start.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, cafile: Path | None = None) -> bool:
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return response.status == 200
    except OSError:
        return False


def _self_made_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself (openssl, as an office would make one)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl here to make a certificate")
    cert, key = folder / "desk.pem", folder / "desk.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium here: .ci/run installs Debian's chromium where it can")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the test extra")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_browser_signs_in_with_a_pin_and_seats_someone(demo_store, browser, scheme, tmp_path):
    """Over plain HTTP on 127.0.0.1, and over HTTPS (--certfile/--keyfile) with a
    certificate of the office's own making, which the browser is told to accept."""
    # The early shift of the demo day, its first seat empty, someone on the rota unseated.
    store = demo_store
    early = shift(store)
    seating.unseat(store, chief(store), TODAY, early, "A01")
    on_rota = scheduled(store, TODAY, early)
    person = next(p for p in unseated(store, TODAY, early) if p.id in on_rota)
    db = server_db.store_text(store)

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOTLINE_CLOCK_START": NOW.replace(" ", "T")}
    tls: list[str] = []
    cert = None
    if scheme == "https":
        cert, key = _self_made_certificate(tmp_path)
        tls = ["--certfile", str(cert), "--keyfile", str(key)]
    server = subprocess.Popen(
        [sys.executable, "-m", "hotline_tui", "serve", "--db", db, "--port", str(port), *tls],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"{scheme}://127.0.0.1:{port}/"
    try:
        wait_for(lambda: server.poll() is not None or _answers(url, cert), what="the server")
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, ignore_https_errors=scheme == "https"
        )
        page = context.new_page()
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        # What the desk draws arrives over the websocket as the terminal's own bytes.
        drawn: list[bytes] = []

        def on_websocket(ws) -> None:
            ws.on(
                "framereceived", lambda f: drawn.append(f if isinstance(f, bytes) else f.encode())
            )

        page.on("websocket", on_websocket)

        def shows(text: str, since: int = 0) -> bool:
            page.wait_for_timeout(20)  # lets Playwright deliver frames: a poll, not a wait
            return text.encode() in b"".join(drawn[since:])

        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=60_000)
        wait_for(lambda: shows("登录"), what="the sign-in screen")
        page.click("#terminal")
        page.keyboard.type(chief_no := "1004")
        page.keyboard.press("Enter")
        page.keyboard.type(DEMO_PIN)
        mark = len(drawn)
        page.keyboard.press("Enter")
        wait_for(lambda: shows(" / 94", mark), what="the floor with its plan")
        mark = len(drawn)
        page.keyboard.press("Enter")  # the cursor starts on A01, now empty
        wait_for(lambda: shows("安排座位 A01", mark), what="the picker")
        page.keyboard.type(person.staff_no)
        page.keyboard.press("Enter")

        def seated() -> bool:
            return seating.plan_for(store, TODAY, early).seats["A01"].staff_no == person.staff_no

        wait_for(seated, what="the seat in the database")
        context.close()
        # The keys and the PIN went over the scheme asked for, the WebSocket included.
        assert sockets and all(u.startswith("wss://" if scheme == "https" else "ws://")
                               for u in sockets), sockets  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)

    (signed,) = audit_rows(store, "session.sign_in")
    assert signed.entity_key == chief_no
    assert seating.plan_for(store, TODAY, early).seats["A01"].assigned_by == chief(store).name
    # Nothing from outside: the page, its script, its styles and its fonts come from here.
    hosts = {urlsplit(u).hostname for u in requested if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
    assert any(u.endswith(".ttf") for u in requested)  # the font is served, not fetched


def test_serve_refuses_an_open_address_without_a_public_url(demo_file, capsys):
    from hotline_tui.cli import main

    assert main(["serve", "--db", str(demo_file), "--host", "0.0.0.0"]) == 2
    assert "--public-url" in capsys.readouterr().err


def test_each_browser_session_runs_the_desk_without_a_fixed_person():
    from hotline_tui.serve import desk_command

    # A shell command line (textual-serve runs it so); the database comes in HOTLINE_DB.
    assert shlex.split(desk_command())[1:] == ["-m", "hotline_tui", "run", "--served"]
