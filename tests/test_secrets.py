"""Keys never leak: run with known fake keys, fail in every way, grep everything.

Searched: stdout and stderr of the CLI (in-process and as a subprocess),
every output format, the JSON, every error and note in the results, their
reprs, log records of the HTTP stack, the search log file, and the text of
transport exceptions whose message holds the full URL with the key in it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from querylang.cli import app
from querylang.results import Status, TargetResult
from querylang.runner import Secrets, run_plans, run_plans_sync
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, fast, plan

KEYS = {
    "NCBI_API_KEY": "ncbi-SECRET-7f3a9c",
    "WOS_API_KEY": "wos-SECRET-b41e0d",
    "IEEE_API_KEY": "ieee-SECRET-+&/=%2c",  # characters that change when URL-encoded
}
STRATEGY = "1. asthma OR wheez*\n2. #1 AND child*\n"
FORMATS = ["table", "json", "markdown", "csv"]


def leaks(text: str | bytes) -> list[str]:
    """Which key values (raw or URL-encoded) occur in ``text``."""
    from urllib.parse import quote, quote_plus

    data = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return [name for name, value in KEYS.items()
            if any(form in data for form in {value, quote(value, safe=""), quote_plus(value)})]


@pytest.fixture
def keyed(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeApis]:
    """Fakes that accept exactly KEYS; the environment holds them; fast pace."""
    fake_apis.pubmed.api_key = KEYS["NCBI_API_KEY"]
    fake_apis.wos.api_key = KEYS["WOS_API_KEY"]
    fake_apis.ieee.api_key = KEYS["IEEE_API_KEY"]
    fake_apis.pubmed.rate_limit = fake_apis.pubmed.rate_limit_with_key = None
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    for name in ("PUBMED", "WOS", "ARXIV", "IEEE"):
        monkeypatch.setenv(f"QUERYLANG_{name}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    yield fake_apis


def test_keys_are_sent(keyed: FakeApis) -> None:
    """The guard below is meaningful only if the keys really go out."""
    results = run_plans_sync([plan(n, q) for n, q in QUERIES.items()], settings=fast())
    assert all(r.status is Status.OK for r in results.values())
    assert keyed.pubmed.last_request.param("api_key") == KEYS["NCBI_API_KEY"]
    assert keyed.wos.last_request.header("X-ApiKey") == KEYS["WOS_API_KEY"]
    assert keyed.ieee.last_request.param("apikey") == KEYS["IEEE_API_KEY"]


def _failing_script(apis: FakeApis) -> None:
    apis.pubmed.script(["503"] * 5)
    apis.wos.script(["unauthorized"])
    apis.arxiv.script(["drop"] * 5)
    apis.ieee.script(["over_rate:3600"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_output_has_no_key_on_success_and_failure(
    keyed: FakeApis, fmt: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cli = CliRunner()
    ok = cli.invoke(app, ["run", "-q", STRATEGY, "--lines", "--format", fmt])
    assert ok.exit_code == 0
    _failing_script(keyed)
    failed = cli.invoke(app, ["run", "-q", STRATEGY, "--lines", "--format", fmt, "--refresh"])
    assert failed.exit_code == 3
    for result in (ok, failed):
        assert leaks(result.stdout) == [] and leaks(result.stderr) == []
        assert result.exception is None or leaks(str(result.exception)) == []
    assert leaks(caplog.text) == []
    assert any("HTTP Request" in r.getMessage() for r in caplog.records)  # httpx did log
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert leaks(path.read_bytes()) == [], path


def test_wrong_keys_echoed_by_servers_do_not_leak(
    keyed: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PubMed echoes a wrong key in its error body; these values are secrets too
    keyed.pubmed.api_key = "the-right-one"
    keyed.ieee.api_key = "the-right-one"
    keyed.wos.api_key = "the-right-one"
    results = run_plans_sync([plan(n, q) for n, q in QUERIES.items()], settings=fast())
    assert results["pubmed"].status is Status.ERROR
    assert "API key invalid" in str(results["pubmed"].error)
    for result in results.values():
        assert leaks(repr(result)) == [] and leaks(str(result.to_dict())) == []


def test_transport_errors_with_urls_are_scrubbed(keyed: FakeApis) -> None:
    """An httpx error message may hold the URL, and the URL the key."""

    def explode(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url} ({request.headers})", request=request)

    async def go() -> dict[str, TargetResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(explode)) as client:
            plans = [plan(n, q) for n, q in QUERIES.items()]
            return await run_plans(plans, client=client, settings=fast(attempts=1))

    import asyncio

    results = asyncio.run(go())
    ieee = results["ieee"]
    assert "cannot reach" in str(ieee.error)
    assert "***" in str(ieee.error)
    assert leaks(repr(results)) == []


def test_secrets_repr_and_scrub() -> None:
    secrets = Secrets(KEYS)
    assert leaks(repr(secrets)) == []
    url = f"http://x/?apikey={KEYS['IEEE_API_KEY']}"
    assert leaks(secrets.scrub(url)) == []
    encoded = str(httpx.URL("http://x/", params={"apikey": KEYS["IEEE_API_KEY"]}))
    assert leaks(secrets.scrub(encoded)) == []


def test_subprocess_run_with_failures(keyed: FakeApis, tmp_path: Path) -> None:
    """The installed command, as a user runs it: nothing on either stream."""
    _failing_script(keyed)
    env = {**os.environ, "PYTHONWARNINGS": "always"}
    proc = subprocess.run(
        [sys.executable, "-c", "from querylang.cli import main; main()",
         "run", "-q", STRATEGY, "--format", "json", "--timeout", "2"],
        capture_output=True, env=env, timeout=60, check=False,
    )
    assert proc.returncode == 3, proc.stderr
    assert leaks(proc.stdout) == [] and leaks(proc.stderr) == []
