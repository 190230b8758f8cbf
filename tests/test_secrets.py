"""Keys never leak: run with known fake keys, fail in every way, grep everything.

Searched: stdout and stderr of the CLI (in-process and as a subprocess),
every output format, the JSON, every error and note in the results, their
reprs, log records of the HTTP stack, the search log file, and the text of
transport exceptions whose message holds the full URL with the key in it.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

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


def spellings(value: str) -> set[str]:
    """A key as a text may hold it: raw, escaped by repr or JSON, URL-encoded
    (upper- and lower-case hex), and each of those of the stripped key."""
    import json
    import re
    from urllib.parse import quote, quote_plus

    found: set[str] = set()
    for plain in {value, value.strip()}:
        for text in {plain, repr(plain)[1:-1], repr(plain.encode())[2:-1], json.dumps(plain)[1:-1]}:
            encoded = {quote(text, safe=""), quote_plus(text)}
            lower = {re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), e) for e in encoded}
            found |= {text} | encoded | lower
    return found


def leaks(text: str | bytes, keys: dict[str, str] = KEYS) -> list[str]:
    """Which key values, in any spelling, occur in ``text``."""
    data = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return [name for name, value in keys.items() if any(form in data for form in spellings(value))]


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


# -- keys with whitespace (a .env written with CRLF line endings) -------------------

REPORT_FORMATS = ["markdown", "csv", "json", "searchfile"]


def _everything_written(cli: CliRunner, tmp_path: Path, fmt: str) -> list[str]:
    """The run's stdout and stderr, every report format, and the log's bytes."""
    texts: list[str] = []
    result = cli.invoke(app, ["run", "-q", STRATEGY, "--lines", "--format", fmt, "--refresh"])
    texts += [result.stdout, result.stderr, str(result.exception or "")]
    for report in REPORT_FORMATS:
        out = tmp_path / f"report-{report}"
        shown = cli.invoke(app, ["report", "--format", report, "--output", str(out)])
        texts += [shown.stdout, shown.stderr]
        texts += [p.read_text("utf-8", "replace") for p in tmp_path.rglob("report-*") if p.is_file()]
    texts += [p.read_bytes().decode("utf-8", "replace")
              for p in tmp_path.rglob("log.sqlite3*") if p.is_file()]
    return texts


@pytest.mark.parametrize("fmt", FORMATS)
def test_keys_with_surrounding_whitespace_are_stripped_and_never_shown(
    keyed: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("WOS_API_KEY", KEYS["WOS_API_KEY"] + "\r")
    monkeypatch.setenv("NCBI_API_KEY", KEYS["NCBI_API_KEY"] + "\r\n")
    monkeypatch.setenv("IEEE_API_KEY", "  " + KEYS["IEEE_API_KEY"] + "\t")
    cli = CliRunner()
    first = cli.invoke(app, ["run", "-q", STRATEGY, "--format", fmt])
    assert first.exit_code == 0, first.stdout + first.stderr
    # the stripped keys went out, once each line: no retry of a refused header
    assert keyed.wos.last_request.header("X-ApiKey") == KEYS["WOS_API_KEY"]
    assert keyed.pubmed.last_request.param("api_key") == KEYS["NCBI_API_KEY"]
    assert keyed.ieee.last_request.param("apikey") == KEYS["IEEE_API_KEY"]
    assert keyed.wos.request_count == 1
    for text in [first.stdout, first.stderr, caplog.text, *_everything_written(cli, tmp_path, fmt)]:
        assert leaks(text) == [], text[:500]


def test_a_key_with_whitespace_inside_is_refused_naming_the_variable(
    keyed: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = {"WOS_API_KEY": "wos-SECRET b41e0d", "IEEE_API_KEY": "ieee-SECRET\x1b+&/=%2c"}
    for name, value in broken.items():
        monkeypatch.setenv(name, value)
    results = run_plans_sync([plan(n, q) for n, q in QUERIES.items()], settings=fast())
    assert results["pubmed"].status is Status.OK and results["arxiv"].status is Status.OK
    for target, name in (("wos", "WOS_API_KEY"), ("ieee", "IEEE_API_KEY")):
        assert results[target].status is Status.SKIPPED
        assert f"{name} contains whitespace or a control character" in str(results[target].error)
    assert keyed.wos.request_count == 0 and keyed.ieee.request_count == 0
    assert leaks(repr(results), broken) == [] and leaks(str(results), broken) == []
    cli = CliRunner()
    shown = cli.invoke(app, ["run", "-q", STRATEGY, "--format", "json"])
    assert shown.exit_code == 3
    assert "WOS_API_KEY contains whitespace" in shown.stdout
    assert leaks(shown.stdout + shown.stderr, broken) == []


def test_scrub_knows_every_spelling_of_a_key() -> None:
    raw = "ieee-SECRET-+&/=%2c\r"
    secrets = Secrets({"IEEE_API_KEY": raw})
    texts = [
        f"Illegal header value {raw.encode()!r}",        # h11's message: repr of bytes
        f"value {raw!r} refused",                          # repr of the str
        f'{{"key": {json.dumps(raw)}}}',                   # JSON
        "https://x/?apikey=" + quote(raw.strip(), safe="").lower(),   # lower-case hex
        "https://x/?apikey=" + quote_plus(raw.strip()),
    ]
    for text in texts:
        assert leaks(secrets.scrub(text), {"IEEE_API_KEY": raw}) == [], secrets.scrub(text)


# -- only querylang's keys, only in what is said about requests ----------------------


def test_unrelated_tokens_in_the_environment_do_not_touch_the_strategy(
    keyed: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "asthma")
    monkeypatch.setenv("DB_PASSWORD", "wheez*")
    monkeypatch.setenv("AWS_SECRET", "child*")
    cli = CliRunner()
    ran = cli.invoke(app, ["run", "-q", STRATEGY, "--format", "markdown"])
    assert ran.exit_code == 0, ran.stderr
    for fmt in REPORT_FORMATS:
        out = tmp_path / f"out-{fmt}"
        shown = cli.invoke(app, ["report", "--format", fmt, "--output", str(out)])
        assert shown.exit_code == 0, shown.stderr
        written = "".join(p.read_text() for p in tmp_path.rglob(f"out-{fmt}*") if p.is_file())
        assert "[redacted]" not in written + shown.stdout
        assert "asthma OR wheez*" in written + shown.stdout, fmt
    history = cli.invoke(app, ["show", "latest"])
    assert "asthma" in history.stdout and "[redacted]" not in history.stdout


def test_a_request_httpx_cannot_write_is_not_retried_and_not_shown(keyed: FakeApis) -> None:
    """h11 refusing a header quotes it (the key, in repr form): one try, scrubbed."""
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        value = KEYS["WOS_API_KEY"].encode() + b"\r"
        raise httpx.LocalProtocolError(f"Illegal header value {value!r}")

    async def go() -> dict[str, TargetResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
            return await run_plans([plan("wos", QUERIES["wos"])], client=client,
                                   settings=fast(attempts=4))

    import asyncio

    result = asyncio.run(go())["wos"]
    assert len(calls) == 1
    assert "Illegal header value" in str(result.error) and "***" in str(result.error)
    assert leaks(repr(result)) == []


@pytest.mark.parametrize("value", ["\r", "  \r\n", "ncbi SECRET"])
def test_a_blank_or_refused_ncbi_key_does_not_raise_pubmeds_pace(value: str) -> None:
    """NCBI allows 10 requests/s only with a key that is actually sent."""
    from querylang.runner import RunSettings

    settings = RunSettings.from_env({"NCBI_API_KEY": value})
    assert settings.interval("pubmed") == pytest.approx(1 / 3)


def test_http_child_loggers_are_scrubbed_too(caplog: pytest.LogCaptureFixture) -> None:
    """httpcore logs response headers at DEBUG on its child loggers
    (httpcore.http11): a server that echoes the key in a header must not put
    it in the log. A filter on "httpcore" alone does not see those records."""
    caplog.set_level(logging.DEBUG)
    secrets = Secrets({"WOS_API_KEY": "echoed-SECRET-5e6f"})
    with secrets.guard_logs():
        for name in ("httpcore.http11", "httpcore.connection", "httpx"):
            logging.getLogger(name).debug(
                "receive_response_headers.complete return_value=%r",
                (b"HTTP/1.1", 200, b"OK", [(b"X-Echo-Key", b"echoed-SECRET-5e6f")]))
    assert len(caplog.records) == 3
    assert "echoed-SECRET" not in caplog.text and caplog.text.count("***") == 3
