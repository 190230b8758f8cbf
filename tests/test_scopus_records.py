"""Scopus's records and known items end to end: run -> records -> export and
check, against the strict Scopus fake serving the pool's Scopus share
(tests/fakes/pool.py: a later draw that leaves the four shares as they were).

What must hold: every Scopus record lands in the log once, in rank order,
with the identifiers Scopus gives (EID, DOI, PubMed id); pages are offset
pages of 25 (``start``, ``count``); a fetch cut short keeps its pages and the
next call continues; the quota's 429 stops the fetch, which continues later;
dedup merges Scopus's records with PubMed's where the ids agree (the pool's
truth says which); the export carries Scopus (its EID column, RIS, BibTeX);
``check`` asks Scopus with DOI()/PMID() clauses.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from querylang.cli import app
from querylang.databases.scopus.known import KNOWN
from querylang.databases.scopus.records import read_page
from querylang.known.items import KnownItem
from querylang.records.dedup import deduplicate
from querylang.records.model import normalize_doi
from querylang.responses import PermanentApiError
from tests.fakes.fixtures import FakeApis, PooledApis
from tests.fakes.idclause import FakeRecord
from tests.fakes.scopus import entry
from tests.recordhelp import fetched, records, records_json, run_example

cli = CliRunner()
PAGE = 25
BOTH = "pubmed,scopus"


def _scopus_keys(apis: PooledApis) -> list[str]:
    return [record.key for record in apis.pool.records["scopus"]]


def test_records_fetches_every_scopus_record_once_in_pages_of_25(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "scopus")
    apis.scopus.reset()
    data = records_json()
    size = apis.pool.size("scopus")
    entry_ = data["databases"]["scopus"]
    assert entry_["count"] == size and entry_["fetched"] == size and entry_["complete"]
    got = fetched()["scopus"]
    assert [r.key for r in got] == _scopus_keys(apis)
    assert [r.position for r in got] == list(range(1, size + 1))
    pages = -(-size // PAGE)
    assert [(r.param("start"), r.param("count")) for r in apis.scopus.requests] == [
        (str(PAGE * i), str(min(PAGE, size - PAGE * i))) for i in range(pages)]
    assert all(r.header("X-ELS-APIKey") == apis.scopus.api_key for r in apis.scopus.requests)
    assert apis.scopus.last_query_error is None
    # a second call asks nothing
    again = records_json()
    assert again["databases"]["scopus"]["requests"] == 0
    assert apis.scopus.request_count == pages


def test_identifiers_are_read_as_scopus_gives_them(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "scopus")
    records_json()
    by_key = {record.key: record for record in apis.pool.records["scopus"]}
    for record in fetched()["scopus"]:
        source = by_key[record.key]
        assert record.native_id.startswith("2-s2.0-")
        assert record.doi == normalize_doi(source.doi)
        assert record.pmid == source.pmid
        assert record.title == source.title and record.year == source.year
        assert record.first_author == f"{source.authors[0]}."  # dc:creator, "Smith J."
        assert record.venue == source.venue and record.doc_type == "Article"
        assert ("eid", record.native_id) in record.raw_ids


def test_a_fetch_cut_short_by_the_quota_continues_later(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "scopus")
    apis.scopus.script(["ok", "ok", "quota:86400"])
    first = records("--format", "json")
    data = json.loads(first.stdout)
    scopus = data["databases"]["scopus"]
    assert scopus["fetched"] == 2 * PAGE and not scopus["complete"]
    assert "weekly quota" in json.dumps(data)
    second = records_json()
    assert second["databases"]["scopus"]["complete"]
    assert [r.key for r in fetched()["scopus"]] == _scopus_keys(apis)  # nothing lost or twice


def test_a_fetch_stopped_by_max_requests_resumes(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "scopus")
    part = records_json("--max-requests", "3", "--yes")
    assert part["databases"]["scopus"]["fetched"] == 3 * PAGE
    records_json()
    assert [r.key for r in fetched()["scopus"]] == _scopus_keys(apis)


def test_dedup_merges_scopus_with_pubmed_where_the_ids_agree(
        fast_pooled_apis: PooledApis) -> None:
    pool = fast_pooled_apis.pool
    run_example("--db", BOTH)
    data = records_json()
    truth = pool.overlap({"pubmed": pool.size("pubmed"), "scopus": pool.size("scopus")})
    assert data["unique_records"] == truth.unique_records
    assert data["duplicates_removed"] == truth.duplicates_removed > 300
    assert data["databases"]["scopus"]["shared"] == truth.shared["scopus"]
    assert data["databases"]["scopus"]["only_here"] == truth.only_here["scopus"]
    got = fetched()
    result = deduplicate([*got["pubmed"], *got["scopus"]])
    predicted = {frozenset((a.key, b.key)) for work in result.works
                 for i, a in enumerate(work.records) for b in work.records[i + 1:]}
    assert predicted == pool.duplicate_pairs(["pubmed", "scopus"])


def test_the_export_carries_scopus(fast_pooled_apis: PooledApis, tmp_path: Path) -> None:
    pool = fast_pooled_apis.pool
    run_example("--db", BOTH)
    records_json()
    out = tmp_path / "records.csv"
    done = cli.invoke(app, ["export", "--format", "csv", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert "scopus_eid" in rows[0]
    eids = {eid for row in rows for eid in row["scopus_eid"].split("; ") if eid}
    assert eids == {record.native_id for record in pool.records["scopus"]}
    both = [row for row in rows if row["scopus_eid"] and row["pmid"]]
    assert both and all(set(row["databases"].split("; ")) == {"pubmed", "scopus"}
                        for row in both)
    ris = tmp_path / "records.ris"
    assert cli.invoke(app, ["export", "--format", "ris", "-o", str(ris)]).exit_code == 0
    assert "Scopus (EID 2-s2.0-" in ris.read_text(encoding="utf-8")


# -- the page reader on its own -------------------------------------------------------------


def _page(entries: list[dict[str, Any]], total: int, **more: Any) -> bytes:
    return json.dumps({"search-results": {"opensearch:totalResults": str(total),
                                          "opensearch:itemsPerPage": str(len(entries)),
                                          "entry": entries, **more}}).encode()


def test_the_empty_result_placeholder_is_no_record() -> None:
    page = read_page(200, {}, _page([{"@_fa": "true", "error": "Result set was empty"}], 0))
    assert page.records == () and page.total == 0 and page.notes == ()


def test_an_entry_without_eid_is_left_out_and_said() -> None:
    good = entry(None, 7)
    bad = {key: value for key, value in entry(None, 8).items() if key != "eid"}
    page = read_page(200, {}, _page([good, bad], 2), start=26)
    (record,) = page.records
    assert record.native_id == good["eid"] and record.position == 26
    assert page.notes == ("RF004 Scopus record 27 has no eid; left out",)


def test_the_complete_view_gives_every_author_and_the_cursor_is_read() -> None:
    full = entry(None, 3, "COMPLETE")
    full["dc:description"] = "An abstract."
    page = read_page(200, {}, _page([full], 1, cursor={"@current": "*", "@next": "AoJ"}))
    (record,) = page.records
    assert record.authors == ("Smith J.",) and record.abstract == "An abstract."
    assert page.cursor == "AoJ"


def test_the_page_reader_raises_the_count_readers_errors() -> None:
    body = json.dumps({"service-error": {"status": {"statusCode": "INVALID_INPUT",
                                                    "statusText": "Error translating query"}}})
    with pytest.raises(PermanentApiError, match="could not read the query"):
        read_page(400, {}, body.encode())


# -- known items ------------------------------------------------------------------------------

RECORDS = [
    FakeRecord(title="Large language models read chest radiographs", year=2023,
               abstract="GPT-4 and radiology reports", doi="10.5555/sc.0001", pmid="37100001",
               databases=frozenset({"pubmed", "scopus"})),
    FakeRecord(title="Segmentation networks for brain MRI", year=2019,
               abstract="a convolutional network", doi="10.5555/sc.0002",
               databases=frozenset({"scopus"})),
    FakeRecord(title="A record only PubMed holds", year=2021, abstract="radiology",
               pmid="37100003", databases=frozenset({"pubmed"})),
]
STRATEGY = "1. radiolog* OR MRI\n2. #1 AND (GPT* OR \"language model*\")\n"


@pytest.fixture
def searchable(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    for name in ("pubmed", "scopus"):
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
        getattr(fake_apis, name).searchable_records = RECORDS
    fake_apis.pubmed.rate_limit = None
    return fake_apis


def test_check_finds_misses_and_says_not_indexed_in_scopus(
        searchable: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("10.5555/sc.0001\n10.5555/sc.0002\n37100003\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "-q", STRATEGY, "--known", str(known), "--db", BOTH,
                              "--format", "json"])
    assert result.exit_code == 4, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["matrix"]["10.5555/sc.0001"]["scopus"] == "found"
    assert data["matrix"]["10.5555/sc.0002"]["scopus"] == "missed"  # held; line 2 loses it
    assert data["matrix"]["37100003"]["scopus"] == "not indexed"
    scopus = data["databases"]["scopus"]
    assert scopus["lines"]["1"]["found"] == ["10.5555/sc.0001", "10.5555/sc.0002"]
    asked = [r.param("query") or "" for r in searchable.scopus.requests]
    assert any('DOI("10.5555/sc.0001") OR DOI("10.5555/sc.0002") OR PMID(37100003)' in q
               for q in asked)
    assert searchable.scopus.last_query_error is None  # every request was valid Scopus


def test_id_clause_forms() -> None:
    items = [KnownItem("10.1/x", "doi", 1, doi="10.1/x"), KnownItem("123", "pmid", 2, pmid="123"),
             KnownItem("t", "title", 3, title="Deep learning: a review")]
    assert KNOWN.id_clause(items, {}) == (
        'DOI("10.1/x") OR PMID(123) OR TITLE("Deep learning a review")')
