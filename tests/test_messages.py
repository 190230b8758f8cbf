"""Faults say what happened (issue 11, items 14 and 16).

Each fault is injected by a loopback fake (``Fault.reset()``,
``Fault.body(...)``) or sent on standard input; the message must name the
cause in words, never "internal error" or an exception's bare class name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from querylang.cli import app
from querylang.results import Status, TargetResult
from querylang.runner import run_plans_sync
from tests.fakes import Fault
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, fast, plan

JSON = "application/json; charset=UTF-8"


def _run(target: str, query: str | None = None, **settings: object) -> TargetResult:
    return run_plans_sync([plan(target, query or QUERIES[target])],
                          settings=fast(**settings))[target]


# -- item 16: messages ----------------------------------------------------------------


def test_a_connection_reset_is_said_in_words(fake_apis: FakeApis) -> None:
    fake_apis.wos.script([Fault.reset(), Fault.reset()])
    result = _run("wos", attempts=2)
    assert result.status is Status.ERROR
    error = str(result.error)
    assert "the connection was reset by the server" in error
    assert "ReadError: ReadError" not in error
    assert fake_apis.wos.request_count == 2  # still retried: a reset may pass


def test_a_reset_then_an_answer_is_a_count(fake_apis: FakeApis) -> None:
    fake_apis.ieee.script([Fault.reset()])
    assert _run("ieee").status is Status.OK


ARXIV_MAINTENANCE = (
    "<!DOCTYPE html>\n<html lang='en'><head><title>arXiv is down for maintenance</title>"
    "<style>body { color: red }</style><script>var x = '<b>';</script></head>"
    "<body><h1>Back soon</h1><p>We&#39;re upgrading \x1b[31mthe API</p>" + "<p>x</p>" * 500
    + "</body></html>"
)


@pytest.mark.parametrize("page", [
    ARXIV_MAINTENANCE,                                  # not XML at all
    ARXIV_MAINTENANCE.replace("</body></html>", ""),    # cut short
    "<html><head><title>arXiv is down for maintenance</title></head><body><h1>Back soon"
    "</h1><p>We&#39;re upgrading the API</p></body></html>",  # well-formed, but no feed
])
def test_an_html_page_from_arxiv_is_quoted_short_and_clean(fake_apis: FakeApis, page: str) -> None:
    fake_apis.arxiv.script([Fault.body(page)])
    result = _run("arxiv")
    assert result.status is Status.ERROR
    error = str(result.error)
    assert "arXiv is down for maintenance Back soon We're upgrading" in error
    assert "<" not in error and "\x1b" not in error and "color: red" not in error
    assert len(error) < 400


def test_a_query_too_long_for_a_url_says_so(fake_apis: FakeApis) -> None:
    query = "TS=(" + " OR ".join(f"word{n}" for n in range(12_000)) + ")"
    result = _run("wos", query)
    assert result.status is Status.ERROR
    error = str(result.error)
    assert "the query is too long" in error and "shorten it" in error
    assert "QUERYLANG_WOS_URL" not in error and "bad endpoint" not in error


def test_http_414_says_the_query_is_too_long(fake_apis: FakeApis) -> None:
    fake_apis.ieee.script([Fault.http(414)])
    error = str(_run("ieee").error)
    assert "the query is too long for IEEE Xplore's URL (HTTP 414" in error


@pytest.mark.parametrize("count", ["²", "١٢", "12\u00b3"])
def test_a_pubmed_count_in_other_digits_is_a_malformed_answer(
    fake_apis: FakeApis, count: str
) -> None:
    body = json.dumps({"esearchresult": {"count": count, "idlist": []}}, ensure_ascii=False)
    fake_apis.pubmed.script([Fault.body(body, JSON)])
    result = _run("pubmed")
    assert result.status is Status.ERROR
    assert "PubMed sent a malformed answer: no valid count" in str(result.error)
    assert "internal error" not in str(result.error)


@pytest.mark.parametrize("target", ["pubmed", "wos", "ieee"])
def test_json_nested_too_deep_is_a_malformed_answer(fake_apis: FakeApis, target: str) -> None:
    getattr(fake_apis, target).script([Fault.body("[" * 100_000 + "]" * 100_000, JSON)])
    result = _run(target)
    assert result.status is Status.ERROR
    assert "malformed answer: JSON nested too deeply" in str(result.error)
    assert "internal error" not in str(result.error)


def test_ieee_answering_an_empty_object_is_malformed_not_zero(fake_apis: FakeApis) -> None:
    fake_apis.ieee.script([Fault.body("{}", JSON)])
    result = _run("ieee")
    assert result.status is Status.ERROR and result.count is None
    assert "IEEE Xplore sent a malformed answer: no total_records" in str(result.error)


# -- item 14: standard input is decoded as strictly as a file ---------------------------

LATIN1 = "café OR tea\n".encode("latin-1")  # b"caf\xe9 OR tea\n"


@pytest.mark.parametrize("command", [["lint", "-"], ["compile", "-", "--to", "pubmed"],
                                     ["run", "-", "--no-log", "--db", "pubmed"]])
def test_non_utf8_standard_input_is_refused_like_a_file(
    command: list[str], fake_apis: FakeApis
) -> None:
    result = CliRunner().invoke(app, command, input=LATIN1)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "standard input is not UTF-8 text (byte 3, 0xe9, at line 1 column 4)" in result.stderr
    assert fake_apis.pubmed.request_count == 0


def test_non_utf8_file_gives_the_same_message(tmp_path: Path) -> None:
    path = tmp_path / "latin1.qry"
    path.write_bytes(b"asthma\n" + LATIN1)
    result = CliRunner().invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert f"{path} is not UTF-8 text (byte 10, 0xe9, at line 2 column 4)" in result.stderr


def test_non_utf8_standard_input_through_the_fast_path() -> None:
    """``querylang lint -`` as a shell runs it (the entry point's own path)."""
    proc = subprocess.run([sys.executable, "-m", "querylang", "lint", "-"], input=LATIN1,
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert b"standard input is not UTF-8 text (byte 3" in proc.stderr


def test_utf8_standard_input_with_a_byte_order_mark_and_crlf_still_reads() -> None:
    data = "\ufeff1. café OR thé\r\n2. #1 AND child*\r\n".encode()
    result = CliRunner().invoke(app, ["fmt", "-"], input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("1. café OR thé")
