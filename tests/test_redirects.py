"""Redirects never carry a key to another origin (issue 11, item 2).

Two loopback fakes on two ports are two origins (the port differs): the
first answers a redirect to the second, and the second must receive
nothing. A GET redirected within its own origin is followed; a POST is
never re-sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from querylang.results import Status
from querylang.runner import SPECS, run_plans_sync
from tests.fakes import Fault
from tests.fakes.fixtures import FakeApis
from tests.fakes.pubmed import FakePubMed
from tests.fakes.wos import FakeWoS
from tests.runhelp import QUERIES, fast, plan

LONG_TERM = "(" + " OR ".join(f"term{n}[tiab]" for n in range(120)) + ")"


@pytest.fixture
def other_wos() -> Iterator[FakeWoS]:
    """A second Web of Science fake: another origin, with the same valid key."""
    with FakeWoS() as fake:
        yield fake


@pytest.fixture
def other_pubmed() -> Iterator[FakePubMed]:
    with FakePubMed() as fake:
        yield fake


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_another_origin_is_refused_and_names_the_target(
    fake_apis: FakeApis, other_wos: FakeWoS, status: int
) -> None:
    location = f"{other_wos.url}?q=TS%3D(x)&apikey={fake_apis.wos.api_key}"
    fake_apis.wos.script([Fault.redirect(status, location)])
    result = run_plans_sync([plan("wos", QUERIES["wos"])], settings=fast())["wos"]
    assert other_wos.request_count == 0  # the key went nowhere else
    assert result.status is Status.ERROR
    error = str(result.error)
    assert f"another origin, {other_wos.base_url}" in error
    assert "QUERYLANG_WOS_URL" in error
    assert "apikey" not in error and fake_apis.wos.api_key not in error  # no query string
    assert fake_apis.wos.request_count == 1  # permanent: not retried


def test_another_scheme_or_port_on_the_same_host_is_another_origin(
    fake_apis: FakeApis,
) -> None:
    same_host_other_port = f"http://127.0.0.1:{fake_apis.wos.port + 1}{fake_apis.wos.ENDPOINT}"
    https_same_port = f"https://127.0.0.1:{fake_apis.wos.port}{fake_apis.wos.ENDPOINT}"
    fake_apis.wos.script([Fault.redirect(302, same_host_other_port)])
    fake_apis.ieee.script([Fault.redirect(302, https_same_port)])
    results = run_plans_sync([plan("wos", QUERIES["wos"]), plan("ieee", QUERIES["ieee"])],
                             settings=fast())
    assert "another origin" in str(results["wos"].error)
    assert "another origin, https://127.0.0.1" in str(results["ieee"].error)


def test_pubmed_post_redirected_elsewhere_does_not_resend_the_key(
    fake_apis: FakeApis, other_pubmed: FakePubMed, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(LONG_TERM) > (SPECS["pubmed"].post_above or 0)  # goes by POST, key in the body
    monkeypatch.setenv("NCBI_API_KEY", fake_apis.pubmed.api_key)
    other_pubmed.api_key = fake_apis.pubmed.api_key
    fake_apis.pubmed.script([Fault.redirect(307, other_pubmed.url)])
    result = run_plans_sync([plan("pubmed", LONG_TERM)], settings=fast())["pubmed"]
    assert fake_apis.pubmed.last_request.method == "POST"
    assert other_pubmed.request_count == 0
    assert result.status is Status.ERROR
    assert f"another origin, {other_pubmed.base_url}" in str(result.error)


@pytest.mark.parametrize("status", [307, 308])
def test_pubmed_post_redirected_within_its_origin_is_not_sent_again(
    fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setenv("NCBI_API_KEY", fake_apis.pubmed.api_key)
    fake_apis.pubmed.script([Fault.redirect(status, fake_apis.pubmed.url)])
    result = run_plans_sync([plan("pubmed", LONG_TERM)], settings=fast())["pubmed"]
    assert fake_apis.pubmed.request_count == 1
    assert result.status is Status.ERROR
    assert f"redirected a POST request (HTTP {status})" in str(result.error)


def test_get_redirected_within_its_origin_is_followed(fake_apis: FakeApis) -> None:
    query = QUERIES["wos"]
    params = {SPECS["wos"].query_param: query, **SPECS["wos"].params}
    fake_apis.wos.set_count(query, 4242)
    fake_apis.wos.script([Fault.redirect(302, f"{fake_apis.wos.ENDPOINT}?{urlencode(params)}")])
    result = run_plans_sync([plan("wos", query)], settings=fast())["wos"]
    assert result.status is Status.OK, result.error
    assert result.count == 4242
    first, second = fake_apis.wos.requests
    assert first.status == 302 and second.status == 200
    assert second.header("X-ApiKey") == fake_apis.wos.api_key  # the same origin had it already


def test_a_redirect_loop_within_the_origin_ends(fake_apis: FakeApis) -> None:
    fake_apis.arxiv.script([Fault.redirect(302, fake_apis.arxiv.url)] * 10)
    result = run_plans_sync([plan("arxiv", QUERIES["arxiv"])], settings=fast())["arxiv"]
    assert result.status is Status.ERROR
    assert "redirected the request more than 5 times" in str(result.error)
    assert fake_apis.arxiv.request_count == 6
