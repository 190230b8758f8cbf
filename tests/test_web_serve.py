"""``querylang serve`` as a person starts it: a process that prints its
address (token included), answers there, refuses without the token, says
loudly what --host exposes, and stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from querylang.web.guard import allowed_hosts
from querylang.web.server import exposed_names, is_loopback, url_host


@contextmanager
def serving(*options: str, home: Path) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    env = {**os.environ, "QUERYLANG_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "querylang", "serve", "--no-browser",
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    printed: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line.rstrip("\n"))
            if "open http" in line:
                break
        yield process, printed
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def address(printed: list[str]) -> str:
    line = next(line for line in printed if "open http" in line)
    return line.split("open ", 1)[1].strip()


def test_serve_prints_a_tokened_loopback_address_that_answers(tmp_path: Path) -> None:
    with serving("--port", "0", home=tmp_path) as (process, printed):
        url = address(printed)
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        token = url.split("token=", 1)[1]
        assert len(token) == 48 and int(token, 16) >= 0
        page = httpx.get(url, timeout=5)
        assert page.status_code == 200 and "querylang" in page.text
        bare = httpx.get(url.split("?", 1)[0], timeout=5)
        assert bare.status_code == 403
        assert not any("WARNING" in line for line in printed)
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        assert process.stderr is not None
        # no access log: the token is never printed again
        assert token not in process.stderr.read()


def test_serve_says_loudly_what_host_exposes(tmp_path: Path) -> None:
    with serving("--port", "0", "--host", "0.0.0.0", home=tmp_path) as (_, printed):
        warning = next(line for line in printed if line.startswith("WARNING"))
        assert "--host 0.0.0.0" in warning and "other machines" in warning
        assert "API keys' quota" in warning
        assert address(printed).startswith("http://127.0.0.1:")


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "querylang", "serve", "--no-browser",
                               "--port", str(port)], capture_output=True, text=True,
                              env={**os.environ, "QUERYLANG_HOME": str(tmp_path)}, timeout=30)
    assert done.returncode == 2
    assert f"port {port} is already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_host_that_is_not_this_machine_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "querylang", "serve", "--no-browser",
                           "--port", "0", "--host", "192.0.2.1"], capture_output=True,
                          text=True, env={**os.environ, "QUERYLANG_HOME": str(tmp_path)},
                          timeout=30)
    assert done.returncode == 2
    assert "not an address of this machine" in done.stderr


@pytest.mark.parametrize(("host", "loopback", "shown"), [
    ("127.0.0.1", True, "127.0.0.1"),
    ("127.0.0.2", True, "127.0.0.2"),
    ("localhost", True, "127.0.0.1"),
    ("::1", True, "[::1]"),
    ("0.0.0.0", False, "127.0.0.1"),
    ("::", False, "[::1]"),
    ("192.168.1.20", False, "192.168.1.20"),
    ("fe80::1", False, "[fe80::1]"),
])
def test_hosts(host: str, loopback: bool, shown: str) -> None:
    assert is_loopback(host) is loopback
    assert url_host(host) == shown


def test_the_host_names_answered() -> None:
    hosts = allowed_hosts(8765, exposed_names("192.168.1.20"))
    assert {"127.0.0.1:8765", "localhost:8765", "[::1]:8765", "192.168.1.20:8765"} <= hosts
    assert "127.0.0.1:8766" not in hosts
    assert allowed_hosts(8765, exposed_names("127.0.0.1")) == allowed_hosts(8765)
    assert "127.0.0.2:8765" in allowed_hosts(8765, exposed_names("127.0.0.2"))
    assert "localhost" in allowed_hosts(80)  # a browser leaves port 80 out


def test_the_wheel_carries_the_page(tmp_path: Path) -> None:
    """Every asset of the page ships in the wheel (no build step, no CDN)."""
    import zipfile

    root = Path(__file__).parents[1]
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path), str(root)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("querylang-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    static = root / "querylang" / "web" / "static"
    shipped = {f"querylang/web/static/{p.name}" for p in static.iterdir() if p.is_file()}
    assert {"querylang/web/static/index.html", "querylang/web/static/app.js",
            "querylang/web/static/app.css", "querylang/web/static/example.qry"} <= shipped
    assert shipped <= names


def test_the_example_on_the_page_is_the_example() -> None:
    root = Path(__file__).parents[1]
    assert (root / "querylang" / "web" / "static" / "example.qry").read_text() == (
        root / "examples" / "llm-medical-imaging.qry").read_text()


def test_the_listening_socket_says_it_is_tcp() -> None:
    """asyncio turns Nagle's algorithm off only on sockets created as
    IPPROTO_TCP; otherwise every answer waits out a delayed ACK (40 ms)."""
    from querylang.web.server import bind

    with bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


def test_ctrl_c_stops_the_server_during_a_run(tmp_path: Path, fake_arxiv: object) -> None:
    """A run streaming its counts does not hold Ctrl-C until it ends."""
    from tests.fakes import FakeArxiv, Fault

    assert isinstance(fake_arxiv, FakeArxiv)
    fake_arxiv.script([Fault.slow(60)])
    with serving("--port", "0", home=tmp_path) as (process, printed):
        url = address(printed)
        base, token = url.split("/?token=")
        with httpx.stream("POST", f"{base}/api/run", json={"text": "asthma", "databases":
                          ["arxiv"]}, headers={"X-Querylang-Token": token}, timeout=10) as run:
            first = next(run.iter_lines())
            assert first == "event: plan"
            started = time.monotonic()
            process.send_signal(signal.SIGINT)
            assert process.wait(15) == 0
        assert time.monotonic() - started < 10
