"""hotline-tui serve: a desk starts only for this server's own page, and only so many."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

import hotline_tui.serve as serving
from hotline_tui.serve import DeskServer
from tests.helpers import run_command
from tests.pilot import until as _until


class _FakeDesk:
    """Stands for a desk's process: counts how many were started."""

    started = 0

    def __init__(self, *args, **kwargs) -> None:
        pass

    async def start(self, width: int, height: int) -> None:
        type(self).started += 1

    async def stop(self) -> None:
        pass


@pytest.fixture
def desks(monkeypatch):
    _FakeDesk.started = 0
    monkeypatch.setattr("textual_serve.server.AppService", _FakeDesk)
    return _FakeDesk


def _run(scenario):
    asyncio.run(scenario())


def test_foreign_origins_start_no_desk(desks):
    async def scenario():
        server = DeskServer("true", host="127.0.0.1", port=8765, templates_path=serving.TEMPLATES)
        async with TestClient(TestServer(await server.web_app())) as client:
            for n in range(30):
                origin = "http://evil.example" if n % 2 else "null"
                response = await client.get("/ws", headers={"Origin": origin})
                assert response.status == 403
                assert "只接受本服务器页面的连接" in await response.text()
            response = await client.get("/ws")  # no Origin at all: not a browser's page
            assert response.status == 403
        assert desks.started == 0 and sum(server.live.values()) == 0

    _run(scenario)


def test_the_caps_hold_and_a_refused_page_says_why(desks):
    async def scenario():
        server = DeskServer("true", host="127.0.0.1", port=8765, max_desks=2,
                            templates_path=serving.TEMPLATES)  # fmt: skip
        async with TestClient(TestServer(await server.web_app())) as client:
            own = {"Origin": f"http://{client.host}:{client.port}"}
            open_ones = [await client.ws_connect("/ws", headers=own) for _ in range(2)]
            await _until(lambda: sum(server.live.values()) == 2, "two desks")
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect("/ws", headers=own)
            assert refused.value.status == 503
            page = await client.get("/")
            assert page.status == 503 and "已有 2 个浏览器会话" in await page.text()
            for ws in open_ones:
                await ws.close()
            await _until(lambda: sum(server.live.values()) == 0, "closed ones to make room")
        assert desks.started == 2

    _run(scenario)


def test_one_address_may_not_take_every_desk(desks):
    async def scenario():
        server = DeskServer("true", host="127.0.0.1", port=8765, templates_path=serving.TEMPLATES)
        async with TestClient(TestServer(await server.web_app())) as client:
            own = {"Origin": f"http://{client.host}:{client.port}"}
            tabs = [await client.ws_connect("/ws", headers=own) for _ in range(serving.PER_ADDRESS)]
            await _until(lambda: sum(server.live.values()) == serving.PER_ADDRESS, "the tabs")
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect("/ws", headers=own)
            assert refused.value.status == 503
            for ws in tabs:
                await ws.close()

    _run(scenario)


def test_a_taken_port_is_said_before_anything_says_it_serves(demo_store, capsys):
    from tests import server_db

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_command(
            capsys, "serve", "--db", server_db.store_text(demo_store), "--port", str(port)
        )
    assert code == 2 and "无法在 127.0.0.1" in err and "值班台已在" not in out


def test_beyond_this_machine_only_with_tls_or_when_told(demo_store, capsys, tmp_path):
    from tests import server_db

    db = ["--db", server_db.store_text(demo_store)]
    wide = ["serve", *db, "--host", "0.0.0.0", "--public-url", "http://ops-pc:8765"]
    code, _, err = run_command(capsys, *wide)
    assert code == 2 and "--certfile" in err and "--insecure" in err
    code, _, err = run_command(capsys, *wide, "--certfile", str(tmp_path / "c.pem"))
    assert code == 2 and "一起给出" in err
    missing = ["--certfile", str(tmp_path / "c.pem"), "--keyfile", str(tmp_path / "k.pem")]
    code, _, err = run_command(capsys, *wide, *missing)
    assert code == 2 and "无法读取证书或私钥" in err
