"""Tests of the fake APIs themselves, through real HTTP with httpx.

The client tests trust these fakes to behave like the real services
(as documented by each database: docs/databases.md, "Sources"), so each shape, validation error, fault and limit
is pinned here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from querylang.databases import RUNNABLE
from tests.fakes import (
    FakeArxiv,
    FakeIEEE,
    FakePubMed,
    FakeWoS,
    Fault,
    stable_count,
)
from tests.fakes.wos import ACCEPTED_TAGS, MISS_TAGEQ, WosQueryError, validate_query

if TYPE_CHECKING:
    from tests.fakes.fixtures import FakeApis

pytest_plugins = ["tests.fakes.fixtures"]

OS = "{http://a9.com/-/spec/opensearch/1.1/}"
ATOM = "{http://www.w3.org/2005/Atom}"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """One client for the module: building an httpx.Client costs ~50 ms."""
    with httpx.Client(timeout=5.0) as http:
        yield http


def pubmed_get(http: httpx.Client, fake: FakePubMed, **params: Any) -> httpx.Response:
    base: dict[str, Any] = {"db": "pubmed", "term": "asthma[tiab]", "retmode": "json", "retmax": 0}
    return http.get(fake.url, params={**base, **params})


def wos_get(
    http: httpx.Client, fake: FakeWoS, q: str = "TS=(asthma)", **params: Any
) -> httpx.Response:
    headers = {"X-ApiKey": fake.api_key}
    return http.get(fake.url, params={"q": q, "limit": 1, **params}, headers=headers)


def arxiv_feed(response: httpx.Response) -> ET.Element:
    return ET.fromstring(response.content)


def ieee_get(http: httpx.Client, fake: FakeIEEE, **params: Any) -> httpx.Response:
    base: dict[str, Any] = {"apikey": fake.api_key, "format": "json", "querytext": "(GPT)"}
    base["max_records"] = 1
    return http.get(fake.url, params={**base, **params})


# ---------------------------------------------------------------- common --


def test_url_is_loopback_endpoint_and_server_stops() -> None:
    fake = FakePubMed().start()
    assert fake.url.startswith("http://127.0.0.1:")
    assert fake.url.endswith("/entrez/eutils/esearch.fcgi")
    fake.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(fake.base_url + fake.ENDPOINT, timeout=1.0)


def test_each_fake_serves_its_real_path(fake_apis: FakeApis, client: httpx.Client) -> None:
    assert fake_apis.wos.url.endswith("/apis/wos-starter/v1/documents")
    assert fake_apis.arxiv.url.endswith("/api/query")
    assert fake_apis.ieee.url.endswith("/api/v1/search/articles")
    assert client.get(fake_apis.ieee.base_url + "/elsewhere").status_code == 404
    assert client.delete(fake_apis.arxiv.url).status_code == 405


def test_fixtures_set_environment(fake_apis: FakeApis) -> None:
    assert os.environ["QUERYLANG_PUBMED_URL"] == fake_apis.pubmed.url
    assert os.environ["QUERYLANG_WOS_URL"] == fake_apis.wos.url
    assert os.environ["QUERYLANG_ARXIV_URL"] == fake_apis.arxiv.url
    assert os.environ["QUERYLANG_IEEE_URL"] == fake_apis.ieee.url
    assert os.environ["WOS_API_KEY"] == fake_apis.wos.api_key
    assert os.environ["IEEE_API_KEY"] == fake_apis.ieee.api_key
    assert "NCBI_API_KEY" not in os.environ


def test_counts_are_stable_overridable_and_zeroable(client: httpx.Client) -> None:
    with FakePubMed(counts={"b[ti]": 42}, zero_hits=["c[ti]"]) as fake:
        assert fake.count_for("a[ti]") == stable_count("a[ti]") == fake.count_for("a[ti]")
        counts = [
            pubmed_get(client, fake, term=t).json()["esearchresult"]["count"]
            for t in ("a[ti]", "b[ti]", "c[ti]")
        ]
        assert counts == [str(stable_count("a[ti]")), "42", "0"]
        fake.set_zero("a[ti]")
        assert fake.count_for("a[ti]") == 0


def test_requests_are_recorded_decoded_and_raw(
    fake_pubmed: FakePubMed, client: httpx.Client
) -> None:
    pubmed_get(
        client, fake_pubmed, term='"breast feed*"[tiab] AND x', tool="querylang", email="a@b.org"
    )
    req = fake_pubmed.last_request
    assert req.method == "GET" and req.path == fake_pubmed.ENDPOINT
    assert req.param("term") == '"breast feed*"[tiab] AND x'
    assert "term=%22breast+feed%2A%22%5Btiab%5D+AND+x" in req.query_string
    assert (req.header("user-agent") or "").startswith("python-httpx")
    assert req.body == b"" and req.arrived <= time.monotonic()
    assert fake_pubmed.request_count == 1 and req.status == 200
    assert fake_pubmed.tools == ["querylang"] and fake_pubmed.emails == ["a@b.org"]


def test_script_parses_short_forms_and_rejects_unknown() -> None:
    assert Fault.parse("429:2") == Fault.http(429, retry_after=2)
    assert Fault.parse("slow:0.5") == Fault.slow(0.5)
    assert Fault.parse(503) == Fault.http(503)
    assert Fault.parse("phrasesnotfound:xyzzy").message == "xyzzy"
    assert Fault.parse("over_rate:60").retry_after == 60
    fake = FakeArxiv()
    fake.script(["arxiv_error", "ok"])
    assert [f.kind for f in fake.pending_faults] == ["error_feed", "ok"]
    with pytest.raises(ValueError, match="unknown fault"):
        fake.script(["over_rate"])  # an IEEE fault, not an arXiv one
    fake.clear_faults()
    assert fake.pending_faults == []


# ---------------------------------------------------------------- faults --


def test_faults_apply_in_order_then_normal(client: httpx.Client) -> None:
    with FakePubMed(rate_limit=None) as fake:
        fake.script(["429:2", 500, "502", "503", "ok"])
        statuses = [pubmed_get(client, fake) for _ in range(6)]
    assert [r.status_code for r in statuses] == [429, 500, 502, 503, 200, 200]
    assert statuses[0].headers["Retry-After"] == "2"
    assert statuses[0].json()["error"] == "API rate limit exceeded"
    assert "Retry-After" not in statuses[1].headers
    assert [r.fault for r in fake.requests][:5] == ["429:2", "500", "502", "503", None]


def test_slow_fault_trips_timeouts_and_latency_delays(client: httpx.Client) -> None:
    with FakeArxiv(min_interval=0, latency=0.05) as fake:
        fake.script([Fault.slow(0.3)])
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(fake.url, params={"search_query": "all:x"}, timeout=0.1)
        began = time.monotonic()
        assert client.get(fake.url, params={"search_query": "all:x"}).status_code == 200
        assert time.monotonic() - began >= 0.05


def test_drop_closes_without_response(fake_ieee: FakeIEEE, client: httpx.Client) -> None:
    fake_ieee.script(["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        ieee_get(client, fake_ieee)
    assert ieee_get(client, fake_ieee).status_code == 200
    assert fake_ieee.requests[0].status is None and fake_ieee.requests[0].fault == "drop"


def test_malformed_bodies_do_not_parse(
    fake_wos: FakeWoS, fake_arxiv: FakeArxiv, client: httpx.Client
) -> None:
    fake_wos.script(["malformed"])
    response = wos_get(client, fake_wos)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    fake_arxiv.script(["malformed"])
    with pytest.raises(ET.ParseError):
        arxiv_feed(client.get(fake_arxiv.url, params={"search_query": "all:x"}))


# ---------------------------------------------------------------- PubMed --


def test_pubmed_json_shape(fake_pubmed: FakePubMed, client: httpx.Client) -> None:
    body = pubmed_get(client, fake_pubmed, term="asthma[tiab] AND 2013:2023[dp]").json()
    assert body["header"] == {"type": "esearch", "version": "0.3"}
    result = body["esearchresult"]
    assert isinstance(result["count"], str) and result["idlist"] == []
    # as real PubMed spells it: quoted, tags and years written out, parenthesised
    assert result["querytranslation"] == (
        '("asthma"[Title/Abstract] AND 2013/01/01:2023/12/31[Date - Publication])'
    )
    assert result["errorlist"] == {"phrasesnotfound": [], "fieldsnotfound": []}
    assert result["warninglist"]["quotedphrasesnotfound"] == []


def test_pubmed_post_form_xml_and_rettype_count(
    fake_pubmed: FakePubMed, client: httpx.Client
) -> None:
    long_term = " OR ".join(f"term{i}[tiab]" for i in range(200))
    form = {"db": "pubmed", "term": long_term, "retmode": "json", "retmax": "0"}
    posted = client.post(fake_pubmed.url, data=form).json()["esearchresult"]
    assert posted["count"] == str(stable_count(long_term))
    assert fake_pubmed.last_request.form_params["term"] == [long_term]
    xml = client.get(fake_pubmed.url, params={"db": "pubmed", "term": "x[ti]", "retmax": "0"})
    assert ET.fromstring(xml.content).findtext("Count") == str(stable_count("x[ti]"))
    counted = pubmed_get(client, fake_pubmed, term="x[ti]", rettype="count").json()
    assert counted["esearchresult"] == {"count": str(stable_count("x[ti]"))}


def test_pubmed_validation(client: httpx.Client) -> None:
    with FakePubMed(rate_limit=None, max_url_length=500) as fake:
        assert pubmed_get(client, fake, db="pmc").status_code == 400
        empty = pubmed_get(client, fake, term="")
        assert empty.status_code == 200
        assert empty.json()["esearchresult"]["ERROR"].startswith("Empty term")
        assert pubmed_get(client, fake, term="x" * 600).status_code == 414
        assert "ERROR" in pubmed_get(client, fake, retmax="lots").json()["esearchresult"]


def test_pubmed_api_key(client: httpx.Client) -> None:
    with FakePubMed(api_key="good") as fake:
        bad = pubmed_get(client, fake, api_key="nope")
        assert bad.status_code == 400 and bad.json()["error"] == "API key invalid"
        assert pubmed_get(client, fake, api_key="good").status_code == 200


def test_pubmed_rate_limit_without_and_with_key(client: httpx.Client) -> None:
    with FakePubMed(api_key="good") as fake:
        keyless = [pubmed_get(client, fake).status_code for _ in range(4)]
        assert keyless == [200, 200, 200, 429]
        body = pubmed_get(client, fake).json()
        assert body["error"] == "API rate limit exceeded" and body["count"] == "5"
        keyed = [pubmed_get(client, fake, api_key="good").status_code for _ in range(11)]
        assert keyed == [200] * 10 + [429]
        fake.reset()
        assert pubmed_get(client, fake).status_code == 200


def test_pubmed_in_band_faults(fake_pubmed: FakePubMed, client: httpx.Client) -> None:
    fake_pubmed.script(["error_field", "phrasesnotfound:xyzzy", "quotedphrasesnotfound"])
    error = pubmed_get(client, fake_pubmed).json()
    assert error["esearchresult"]["ERROR"].startswith("Search Backend failed")
    found = pubmed_get(client, fake_pubmed).json()["esearchresult"]
    assert found["errorlist"]["phrasesnotfound"] == ["xyzzy"]
    quoted = pubmed_get(client, fake_pubmed, term='"hip pain"[tiab]').json()["esearchresult"]
    assert quoted["warninglist"]["quotedphrasesnotfound"] == ["hip"]


def test_pubmed_unknown_phrases_option(client: httpx.Client) -> None:
    with FakePubMed(unknown_phrases=["xyzzy"]) as fake:
        result = pubmed_get(client, fake, term="xyzzy[tiab] AND a[ti]").json()["esearchresult"]
        assert result["errorlist"]["phrasesnotfound"] == ["xyzzy"]


# ------------------------------------------------------------------- WoS --


def test_wos_success_shape(fake_wos: FakeWoS, client: httpx.Client) -> None:
    body = wos_get(client, fake_wos, q="TS=(asthma) AND PY=(2013-2023)", limit=3).json()
    total = stable_count("TS=(asthma) AND PY=(2013-2023)")
    assert body["metadata"] == {"total": total, "page": 1, "limit": 3}
    assert len(body["hits"]) == 3 and set(body["hits"][0]) >= {"uid", "title"}
    fake_wos.set_zero("TI=(nothing)")
    assert wos_get(client, fake_wos, q="TI=(nothing)").json()["hits"] == []
    assert fake_wos.last_request.header("X-ApiKey") == fake_wos.api_key


def test_wos_key_required(fake_wos: FakeWoS, client: httpx.Client) -> None:
    missing = client.get(fake_wos.url, params={"q": "TS=x", "limit": 1})
    wrong = client.get(fake_wos.url, params={"q": "TS=x"}, headers={"X-ApiKey": "bad"})
    assert missing.status_code == wrong.status_code == 401
    assert wrong.json()["fault"]["faultstring"] == "Invalid ApiKey"


@pytest.mark.parametrize("limit", ["0", "51", "ten", "-1"])
def test_wos_limit_range(fake_wos: FakeWoS, client: httpx.Client, limit: str) -> None:
    response = wos_get(client, fake_wos, limit=limit)
    assert response.status_code == 400 and "limit" in response.json()["error"]["details"]


def test_wos_limit_bounds_and_db(fake_wos: FakeWoS, client: httpx.Client) -> None:
    assert wos_get(client, fake_wos, limit=50).status_code == 200
    assert wos_get(client, fake_wos, db="MEDLINE").status_code == 200
    assert wos_get(client, fake_wos, db="NOPE").status_code == 400
    assert wos_get(client, fake_wos, page="0").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "TS=(asthma)",
        'TS=("heart attack" OR infarct*) AND PY=(2013-2023)',
        'TI=("a (b) = c")',
        'ts=("x)" NEAR/5 y) not (AU=(Smith) SAME SO=(Nature))',
        "(TS=a OR TI=b) DT=(Article)",
        "DOP=2020-01-01 AND FPY=2020 AND PMID=123 AND SUR=x AND UT=WOS:1",
    ],
)
def test_wos_accepts_valid_queries(query: str) -> None:
    validate_query(query)


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("asthma", MISS_TAGEQ),
        ('"heart attack"', MISS_TAGEQ),
        ("TS=(asthma) AND children", MISS_TAGEQ),
        ("(asthma OR copd)", MISS_TAGEQ),
        ("AB=(asthma)", "Accepted field tags are: AI, AU"),
        ("TS=x AND LA=(English)", "Accepted field tags are"),
        ("ALL=(x)", "TS, UT, VL"),
        ("TS=(asthma", "Unbalanced parentheses"),
        ("TS=asthma)", "Unbalanced parentheses"),
        ('TS=("asthma)', "Unbalanced quotes"),
        ("TS=(a OR)", "lacks a right operand"),
        ("TS=(OR a)", "Unexpected operator"),
        ("TS=()", "Empty parentheses"),
        ("TS=", "Missing search term"),
        ("TS=(a AND TI=b)", "inside a tagged group"),
        ("= x", "Unexpected"),
    ],
)
def test_wos_rejects_invalid_queries(query: str, needle: str) -> None:
    with pytest.raises(WosQueryError, match=None) as caught:
        validate_query(query)
    assert needle in str(caught.value)


def test_wos_400_body_over_http(fake_wos: FakeWoS, client: httpx.Client) -> None:
    missing = wos_get(client, fake_wos, q="asthma")
    assert missing.status_code == 400
    error = missing.json()["error"]
    assert error["status"] == 400 and error["title"] == "Invalid syntax for the request"
    assert error["details"].endswith(MISS_TAGEQ)
    bad_tag = wos_get(client, fake_wos, q="AB=(x)").json()["error"]["details"]
    assert all(tag in bad_tag for tag in ACCEPTED_TAGS)


def test_wos_rate_quota_and_faults(client: httpx.Client) -> None:
    with FakeWoS(rate_limit=2, rate_window=0.2, daily_quota=3) as fake:
        statuses = [wos_get(client, fake).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        time.sleep(0.25)
        assert wos_get(client, fake).status_code == 200
        over = wos_get(client, fake)
        assert over.status_code == 429 and "Quota" in over.json()["fault"]["faultstring"]
        fake.reset()
        fake.script(["syntax_error", "unauthorized", "429:1"])
        assert wos_get(client, fake).json()["error"]["details"].endswith(MISS_TAGEQ)
        assert wos_get(client, fake).status_code == 401
        assert wos_get(client, fake).headers["Retry-After"] == "1"


# ----------------------------------------------------------------- arXiv --


def test_arxiv_feed_shape(fake_arxiv: FakeArxiv, client: httpx.Client) -> None:
    query = 'ti:"large language" AND submittedDate:[201301010000 TO 202312312359]'
    response = client.get(fake_arxiv.url, params={"search_query": query, "max_results": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = arxiv_feed(response)
    assert feed.findtext(f"{OS}totalResults") == str(stable_count(query))
    assert feed.findtext(f"{OS}startIndex") == "0"
    assert feed.findtext(f"{OS}itemsPerPage") == "2"
    assert query in (feed.findtext(f"{ATOM}title") or "")
    assert len(feed.findall(f"{ATOM}entry")) == 2
    fake_arxiv.set_zero("all:nothing")
    empty = arxiv_feed(client.get(fake_arxiv.url, params={"search_query": "all:nothing"}))
    assert empty.findtext(f"{OS}totalResults") == "0" and not empty.findall(f"{ATOM}entry")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "(ti:x",
        "ti:x)",
        'ti:"open',
        "ti:x AND",
        "AND ti:x",
        "ti:x AND OR abs:y",
        "()",
        "submittedDate:[2013 TO",
    ],
)
def test_arxiv_error_feed(fake_arxiv: FakeArxiv, client: httpx.Client, query: str) -> None:
    response = client.get(fake_arxiv.url, params={"search_query": query, "max_results": 0})
    assert response.status_code == 400
    feed = arxiv_feed(response)
    assert feed.findtext(f"{OS}totalResults") == "1"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert (entry.findtext(f"{ATOM}id") or "").startswith("http://arxiv.org/api/errors#")
    assert entry.findtext(f"{ATOM}title") == "Error" and entry.findtext(f"{ATOM}summary")


def test_arxiv_error_status_configurable_and_scripted(client: httpx.Client) -> None:
    with FakeArxiv(min_interval=0, error_status=200) as fake:
        fake.script(["error_feed:boom"])
        response = client.get(fake.url, params={"search_query": "all:x"})
        assert response.status_code == 200
        assert arxiv_feed(response).findtext(f"{ATOM}entry/{ATOM}summary") == "boom"
        bad = client.get(fake.url, params={"search_query": "all:x", "start": "x"})
        assert bad.status_code == 200 and b"start must be an integer" in bad.content


def test_arxiv_interval_limit(client: httpx.Client) -> None:
    with FakeArxiv(min_interval=0.2) as fake:
        assert client.get(fake.url, params={"search_query": "all:x"}).status_code == 200
        throttled = client.get(fake.url, params={"search_query": "all:x"})
        assert throttled.status_code == 429 and throttled.text == "Rate exceeded."
        time.sleep(0.25)
        assert client.get(fake.url, params={"search_query": "all:x"}).status_code == 200


def test_arxiv_tracks_concurrency(client: httpx.Client) -> None:
    http = client  # httpx.Client is thread-safe
    with FakeArxiv(min_interval=0, latency=0.1) as fake:
        http.get(fake.url, params={"search_query": "all:x"})
        http.get(fake.url, params={"search_query": "all:y"})
        assert fake.max_in_flight == 1
        threads = [
            threading.Thread(
                target=http.get, args=(fake.url,), kwargs={"params": {"search_query": "all:z"}}
            )
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert fake.max_in_flight == 2


# ------------------------------------------------------------------ IEEE --


def test_ieee_success_shape(fake_ieee: FakeIEEE, client: httpx.Client) -> None:
    query = '("All Metadata": GPT) AND ("All Metadata": Medical image)'
    body = ieee_get(client, fake_ieee, querytext=query, start_year=2013, end_year=2023).json()
    assert body["total_records"] == stable_count(query)
    assert body["total_searched"] == 5168113 and len(body["articles"]) == 1
    assert fake_ieee.last_request.param("querytext") == query
    fake_ieee.set_zero("(nothing)")
    assert "articles" not in ieee_get(client, fake_ieee, querytext="(nothing)").json()


def test_ieee_bad_key_is_html_403(fake_ieee: FakeIEEE, client: httpx.Client) -> None:
    for key in ("wrong", None):
        response = ieee_get(client, fake_ieee, apikey=key)
        assert response.status_code == 403 and response.text == "<h1>Developer Inactive</h1>"
        assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "params",
    [
        {"start_year": "13"},
        {"end_year": "20x3"},
        {"start_year": 2024, "end_year": 2013},
        {"querytext": ""},
        {"max_records": 0},
        {"format": "csv"},
    ],
)
def test_ieee_validation(fake_ieee: FakeIEEE, client: httpx.Client, params: dict[str, Any]) -> None:
    assert ieee_get(client, fake_ieee, **params).status_code == 400


def test_ieee_over_rate_and_quota(client: httpx.Client) -> None:
    with FakeIEEE(rate_limit=2, rate_window=0.2, daily_quota=3, quota_retry_after=7) as fake:
        statuses = [ieee_get(client, fake) for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 403]
        assert statuses[2].headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_QPS"
        time.sleep(0.25)
        assert ieee_get(client, fake).status_code == 200
        over = ieee_get(client, fake)
        assert over.status_code == 403 and over.headers["Retry-After"] == "7"
        assert over.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_RATE"
        fake.reset()
        fake.script(["ieee_over_rate:30"])
        scripted = ieee_get(client, fake)
        assert scripted.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_RATE"
        assert scripted.headers["Retry-After"] == "30"


# ------------------------------------------------------------ __main__ --


def test_the_fixtures_hold_a_fake_for_every_database_with_an_api() -> None:
    from tests.fakes.fixtures import FAKE_NAMES

    assert list(FAKE_NAMES) == list(RUNNABLE)


def test_main_prints_exports_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "--latency", "0", "--arxiv-interval", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("# serving"):
            line = process.stdout.readline()
            assert line, "the fakes stopped before serving"
            lines.append(line.strip())
        exports = dict(
            line.removeprefix("export ").split("=", 1) for line in lines if line.startswith("export ")
        )
        # One fake for every database with an API (the registry's), its key
        # variable where it has one, and the demo's own search log.
        assert set(exports) == {
            *(entry.spec.url_env for entry in RUNNABLE.values() if entry.spec is not None),
            *(entry.key_env for entry in RUNNABLE.values() if entry.key_env is not None),
            "QUERYLANG_HOME",
        }
        assert {"QUERYLANG_SCOPUS_URL", "QUERYLANG_EUROPEPMC_URL", "QUERYLANG_OPENALEX_URL",
                "SCOPUS_API_KEY", "OPENALEX_API_KEY"} <= set(exports)
        assert len(lines) == len(exports) + 2  # and the "when done" and "serving" comments
        response = httpx.get(exports["QUERYLANG_ARXIV_URL"], params={"search_query": "all:x"})
        assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
