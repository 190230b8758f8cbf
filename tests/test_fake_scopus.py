"""The fake Scopus Search API accepts what Scopus accepts, refuses what it
refuses, and answers in its documented shapes (docs/db-scopus.md)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes import stable_count
from tests.fakes.idclause import FakeRecord
from tests.fakes.pool import make_pool
from tests.fakes.scopus import (
    DEFAULT_API_KEY,
    EMPTY_ENTRY,
    OFFSET_MAX,
    QUOTA_STATUS,
    SERVICE_LEVEL,
    WEEKLY_QUOTA,
    FakeScopus,
)
from tests.fakes.scopus_query import ScopusQueryError, validate_query

KEY = {"X-ELS-APIKey": DEFAULT_API_KEY, "Accept": "application/json"}
QUERY = 'TITLE-ABS-KEY("large language model*" OR llm) AND PUBYEAR > 2012 AND PUBYEAR < 2024'


@pytest.fixture
def scopus() -> Iterator[FakeScopus]:
    with FakeScopus() as fake:
        yield fake


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as session:
        yield session


def get(client: httpx.Client, fake: FakeScopus, headers: dict[str, str] | None = None,
        **params: Any) -> httpx.Response:
    return client.get(fake.url, params=params, headers=KEY if headers is None else headers)


def status_of(body: dict[str, Any]) -> dict[str, str]:
    status: dict[str, str] = body["service-error"]["status"]
    return status


# -- queries Scopus accepts and refuses ---------------------------------------------------

ACCEPTED = [
    "TITLE-ABS-KEY(asthma)",
    'TITLE("acute asthma" OR {heart-attack})',
    "ABS(wheez*) AND KEY(child*) AND AUTHKEY(asthma)",
    'AUTH("Smith J") AND SRCTITLE(Radiology) AND DOI("10.1021/es052595+")',
    "TITLE-ABS-KEY(pain W/15 morphine) AND TITLE(behavioural PRE/3 disturbances)",
    "TITLE-ABS-KEY(bay PRE/6 ship* PRE/6 channel)",
    "TITLE-ABS-KEY(cat pre/10 dog AND mouse)",
    "KEY(mouse AND NOT cat OR dog)",
    "KEY(cat AND dog AND NOT rodent OR mouse)",
    "TITLE-ABS-KEY(wind power)",
    "PUBYEAR > 2012 AND PUBYEAR < 2024 AND LANGUAGE(english) AND DOCTYPE(ar)",
    "ISSN(1361-8415) AND PUBYEAR IS 2010",
    "TITLE-ABS-KEY(analy?e) and title-abs-key(h*emoglobin) or all(gene)",
    "(TITLE-ABS-KEY(a) OR TITLE-ABS-KEY(b)) AND NOT TITLE-ABS-KEY(c)",
    "REF(REFAUTH(Watson) AND REFAUTH(Crick))",
    "heart attack AND text (liver)",
    "TITLE-ABS-KEY(ship* PRE/0 channel) AND PUBYEAR AFT 2012 AND PUBYEAR BEF 2024",
    "TITLE-ABS-KEY((hip) W/3 pain)",
]

REFUSED = [
    ("", "empty"),
    ("TITLE-ABS-KEY(asthma", "unclosed ("),
    ("TITLE-ABS-KEY(asthma))", "unmatched )"),
    ('TITLE("acute asthma)', "unclosed \""),
    ("TITLE({exact phrase)", "unclosed {"),
    ("TITEL(asthma)", "unknown field"),
    ("TITLE-ABS-KEY(bay PRE/6 (ship* OR channel))", "right operand"),
    ("TITLE-ABS-KEY(cat w/11 dog OR mouse)", "right operand"),
    ("TITLE-ABS-KEY((a OR b) W/2 c)", "left operand"),
    ("TITLE-ABS-KEY(bay PRE/6 ship* PRE/0 channel)", "mixed"),
    ("TITLE-ABS-KEY(bay W/6 ship* PRE/6 channel)", "mixed"),
    ("TITLE-ABS-KEY(a W/256 b)", "0 to 255"),
    ("TITLE-ABS-KEY(asthma OR)", "lacks a right operand"),
    ("OR asthma", "lacks a left operand"),
    ("TITLE-ABS-KEY(asthma AND OR wheeze)", "lacks a right operand"),
    ("TITLE-ABS-KEY(asthma NOT wheeze)", "NOT without AND"),
    ("TITLE-ABS-KEY()", "empty parentheses"),
    ("TITLE-ABS-KEY(x AND PUBYEAR > 2020)", "inside a field group"),
    ("asthma AND PUBYEAR > 20", "four-digit year"),
    ("asthma AND PUBYEAR 2020", "needs >"),
    ('TITLE("")', "empty phrase"),
]


@pytest.mark.parametrize("query", ACCEPTED)
def test_validator_accepts_documented_forms(query: str) -> None:
    validate_query(query)


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_validator_refuses_what_scopus_refuses(query: str, reason: str) -> None:
    with pytest.raises(ScopusQueryError, match=re.escape(reason)):
        validate_query(query)


def test_refused_query_is_the_one_opaque_400(scopus: FakeScopus, client: httpx.Client) -> None:
    response = get(client, scopus, query="TITLE-ABS-KEY(bay PRE/6 (ship* OR channel))")
    assert response.status_code == 400
    assert status_of(response.json()) == {"statusCode": "INVALID_INPUT",
                                          "statusText": "Error translating query"}
    assert scopus.last_query_error is not None and "right operand" in scopus.last_query_error


# -- counts and pages ----------------------------------------------------------------------


def test_count_is_a_string_under_search_results(scopus: FakeScopus, client: httpx.Client) -> None:
    response = get(client, scopus, query=QUERY, count="1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    results = response.json()["search-results"]
    assert results["opensearch:totalResults"] == str(stable_count(QUERY))
    assert results["opensearch:startIndex"] == "0"
    assert results["opensearch:itemsPerPage"] == "1"
    assert results["opensearch:Query"] == {"@role": "request", "@searchTerms": QUERY,
                                           "@startPage": "0"}
    assert len(results["entry"]) == 1
    assert scopus.last_request.query_params["query"] == [QUERY]


def test_entry_has_the_record_fields(scopus: FakeScopus, client: httpx.Client) -> None:
    item = get(client, scopus, query=QUERY, count="2").json()["search-results"]["entry"][0]
    assert item["dc:identifier"].startswith("SCOPUS_ID:")
    assert item["eid"] == "2-s2.0-" + item["dc:identifier"].removeprefix("SCOPUS_ID:")
    assert item["prism:doi"].startswith("10.")
    assert item["prism:coverDate"][:4].isdigit()
    for name in ("dc:title", "dc:creator", "prism:publicationName", "citedby-count"):
        assert isinstance(item[name], str)
    assert "-" not in item["prism:issn"]
    assert "author" not in item  # the author list is COMPLETE only


def test_complete_view_adds_authors_and_keeps_its_page_max(
        scopus: FakeScopus, client: httpx.Client) -> None:
    item = get(client, scopus, query=QUERY, view="COMPLETE", count="25").json()
    first = item["search-results"]["entry"][0]
    assert first["author"][0]["@seq"] == "1" and "authkeywords" in first
    refused = get(client, scopus, query=QUERY, view="COMPLETE", count="26")
    assert refused.status_code == 400
    assert status_of(refused.json())["statusText"] == SERVICE_LEVEL


def test_zero_hits_still_carry_one_error_entry(scopus: FakeScopus, client: httpx.Client) -> None:
    scopus.set_zero("TITLE(xyzzy)")
    results = get(client, scopus, query="TITLE(xyzzy)").json()["search-results"]
    assert results["opensearch:totalResults"] == "0"
    assert results["entry"] == [EMPTY_ENTRY]


def test_offset_pages_and_links(scopus: FakeScopus, client: httpx.Client) -> None:
    scopus.set_count("TITLE(x)", 450)
    page = get(client, scopus, query="TITLE(x)", start="200", count="200").json()
    results = page["search-results"]
    assert results["opensearch:startIndex"] == "200"
    assert results["opensearch:itemsPerPage"] == "200"
    refs = {link["@ref"]: link["@href"] for link in results["link"]}
    assert "start=400" in refs["next"] and "start=0" in refs["first"]
    last = get(client, scopus, query="TITLE(x)", start="400", count="200").json()
    assert last["search-results"]["opensearch:itemsPerPage"] == "50"
    assert "next" not in {link["@ref"] for link in last["search-results"]["link"]}
    ids = {e["eid"] for e in results["entry"]} & {e["eid"] for e in
                                                  last["search-results"]["entry"]}
    assert not ids


def test_offset_paging_stops_at_5000(scopus: FakeScopus, client: httpx.Client) -> None:
    scopus.set_count("TITLE(big)", 12_000)
    ok = get(client, scopus, query="TITLE(big)", start=str(OFFSET_MAX - 200), count="200")
    assert ok.status_code == 200
    beyond = get(client, scopus, query="TITLE(big)", start=str(OFFSET_MAX - 199), count="200")
    assert beyond.status_code == 400
    assert status_of(beyond.json())["statusCode"] == "INVALID_INPUT"


def test_cursor_pages_past_5000(scopus: FakeScopus, client: httpx.Client) -> None:
    scopus.set_count("TITLE(big)", 5_300)
    cursor, seen = "*", 0
    for _ in range(27):
        results = get(client, scopus, query="TITLE(big)", cursor=cursor,
                      count="200").json()["search-results"]
        assert results["cursor"]["@current"] == cursor
        seen += len(results["entry"])
        cursor = results["cursor"]["@next"]
    assert seen == 5_300
    unknown = get(client, scopus, query="TITLE(big)", cursor="bogus")
    assert unknown.status_code == 400


def test_non_subscriber_gets_no_cursor_and_no_complete(client: httpx.Client) -> None:
    with FakeScopus(subscriber=False) as fake:
        cursor = get(client, fake, query=QUERY, cursor="*")
        assert cursor.status_code == 403
        assert status_of(cursor.json())["statusText"] == "Use of the cursor parameter is restricted"
        complete = get(client, fake, query=QUERY, view="COMPLETE")
        assert complete.status_code == 401
        assert status_of(complete.json())["statusCode"] == "AUTHORIZATION_ERROR"


def test_service_level_caps_the_page(client: httpx.Client) -> None:
    with FakeScopus(page_max=25) as fake:
        assert get(client, fake, query=QUERY, count="25").status_code == 200
        refused = get(client, fake, query=QUERY, count="100")
        assert refused.status_code == 400
        assert status_of(refused.json()) == {"statusCode": "INVALID_INPUT",
                                              "statusText": SERVICE_LEVEL}


@pytest.mark.parametrize(("params", "fragment"), [
    ({"count": "201"}, SERVICE_LEVEL),
    ({"count": "-1"}, "count"),
    ({"start": "x"}, "start"),
    ({"view": "FULL"}, "view"),
    ({"date": "2023-2013"}, "date"),
    ({"date": "13-23"}, "date"),
])
def test_bad_parameters_are_400(scopus: FakeScopus, client: httpx.Client,
                                params: dict[str, str], fragment: str) -> None:
    response = client.get(scopus.url, params={"query": QUERY, **params}, headers=KEY)
    assert response.status_code == 400
    assert fragment in status_of(response.json())["statusText"]


def test_missing_query_and_date_parameter(scopus: FakeScopus, client: httpx.Client) -> None:
    assert get(client, scopus).status_code == 400
    assert get(client, scopus, query=QUERY, date="2013-2023").status_code == 200


# -- key, throttle, quota -----------------------------------------------------------------


def test_key_in_header_or_parameter(scopus: FakeScopus, client: httpx.Client) -> None:
    by_parameter = get(client, scopus, headers={}, query=QUERY, apiKey=DEFAULT_API_KEY)
    assert by_parameter.status_code == 200
    # the trap: the key comes back in a response header
    assert by_parameter.headers["X-ELS-APIKey"] == DEFAULT_API_KEY
    assert get(client, scopus, query=QUERY).headers["X-ELS-Status"] == "OK"
    missing = get(client, scopus, headers={}, query=QUERY)
    assert missing.status_code == 401
    assert status_of(missing.json())["statusCode"] == "AUTHENTICATION_ERROR"


def test_bad_key_is_401_and_echoes_the_key(scopus: FakeScopus, client: httpx.Client) -> None:
    response = get(client, scopus, headers={"X-ELS-APIKey": "wrong-key-123"}, query=QUERY)
    assert response.status_code == 401
    status = status_of(response.json())
    assert status["statusCode"] == "AUTHORIZATION_ERROR"
    assert "wrong-key-123" in status["statusText"]  # the trap: never print this body


def test_quota_headers_on_every_answer(client: httpx.Client) -> None:
    with FakeScopus(weekly_quota=2) as fake:
        first = get(client, fake, query=QUERY)
        assert first.headers["X-RateLimit-Limit"] == "2"
        assert first.headers["X-RateLimit-Remaining"] == "1"
        reset = int(first.headers["X-RateLimit-Reset"])
        assert time.time() < reset <= time.time() + 7 * 24 * 3600 + 5  # epoch seconds
        assert get(client, fake, query=QUERY).headers["X-RateLimit-Remaining"] == "0"
        spent = get(client, fake, query=QUERY)
        assert spent.status_code == 429
        assert spent.headers["X-ELS-Status"] == QUOTA_STATUS
        assert int(spent.headers["X-RateLimit-Reset"]) == reset
        assert "X-RateLimit-Remaining" not in spent.headers
        assert "X-RateLimit-Limit" not in spent.headers


def test_default_quota_is_the_real_weekly_one(scopus: FakeScopus, client: httpx.Client) -> None:
    assert get(client, scopus, query=QUERY).headers["X-RateLimit-Limit"] == str(WEEKLY_QUOTA)


def test_throttle_is_a_429_without_the_quota_status(client: httpx.Client) -> None:
    with FakeScopus(rate_limit=2, rate_window=60.0) as fake:
        statuses = [get(client, fake, query=QUERY).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        throttled = fake.requests[-1]
        assert throttled.status == 429
        again = get(client, fake, query=QUERY)
        assert again.status_code == 429
        assert again.headers.get("X-ELS-Status") != QUOTA_STATUS


def test_scripted_faults(scopus: FakeScopus, client: httpx.Client) -> None:
    scopus.script(["quota:60", "throttle", "unauthorized", "api_error", "short_page", "503"])
    quota = get(client, scopus, query=QUERY)
    assert quota.status_code == 429 and quota.headers["X-ELS-Status"] == QUOTA_STATUS
    assert int(quota.headers["X-RateLimit-Reset"]) <= time.time() + 61
    assert get(client, scopus, query=QUERY).status_code == 429
    assert get(client, scopus, query=QUERY).status_code == 401
    assert get(client, scopus, query=QUERY).status_code == 400
    short = get(client, scopus, query=QUERY, count="10").json()["search-results"]
    assert len(short["entry"]) == 5 and short["opensearch:itemsPerPage"] == "10"
    assert get(client, scopus, query=QUERY).status_code == 503
    with pytest.raises(ValueError, match="unknown fault"):
        scopus.script(["over_rate"])


def test_json_only(scopus: FakeScopus, client: httpx.Client) -> None:
    response = get(client, scopus, query=QUERY, httpAccept="application/atom+xml")
    assert response.status_code == 406


def test_the_pool_serves_scopus_share_with_its_eids(client: httpx.Client) -> None:
    pool = make_pool(40)
    with FakeScopus(pool=pool) as fake:
        results = get(client, fake, query=QUERY, count="200").json()["search-results"]
        assert results["opensearch:totalResults"] == str(pool.size("scopus")) != "0"
        held = pool.records["scopus"]
        assert [e["eid"] for e in results["entry"]] == [r.native_id for r in held]
        assert [e.get("prism:doi") for e in results["entry"]] == [r.doi for r in held]
        assert [e.get("pubmed-id") for e in results["entry"]] == [r.pmid for r in held]


def test_plus_must_be_encoded_as_the_guide_says(scopus: FakeScopus, client: httpx.Client) -> None:
    doi = 'DOI("10.1021/es052595+")'
    raw = client.get(f"{scopus.url}?query=DOI(%2210.1021/es052595+%22)", headers=KEY)
    assert raw.status_code == 200
    assert scopus.last_request.query_params["query"] == ['DOI("10.1021/es052595 ")']
    encoded = get(client, scopus, query=doi)  # httpx writes + as %2B
    assert encoded.json()["search-results"]["opensearch:Query"]["@searchTerms"] == doi


def test_searchable_records_answer_from_the_records(client: httpx.Client) -> None:
    with FakeScopus() as fake:
        fake.searchable_records = [
            FakeRecord(title="Large language models in radiology", year=2023,
                       doi="10.1/a", pmid="111"),
            FakeRecord(title="LLM for reports", year=2010),
            FakeRecord(title="LLM in PubMed only", databases=frozenset({"pubmed"})),
        ]
        query = 'TITLE-ABS-KEY("large language model*" OR llm) AND PUBYEAR > 2012'
        results = get(client, fake, query=query).json()["search-results"]
        assert results["opensearch:totalResults"] == "1"
        assert results["entry"][0]["prism:doi"] == "10.1/a"
        assert results["entry"][0]["pubmed-id"] == "111"
        known = get(client, fake, query='DOI("10.1/a") OR DOI("10.9/none")').json()
        assert known["search-results"]["opensearch:totalResults"] == "1"
        by_date = get(client, fake, query="TITLE(llm)", date="2009-2011").json()
        assert [e["dc:title"] for e in by_date["search-results"]["entry"]] == ["LLM for reports"]
        excluded = get(client, fake, query="TITLE(llm) AND NOT TITLE(reports)").json()
        assert excluded["search-results"]["entry"] == [EMPTY_ENTRY]
