"""Benchmark of ``querylang serve``: start time, and keystroke-to-update.

- Start: from launching ``querylang serve --no-browser --port 0`` to the
  first page answered (HTTP 200), median of ``--starts`` launches (each a
  fresh process, bytecode already written as after pip install).
- JSON: keystroke-to-update over the endpoint the page calls, ``POST
  /api/check`` (parse, checks, four translations) with the example
  strategy, one character more each time, median of ``--keys`` requests.
- Browser: in Debian's headless Chromium, from the keystroke's input event
  to the diagnostics, underlines and four translations on the page
  (``window.querylang.latencies``, measured by the page itself), median of
  ``--keys`` keystrokes typed 150 ms apart (each its own update; the page
  waits 30 ms after a keystroke before it asks, and that wait is counted).

Targets (issue 17): start < 1 s; both medians < 100 ms.

    python bench/serve.py [--starts 5] [--keys 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from coldstart import startup_env  # noqa: E402

EXAMPLE = (ROOT / "examples" / "llm-medical-imaging.qry").read_text(encoding="utf-8")


def launch(home: str) -> tuple[subprocess.Popen[str], str, float]:
    """A server process, its address, and seconds until it answered."""
    env = {**startup_env(), "QUERYLANG_HOME": home, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "querylang", "serve", "--no-browser",
                                "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    url = ""
    while "open http" not in url:
        url = process.stdout.readline()
        if not url:
            raise SystemExit("querylang serve printed no address")
    url = url.split("open ", 1)[1].strip()
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.002)
    return process, url, time.perf_counter() - started


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(10)


def keystrokes(count: int) -> list[str]:
    """The example, with one more letter typed into line 2 each time."""
    head, _, tail = EXAMPLE.partition("OR ChatGPT")
    return [f"{head}OR ChatGPT OR {'x' * (i + 1)}{tail}" for i in range(count)]


def json_latencies(url: str, count: int) -> list[float]:
    """Over one kept-alive connection with Nagle's algorithm off, as a
    browser's: a client that writes the headers and the body apart (httpx,
    http.client) otherwise holds the body until the server's delayed ACK
    of the headers, 40 ms that are the client's, not the page's."""
    import http.client
    import json
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    token = parts.query.split("token=", 1)[1]
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    connection.connect()
    assert connection.sock is not None
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    headers = {"X-Querylang-Token": token, "Content-Type": "application/json"}

    def check(text: str) -> dict[str, object]:
        connection.request("POST", "/api/check", body=json.dumps({"text": text}).encode(),
                           headers=headers)
        answer = connection.getresponse()
        data = json.loads(answer.read())
        assert answer.status == 200 and len(data["targets"]) == 4, data
        return dict(data)

    check(EXAMPLE)  # warm-up
    out = []
    for text in keystrokes(count):
        start = time.perf_counter()
        check(text)
        out.append(time.perf_counter() - start)
    connection.close()
    return out


def browser_latencies(url: str, count: int) -> list[float] | str:
    from tests.webhelp import browser_missing, chromium

    missing = browser_missing()
    if missing:
        return missing
    from selenium.webdriver.common.keys import Keys

    with chromium(1280, 900) as driver:
        driver.get(url)
        deadline = time.monotonic() + 15
        while not driver.execute_script("return window.querylang && window.querylang.checks"):
            if time.monotonic() > deadline:
                return "the page did not check the example"
            time.sleep(0.05)
        editor = driver.find_element("id", "strategy")
        editor.click()
        editor.send_keys(Keys.CONTROL, Keys.HOME)
        editor.send_keys(Keys.END)  # end of the first line (a comment)
        driver.execute_script("window.querylang.latencies.length = 0")
        for _ in range(count):
            before = driver.execute_script("return window.querylang.checks")
            editor.send_keys("x")
            while driver.execute_script("return window.querylang.checks") == before:
                time.sleep(0.005)
            time.sleep(0.15)
        latencies = driver.execute_script("return window.querylang.latencies")
    return [float(ms) / 1000 for ms in latencies]


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(values) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--keys", type=int, default=40)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        stop(launch(home)[0])  # warm-up: bytecode written
        starts = []
        for _ in range(options.starts):
            process, _, seconds = launch(home)
            starts.append(seconds)
            stop(process)
        print(f"start (launch to first page):   {ms(starts)}   target < 1000 ms")
        process, url, _ = launch(home)
        try:
            print(f"keystroke-to-update, JSON:       {ms(json_latencies(url, options.keys))}"
                  "   target < 100 ms")
            found = browser_latencies(url, options.keys)
            if isinstance(found, str):
                print(f"keystroke-to-update, browser:    skipped: {found}")
            else:
                print(f"keystroke-to-update, browser:    {ms(found)}   target < 100 ms "
                      "(includes the page's 30 ms wait)")
        finally:
            stop(process)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
