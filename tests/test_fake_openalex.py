"""The fake OpenAlex /works: accepts what the real API accepts, refuses what it
refuses, in the real shapes (docs/db-openalex.md cites each rule's source)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.openalex import (
    DEFAULT_API_KEY,
    KEYLESS_CREDITS,
    FakeOpenAlex,
    decode_cursor,
    encode_cursor,
    split_filter,
)
from tests.fakes.pool import make_pool

KEY = {"api_key": DEFAULT_API_KEY}


@pytest.fixture
def fake() -> Iterator[FakeOpenAlex]:
    with FakeOpenAlex() as server:
        yield server


def get(fake: FakeOpenAlex, params: dict[str, str], headers: dict[str, str] | None = None,
        ) -> httpx.Response:
    return httpx.get(fake.url, params=params, headers=headers, timeout=5.0)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) >= {"error", "message"}
    assert isinstance(body["error"], str) and isinstance(body["message"], str)
    return body


# -- accepted requests and the answer's shape ------------------------------------


def test_search_with_filters_answers_meta_results_and_group_by(fake: FakeOpenAlex) -> None:
    query = '(llm OR "large language model") AND (radiology OR imaging)'
    filters = "publication_year:2013-2023,language:en,type:article"
    fake.set_count(f"{query} ; {filters}", 57)
    response = get(fake, {"search": query, "filter": filters, "per-page": "10",
                          "mailto": "me@example.org", **KEY})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"meta", "results", "group_by"}
    assert body["group_by"] == []
    meta = body["meta"]
    assert meta["count"] == 57 and meta["page"] == 1 and meta["per_page"] == 10
    assert "next_cursor" not in meta
    assert len(body["results"]) == 10
    first = body["results"][0]
    assert first["id"].startswith("https://openalex.org/W")
    assert first["title"] == first["display_name"]
    assert isinstance(first["publication_year"], int)
    assert first["authorships"][0]["author_position"] == "first"
    assert "display_name" in first["authorships"][0]["author"]
    assert "display_name" in first["primary_location"]["source"]
    assert "relevance_score" in first


def test_every_origin_answer_carries_the_budget_headers(fake: FakeOpenAlex) -> None:
    search = get(fake, {"search": "q", **KEY})
    assert search.headers["X-RateLimit-Cost-USD"] == "0.001"
    assert search.headers["X-RateLimit-Credits-Used"] == "10"
    assert search.headers["X-RateLimit-Limit-USD"] == "1.0"
    assert search.headers["X-RateLimit-Remaining"] == str(10_000 - 10)
    listing = get(fake, {"filter": "language:en", **KEY})
    assert listing.headers["X-RateLimit-Cost-USD"] == "0.0001"
    assert listing.headers["X-RateLimit-Remaining"] == str(10_000 - 11)
    refused = get(fake, {"search": "q", "per-page": "500", **KEY})
    assert refused.status_code == 400 and "X-RateLimit-Remaining-USD" in refused.headers
    keyless = get(fake, {"search": "q"})
    assert keyless.headers["X-RateLimit-Limit-USD"] == "0.1"


def test_filter_search_and_underscore_per_page_accepted(fake: FakeOpenAlex) -> None:
    response = get(fake, {"filter": 'title_and_abstract.search:"deep learning" AND mri,'
                                    "publication_year:2013-2023",
                          "per_page": "200", **KEY})
    assert response.status_code == 200
    assert response.json()["meta"]["per_page"] == 200


def test_count_only_with_per_page_1(fake: FakeOpenAlex) -> None:
    fake.set_count("x ; language:en", 3)
    body = get(fake, {"search": "x", "filter": "language:en", "per-page": "1", **KEY}).json()
    assert body["meta"]["count"] == 3 and len(body["results"]) == 1


def test_zero_hits_gives_empty_results(fake: FakeOpenAlex) -> None:
    fake.set_zero("nothing")
    body = get(fake, {"search": "nothing", **KEY}).json()
    assert body["meta"]["count"] == 0 and body["results"] == []


def test_key_in_header_or_bearer(fake: FakeOpenAlex) -> None:
    assert get(fake, {"search": "a"}, {"api-key": DEFAULT_API_KEY}).status_code == 200
    assert get(fake, {"search": "a"},
               {"Authorization": f"Bearer {DEFAULT_API_KEY}"}).status_code == 200


def test_exact_search_takes_wildcards(fake: FakeOpenAlex) -> None:
    assert get(fake, {"search.exact": "radiolog* AND wom?n", **KEY}).status_code == 200
    for whole in ('"medical imag*"', '"large language model*"~2 OR llm', '"studies*" OR x',
                  '"abcd* defg*"'):
        assert get(fake, {"search.exact": whole, **KEY}).status_code == 200, whole
    assert get(fake, {"filter": "title_and_abstract.search.exact:radiolog*", **KEY}
               ).status_code == 200


def test_scoped_searches_combine(fake: FakeOpenAlex) -> None:
    response = get(fake, {"search.title": "radiology", "search.title_and_abstract.exact": "gpt*",
                          "filter": 'abstract.search:"a, b",publication_year:>2012',
                          "mailto": "me@example.org", **KEY})
    assert response.status_code == 200


def test_quoted_comma_in_filter_is_one_value() -> None:
    assert split_filter('title.search:"a, b",language:en') == ['title.search:"a, b"',
                                                               "language:en"]


def test_pool_without_openalex_share_holds_nothing() -> None:
    pool = make_pool()
    with FakeOpenAlex(pool=pool) as server:
        body = get(server, {"search": "x", **KEY}).json()
    # pool.py has no OpenAlex share (yet): with a pool, OpenAlex holds nothing
    assert body["meta"]["count"] == 0 and body["results"] == []


def test_synthetic_works_carry_ids() -> None:
    with FakeOpenAlex() as server:
        server.set_count("x", 6)
        works = get(server, {"search": "x", **KEY}).json()["results"]
    assert works[0]["id"] == "https://openalex.org/W4000000000"
    assert works[1]["doi"] == "https://doi.org/10.5555/fake.2"
    assert works[0]["doi"] is None
    assert works[0]["ids"]["pmid"] == "https://pubmed.ncbi.nlm.nih.gov/30000000"


# -- cursor paging -----------------------------------------------------------------


def test_cursor_pages_to_the_end(fake: FakeOpenAlex) -> None:
    fake.set_count("q", 450)
    seen: list[str] = []
    cursor = "*"
    pages = 0
    while cursor is not None:
        body = get(fake, {"search": "q", "per-page": "200", "cursor": cursor, **KEY}).json()
        assert body["meta"]["page"] is None
        assert body["meta"]["count"] == 450
        seen.extend(work["id"] for work in body["results"])
        cursor = body["meta"]["next_cursor"]
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 450


def test_exact_multiple_ends_with_an_empty_page(fake: FakeOpenAlex) -> None:
    fake.set_count("q", 200)
    first = get(fake, {"search": "q", "per-page": "200", "cursor": "*", **KEY}).json()
    assert first["meta"]["next_cursor"] is not None
    last = get(fake, {"search": "q", "per-page": "200",
                      "cursor": first["meta"]["next_cursor"], **KEY}).json()
    assert last["results"] == [] and last["meta"]["next_cursor"] is None


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor(400)) == 400
    assert decode_cursor("not-base64!") is None


@pytest.mark.parametrize(("params", "message"), [
    ({"cursor": "*", "page": "2"}, "Cannot use page parameter with cursor."),
    ({"cursor": "garbage"}, "Invalid cursor value"),
    ({"cursor": "null"}, "Cursor is null. Likely reached end of results."),
    ({"per-page": "201"}, "per-page parameter must be between 1 and 200."),
    ({"per-page": "0"}, "per-page parameter must be between 1 and 200."),
    ({"page": "0"}, "Page parameter must be greater than 0."),
    ({"page": "51", "per-page": "200"}, "Maximum results size of 10,000 records is exceeded."),
])
def test_paging_errors(fake: FakeOpenAlex, params: dict[str, str], message: str) -> None:
    response = get(fake, {"search": "q", **params, **KEY})
    assert response.status_code == 400
    body = error_of(response)
    assert body["error"] == "Pagination error."
    assert body["message"].startswith(message)


def test_keyless_cursor_is_refused(fake: FakeOpenAlex) -> None:
    response = get(fake, {"search": "q", "cursor": "*"})
    assert response.status_code == 401
    assert error_of(response)["error"] == "API key required"
    assert get(fake, {"search": "q", "page": "2"}).status_code == 200


# -- refused parameters and queries ---------------------------------------------------


@pytest.mark.parametrize(("params", "message"), [
    ({"search": "q", "rows": "5"}, "rows is not a valid parameter."),
    ({"search.abstract": "q"}, "'search.abstract' is not a valid search parameter."),
    ({"search": "q", "search.semantic": "q"}, "search.semantic cannot be combined"),
    ({"search": "radiolog*"}, "Wildcards (* or ?) require exact (no-stem) search."),
    ({"search.title": "a", "search.title.exact": "a"},
     "Cannot use both stemmed and exact search on the same scope"),
    ({"filter": "title_and_abstract.search:radiolog*"},
     'Wildcards (* or ?) require the exact (no-stem) field. "title_and_abstract.search"'),
    ({"search.exact": "*ology"}, "Leading wildcards are not supported"),
    ({"search.exact": "ra*"}, "A * wildcard needs at least 3 leading characters"),
    ({"search.exact": '"medical imag*" OR x'},
     'Wildcards (* or ?) do not work inside this quoted phrase: "medical imag*".'),
    ({"search.exact": '"abc* def* ghi*"'}, "At most 2 wildcards (* or ?) are allowed"),
    ({"search.exact": '"abc* defg*"'}, "With two wildcards in one phrase or proximity search"),
    ({"search": "a | b"}, "The search parameter does not support the | operator."),
    ({"search": "!a"}, "The search parameter does not support the ! operator."),
    ({"search": '"open phrase'}, "Failed to parse query"),
    ({"search": "(a OR b"}, "Failed to parse query"),
    ({"filter": "publication_yearrr:2020"}, "publication_yearrr is not a valid field."),
    ({"filter": "publication_year:abc"}, "Value for param publication_year must be a number."),
    ({"filter": "language:english"}, "Value for language must be a two-letter"),
    ({"filter": "type:paper"}, "Value for type must be one of"),
    ({"filter": "doi:abc"}, "Enter DOI in short format"),
    ({"filter": "from_publication_date:2013"}, "Value for param from_publication_date is an"),
])
def test_invalid_query_parameters(fake: FakeOpenAlex, params: dict[str, str], message: str,
                                  ) -> None:
    response = get(fake, {**params, **KEY})
    assert response.status_code == 400
    body = error_of(response)
    assert body["error"] == "Invalid query parameters error."
    assert body["message"].startswith(message)


def test_two_filter_parameters_refused(fake: FakeOpenAlex) -> None:
    url = f"{fake.url}?filter=language:en&filter=type:article&api_key={DEFAULT_API_KEY}"
    response = httpx.get(url, timeout=5.0)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("Only one filter parameter is allowed.")


@pytest.mark.parametrize(("params", "message"), [
    ({"search": "q", "limit": "5"}, "The 'limit' parameter is not valid."),
    ({"filter": "title.search:climate,biodiversity"}, "A filter value contains an unescaped"),
])
def test_edge_rejections(fake: FakeOpenAlex, params: dict[str, str], message: str) -> None:
    response = get(fake, {**params, **KEY})
    assert response.status_code == 400
    body = error_of(response)
    assert body["error"] == "Invalid request rejected at the API edge"
    assert body["error_source"] == "openalex-api-proxy"
    assert body["message"].startswith(message)


def test_search_over_1500_characters_refused(fake: FakeOpenAlex) -> None:
    long_query = " OR ".join(f"term{i}" for i in range(200))
    assert len(long_query) > 1500
    response = get(fake, {"search": long_query, **KEY})
    assert response.status_code == 400
    assert response.headers["x-openalex-edge-reject"] == "search_volume"
    assert error_of(response)["error"] == "Search query too long"


def test_request_line_over_8190_bytes_refused(fake: FakeOpenAlex) -> None:
    long_filter = "title_and_abstract.search:" + " OR ".join(f"word{i}" for i in range(1200))
    response = get(fake, {"filter": long_filter, **KEY})
    assert response.status_code == 400
    body = error_of(response)
    assert body["error"] == "Request URL too long"
    assert "8190-byte limit" in body["message"]


# -- keys, budgets and throttles --------------------------------------------------------


def test_wrong_key_is_401(fake: FakeOpenAlex) -> None:
    response = get(fake, {"search": "q", "api_key": "nope"})
    assert response.status_code == 401
    assert error_of(response) == {"error": "Invalid or missing API key",
                                  "message": "API key not found"}


def test_require_key_refuses_keyless() -> None:
    with FakeOpenAlex(require_key=True) as server:
        response = get(server, {"search": "q"})
        assert response.status_code == 401
        assert error_of(response)["error"] == "API key required"
        assert get(server, {"search": "q", **KEY}).status_code == 200


def test_keyless_budget_runs_out_after_100_searches(fake: FakeOpenAlex) -> None:
    with httpx.Client(timeout=5.0) as client:  # one connection: quick
        for _ in range(KEYLESS_CREDITS // 10):
            assert client.get(fake.url, params={"search": "q"}).status_code == 200
    response = get(fake, {"search": "q"})
    assert response.status_code == 429
    body = error_of(response)
    assert body["error"] == "Rate limit exceeded"
    assert body["message"].startswith("Insufficient budget.")
    assert body["creditsRequired"] == 10 and body["creditsRemaining"] == 0
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers["X-RateLimit-Remaining-USD"] == "0.0"
    assert response.headers["X-RateLimit-Limit-USD"] == "0.1"
    # a list call (1 credit) still fits nowhere: the budget is spent exactly
    assert get(fake, {"filter": "language:en"}).status_code == 429


def test_per_second_throttle() -> None:
    with FakeOpenAlex(rate_limit=None, window_seconds=60.0) as server:
        statuses = [get(server, {"filter": "language:en"}).status_code for _ in range(12)]
    assert statuses[:10] == [200] * 10 and 429 in statuses[10:]


def test_broad_boolean_query_throttled_per_second() -> None:
    query = "a OR b OR c OR d OR e OR f OR g"
    statuses = []
    with FakeOpenAlex(window_seconds=60.0) as fake:
        for _ in range(7):
            response = get(fake, {"search": query, **KEY})
            statuses.append(response.status_code)
            if response.status_code == 429:
                body = error_of(response)
                assert body["reason"] == "broad_boolean_query" and body["booleanOperators"] == 6
                assert response.headers["Retry-After"] == "1"
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


@pytest.mark.parametrize(("kind", "status", "error"), [
    ("budget", 429, "Rate limit exceeded"),
    ("throttle", 429, "Rate limit exceeded"),
    ("boolean", 429, "Rate limit exceeded"),
    ("invalid_key", 401, "Invalid or missing API key"),
    ("429:7", 429, "Rate limit exceeded"),
    ("paused:30", 503, "Search temporarily unavailable"),
])
def test_scripted_faults(fake: FakeOpenAlex, kind: str, status: int, error: str) -> None:
    fake.script([kind])
    response = get(fake, {"search": "q", **KEY})
    assert response.status_code == status
    assert error_of(response)["error"] == error
    if kind == "429:7":
        assert response.headers["Retry-After"] == "7"
    if kind == "paused:30":
        assert response.headers["Retry-After"] == "30"


def test_timed_out_fault_flags_meta(fake: FakeOpenAlex) -> None:
    fake.script(["timed_out"])
    body = get(fake, {"search": "q", **KEY}).json()
    assert body["meta"]["timed_out"] is True
    assert "timed_out" not in get(fake, {"search": "q", **KEY}).json()["meta"]


def test_unknown_fault_name_fails_at_once(fake: FakeOpenAlex) -> None:
    with pytest.raises(ValueError):
        fake.script(["nonsense"])


def test_wrong_path_is_404(fake: FakeOpenAlex) -> None:
    response = httpx.get(fake.base_url + "/workz", timeout=5.0)
    assert response.status_code == 404
