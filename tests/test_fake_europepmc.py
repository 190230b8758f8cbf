"""The fake Europe PMC search accepts what the real one accepts, refuses what
it refuses, and answers in its shapes (docs/db-europepmc.md has the sources)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.fakes import Fault, stable_count
from tests.fakes.europepmc import (
    KNOWN_FIELDS,
    MAX_PAGE_SIZE,
    EuropePMCQueryError,
    FakeEuropePMC,
    check_query,
    make_cursor,
    read_cursor,
)
from tests.fakes.europepmc_records import held as europepmc_holds
from tests.fakes.europepmc_records import search as search_records
from tests.fakes.idclause import FakeRecord
from tests.fakes.pool import make_pool

QUERY = '(TITLE_ABS:"large language model" OR KW:LLM*) AND PUB_YEAR:[2013 TO 2023]'


@pytest.fixture
def epmc() -> Iterator[FakeEuropePMC]:
    with FakeEuropePMC() as fake:
        yield fake


def search(fake: FakeEuropePMC, **params: Any) -> httpx.Response:
    defaults: dict[str, Any] = {"query": QUERY, "format": "json"}
    return httpx.get(fake.url, params={**defaults, **params}, timeout=5)


def post(fake: FakeEuropePMC, **params: Any) -> httpx.Response:
    defaults: dict[str, Any] = {"query": QUERY, "format": "json"}
    return httpx.post(fake.base_url + "/europepmc/webservices/rest/searchPOST",
                      data={**defaults, **params}, timeout=5)


# -- the count and the answer's shape ----------------------------------------------


def test_count_is_hitcount_with_the_request_echoed(epmc: FakeEuropePMC) -> None:
    answer = search(epmc)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["version"] == "6.9"
    assert body["hitCount"] == stable_count(QUERY)
    assert body["request"] == {"queryString": QUERY, "resultType": "lite", "cursorMark": "%2A",
                               "pageSize": 25, "sort": "", "synonym": False}
    assert len(body["resultList"]["result"]) == 25
    assert body["nextCursorMark"].startswith("AoII")
    assert "nextPageUrl" in body


def test_no_key_is_needed_and_none_is_looked_at(epmc: FakeEuropePMC) -> None:
    assert search(epmc).status_code == 200
    assert "apikey" not in epmc.last_request.query_params
    assert "authorization" not in epmc.last_request.headers


def test_zero_hits_has_no_cursor_and_an_empty_list(epmc: FakeEuropePMC) -> None:
    epmc.set_zero(QUERY)
    body = search(epmc).json()
    assert body["hitCount"] == 0
    assert "nextCursorMark" not in body and "nextPageUrl" not in body
    assert body["resultList"] == {"result": []}


def test_default_format_is_xml_not_json(epmc: FakeEuropePMC) -> None:
    answer = httpx.get(epmc.url, params={"query": QUERY}, timeout=5)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    assert answer.text.startswith("<?xml")
    assert f"<hitCount>{stable_count(QUERY)}</hitCount>" in answer.text
    with pytest.raises(ValueError):
        answer.json()


def test_lite_record_has_the_fields_a_reader_needs(epmc: FakeEuropePMC) -> None:
    record = search(epmc, pageSize=1).json()["resultList"]["result"][0]
    assert record["source"] == "MED"
    assert record["id"] == record["pmid"]
    assert isinstance(record["pubYear"], str) and record["pubYear"].isdigit()
    for key in ("doi", "title", "authorString", "journalTitle", "firstPublicationDate"):
        assert key in record


def test_preprints_are_source_ppr_without_journal_or_pmid(epmc: FakeEuropePMC) -> None:
    results = search(epmc, pageSize=50).json()["resultList"]["result"]
    preprints = [record for record in results if record["source"] == "PPR"]
    assert preprints, "some made-up records are preprints"
    for record in preprints:
        assert record["id"].startswith("PPR")
        assert "pmid" not in record and "journalTitle" not in record
        assert record["bookOrReportDetails"]["publisher"]
        assert record["pubType"] == "preprint"


def test_idlist_and_core_shapes(epmc: FakeEuropePMC) -> None:
    idlist = search(epmc, resultType="idlist", pageSize=3).json()["resultList"]["result"]
    assert set(idlist[0]) <= {"id", "source", "pmid", "pmcid", "doi"}
    assert "title" not in idlist[0]
    core = search(epmc, resultType="core", pageSize=1).json()["resultList"]["result"][0]
    assert core["authorList"]["author"][0]["fullName"] == "Smith J"
    assert core["journalInfo"]["journal"]["title"] == "Med Image Anal"
    assert core["journalInfo"]["yearOfPublication"] == 2023
    assert core["abstractText"]
    assert core["pubTypeList"]["pubType"] == ["research-article", "journal article"]


# -- paging ------------------------------------------------------------------


def test_cursor_paging_walks_every_record_once(epmc: FakeEuropePMC) -> None:
    epmc.set_count(QUERY, 23)
    seen: list[str] = []
    cursor = "*"
    for _ in range(5):
        body = search(epmc, pageSize=10, cursorMark=cursor).json()
        page = body["resultList"]["result"]
        seen.extend(record["id"] for record in page)
        if len(seen) >= body["hitCount"]:
            assert "nextPageUrl" not in body
            break
        cursor = body["nextCursorMark"]
    assert len(seen) == 23 == len(set(seen))


def test_past_the_end_the_same_cursor_comes_back(epmc: FakeEuropePMC) -> None:
    epmc.set_count(QUERY, 5)
    last = search(epmc, pageSize=5).json()["nextCursorMark"]
    body = search(epmc, pageSize=5, cursorMark=last).json()
    assert body["resultList"]["result"] == []
    assert body["nextCursorMark"] == last


def test_cursor_with_plus_must_be_url_encoded(epmc: FakeEuropePMC) -> None:
    offset = next(n for n in range(1, 5000) if "+" in make_cursor(n))
    cursor = make_cursor(offset)
    assert read_cursor(cursor) == offset
    good = search(epmc, cursorMark=cursor)
    assert good.status_code == 200
    assert good.json()["request"]["cursorMark"] == quote(cursor, safe="")
    raw = httpx.get(f"{epmc.url}?format=json&query=x&cursorMark={cursor}", timeout=5)
    assert raw.status_code == 400
    assert raw.json()["errMsg"].startswith("Unable to parse 'cursorMark'")


def test_page_size_limits(epmc: FakeEuropePMC) -> None:
    epmc.set_count(QUERY, 5000)
    assert len(search(epmc, pageSize=MAX_PAGE_SIZE).json()["resultList"]["result"]) == 1000
    for bad in (0, MAX_PAGE_SIZE + 1, "ten", -1):
        answer = search(epmc, pageSize=bad)
        assert answer.status_code == 400, bad
        assert set(answer.json()) == {"errCode", "errMsg"}


def test_short_page_fault_halves_the_page(epmc: FakeEuropePMC) -> None:
    epmc.script(["short_page"])
    assert len(search(epmc, pageSize=20).json()["resultList"]["result"]) == 10


# -- parameters refused ------------------------------------------------------------


@pytest.mark.parametrize(("name", "value"), [
    ("query", ""), ("query", "   "), ("resultType", "full"), ("format", "csv"),
    ("synonym", "yes"), ("cursorMark", "AoIInotacursor"), ("sort", "newest first"),
])
def test_bad_parameters_are_400_with_an_errmsg(epmc: FakeEuropePMC, name: str, value: str) -> None:
    answer = search(epmc, **{name: value})
    assert answer.status_code == 400
    body = answer.json()
    assert body["errCode"] == 400 and body["errMsg"]


def test_missing_query_is_400(epmc: FakeEuropePMC) -> None:
    answer = httpx.get(epmc.url, params={"format": "json"}, timeout=5)
    assert answer.status_code == 400


def test_accepted_values_are_case_insensitive_where_the_service_is(epmc: FakeEuropePMC) -> None:
    body = search(epmc, resultType="CORE", synonym="TRUE", sort="P_PDATE_D desc").json()
    assert body["request"]["resultType"] == "core"
    assert body["request"]["synonym"] is True
    assert body["request"]["sort"] == "P_PDATE_D desc"


def test_unknown_path_and_method(epmc: FakeEuropePMC) -> None:
    assert httpx.get(epmc.base_url + "/europepmc/webservices/rest/find", timeout=5).status_code == 404
    assert httpx.post(epmc.url, data={"query": "x"}, timeout=5).status_code == 405
    assert httpx.get(epmc.base_url + "/europepmc/webservices/rest/searchPOST",
                     params={"query": "x"}, timeout=5).status_code == 405


# -- POST for long queries -----------------------------------------------------------


def test_search_post_reads_the_form_and_has_no_next_page_url(epmc: FakeEuropePMC) -> None:
    long_query = " OR ".join(f'TITLE:"term {n}"' for n in range(400))
    answer = post(epmc, query=long_query, pageSize=5)
    assert answer.status_code == 200
    body = answer.json()
    assert body["hitCount"] == stable_count(long_query)
    assert body["request"]["cursorMark"] == "*"
    assert "nextPageUrl" not in body and "nextCursorMark" in body
    assert epmc.last_request.form_params["query"] == [long_query]


def test_search_post_wants_a_form(epmc: FakeEuropePMC) -> None:
    answer = httpx.post(epmc.base_url + "/europepmc/webservices/rest/searchPOST",
                        json={"query": "x"}, timeout=5)
    assert answer.status_code == 415


# -- query syntax --------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    QUERY,
    'TITLE:"deep learning" AND ABSTRACT:radiolog*',
    'AUTH:"Smith J" AND JOURNAL:"Radiology"',
    'MESH:"Neoplasms" AND LANG:eng AND SRC:PPR',
    'DOI:"10.1016/j.media.2023.102900"',
    '"hip pain"~2 AND (wom?n OR men) NOT PUB_TYPE:"review"',
    'title_abs:asthma',
    'ISSN:"1361-8415" AND FIRST_PDATE:[2013-01-01 TO 2023-12-31]',
    'TITLE:"a (bracket) inside: quotes"',
])
def test_valid_queries_pass(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize(("query", "message"), [
    ('TITLE:"unclosed', "unclosed quote"),
    ("(asthma OR wheeze", "unclosed parenthesis"),
    ("asthma) OR wheeze", "unmatched ')'"),
    ("TIAB:asthma", "unknown field TIAB"),
    ("asthma[tiab]", ""),
    ("asthma OR", "OR with nothing after it"),
    ("AND asthma", "AND with nothing before it"),
])
def test_malformed_queries(query: str, message: str) -> None:
    if not message:  # PubMed's brackets are just characters to Europe PMC
        check_query(query)
        return
    with pytest.raises(EuropePMCQueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_query(query)


def test_malformed_query_is_zero_hits_and_remembered(epmc: FakeEuropePMC) -> None:
    answer = search(epmc, query="(asthma OR wheeze")
    assert answer.status_code == 200
    assert answer.json()["hitCount"] == 0
    assert epmc.malformed_queries == ["(asthma OR wheeze"]


def test_strict_syntax_makes_it_a_400() -> None:
    with FakeEuropePMC(strict_syntax=True) as fake:
        answer = search(fake, query="TIAB:asthma")
        assert answer.status_code == 400
        assert "unknown field TIAB" in answer.json()["errMsg"]


def test_field_list_holds_the_fields_a_compiler_needs() -> None:
    needed = {"TITLE", "ABSTRACT", "TITLE_ABS", "KW", "AUTH", "JOURNAL", "DOI", "ISSN",
              "PUB_TYPE", "PUB_YEAR", "LANG", "SRC", "MESH"}
    assert needed <= KNOWN_FIELDS


# -- throttling and faults -------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after() -> None:
    with FakeEuropePMC(rate_limit=2, rate_window=60) as fake:
        assert [search(fake).status_code for _ in range(3)] == [200, 200, 429]
        answer = search(fake)
        assert answer.status_code == 429
        assert answer.headers["retry-after"] == "1"


def test_throttle_fault_and_common_faults(epmc: FakeEuropePMC) -> None:
    epmc.script([Fault.named("throttle", retry_after=30), "503", "malformed"])
    first = search(epmc)
    assert (first.status_code, first.headers["retry-after"]) == (429, "30")
    assert search(epmc).status_code == 503
    with pytest.raises(ValueError):
        search(epmc).json()
    assert search(epmc).status_code == 200
    with pytest.raises(ValueError):
        epmc.script(["no_such_fault"])


# -- the shared pool -------------------------------------------------------------------


def test_pool_serves_pubmed_share_as_med_records() -> None:
    pool = make_pool(works=60, seed=3)
    with FakeEuropePMC(pool=pool) as fake:
        body = search(fake, pageSize=MAX_PAGE_SIZE).json()
    pubmed = pool.records["pubmed"]
    assert body["hitCount"] == len(pubmed)
    results = body["resultList"]["result"]
    assert [record["pmid"] for record in results] == [record.native_id for record in pubmed]
    assert all(record["source"] == "MED" for record in results)
    for served, held in zip(results, pubmed, strict=True):
        assert served["title"] == held.title
        assert served["pubYear"] == str(held.year)
        if held.doi:
            assert served["doi"] == held.doi.lower().removeprefix("https://doi.org/")


# -- searching the fake's own records (known-item checks) --------------------------


def _records() -> list[FakeRecord]:
    return [
        FakeRecord("Large language models for radiology report generation",
                   "We evaluate GPT-4 on chest radiograph reports.",
                   keywords=("large language models",), mesh=("Radiography",), year=2023,
                   pmid="37000001", doi="10.5555/QLX.2023.0001",
                   databases=frozenset({"pubmed", "wos"})),
        FakeRecord("Segmenting livers with diffusion models", "A CT study.", year=2012,
                   pmid="37000002", doi="10.5555/qlx.2012.0002", language="french",
                   databases=frozenset({"pubmed"})),
        FakeRecord("An IEEE-only paper on large language models", year=2023,
                   databases=frozenset({"ieee"})),
    ]


@pytest.mark.parametrize(("query", "pmids"), [
    ('TITLE_ABS:"large language models"', ["37000001"]),
    ("EXT_ID:37000002 AND SRC:MED", ["37000002"]),
    ('DOI:"10.5555/qlx.2023.0001"', ["37000001"]),
    ("PUB_YEAR:[2013 TO 2023]", ["37000001"]),
    ("PUB_YEAR:2012", ["37000002"]),
    ("LANG:fre", ["37000002"]),
    ('MESH:"Radiography"', ["37000001"]),
    ("KW:radiography", ["37000001"]),
    ('ABSTRACT:"GPT-4 reports"~3', ["37000001"]),
    ("TITLE:(liver* OR radiolog*) NOT PUB_YEAR:2012", ["37000001"]),
    ("models", ["37000001", "37000002"]),
    ("SRC:PPR", []),
])
def test_searchable_records_answer_by_europe_pmc_syntax(query: str, pmids: list[str]) -> None:
    with FakeEuropePMC() as fake:
        fake.searchable_records = _records()
        body = search(fake, query=query, pageSize=10).json()
    assert body["hitCount"] == len(pmids)
    assert [record["pmid"] for record in body["resultList"]["result"]] == pmids


def test_searchable_records_found_records_have_the_lite_shape() -> None:
    with FakeEuropePMC() as fake:
        fake.searchable_records = _records()
        record = search(fake, query="EXT_ID:37000001", resultType="core").json()
    found = record["resultList"]["result"][0]
    assert found["doi"] == "10.5555/qlx.2023.0001"
    assert found["pubYear"] == "2023"
    assert found["journalInfo"]["yearOfPublication"] == 2023


def test_europe_pmc_holds_pubmed_records_only_here() -> None:
    records = _records()
    assert [europepmc_holds(record) for record in records] == [True, True, False]
    assert search_records('TITLE:"large language models"', records) == records[:1]
