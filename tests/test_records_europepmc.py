"""Europe PMC's records: the page reader on bytes, ``querylang records``
against the pooled fake (cursor paging, resume, errors), dedup with
PubMed's records by PMID, export, and the known-item check."""

from __future__ import annotations

import json
from typing import Any

import pytest

from querylang.databases.europepmc.records import RESULT_TYPE, read_page
from querylang.responses import PermanentApiError
from tests.fakes.europepmc import make_cursor
from tests.fakes.fixtures import PooledApis
from tests.recordhelp import cli, fetched, records, records_json, run_example

JSON = {"Content-Type": "application/json"}

MED = {
    "id": "31011050", "source": "MED", "pmid": "31011050", "pmcid": "PMC6543210",
    "doi": "10.1016/j.media.2019.01.002",
    "title": "Deep learning for chest radiographs.",
    "authorString": "Smith JA, Jones K, O'Neill AF.",
    "authorList": {"author": [{"fullName": "Smith JA"}, {"fullName": "Jones K"},
                              {"fullName": "O'Neill AF"}]},
    "journalInfo": {"journal": {"title": "Medical image analysis"}},
    "pubYear": "2019", "abstractText": "We trained a network.",
    "pubTypeList": {"pubType": ["review", "Journal Article"]},
}
PREPRINT = {
    "id": "PPR123456", "source": "PPR", "doi": "10.1101/2023.01.01.123456",
    "title": "A preprint", "authorString": "Doe J.", "pubYear": "2023",
    "pubType": "preprint", "bookOrReportDetails": {"publisher": "medRxiv"},
}


def page(*results: dict[str, Any], hits: int = 2, cursor: str | None = "AoIInext",
         sent: str = "%2A") -> bytes:
    body: dict[str, Any] = {"version": "6.9", "hitCount": hits,
                            "request": {"cursorMark": sent, "resultType": "core"},
                            "resultList": {"result": list(results)}}
    if cursor is not None:
        body["nextCursorMark"] = cursor
    return json.dumps(body).encode()


def test_core_records_carry_every_identifier_and_field() -> None:
    read = read_page(200, JSON, page(MED, PREPRINT), start=1)
    assert read.total == 2 and read.listed == 2 and read.cursor == "AoIInext"
    med, preprint = read.records
    assert (med.database, med.native_id, med.position) == ("europepmc", "MED:31011050", 1)
    assert med.pmid == "31011050" and med.doi == "10.1016/j.media.2019.01.002"
    assert med.title == "Deep learning for chest radiographs."
    assert med.year == 2019 and med.first_author == "Smith JA"
    assert med.authors == ("Smith JA", "Jones K", "O'Neill AF")
    assert med.venue == "Medical image analysis"
    assert med.abstract == "We trained a network."
    assert med.doc_type == "review; Journal Article"
    assert ("pmcid", "PMC6543210") in med.raw_ids
    assert preprint.native_id == "PPR:PPR123456" and preprint.pmid is None
    assert preprint.venue == "medRxiv" and preprint.doc_type == "preprint"
    assert preprint.authors == ("Doe J",) and preprint.position == 2


def test_a_record_without_source_and_id_is_left_out_and_said() -> None:
    read = read_page(200, JSON, page({"title": "no id"}, MED), start=11)
    assert [r.position for r in read.records] == [12]
    assert read.notes and read.notes[0].startswith("RF004 Europe PMC record 11")


def test_past_the_end_the_same_cursor_is_no_next_page() -> None:
    read = read_page(200, JSON, page(hits=2, cursor="AoIIsame", sent="AoIIsame"))
    assert read.records == () and read.cursor is None


def test_page_errors_are_the_count_readers() -> None:
    with pytest.raises(PermanentApiError, match="HTTP 400"):
        read_page(400, JSON, b'{"errCode": 400, "errMsg": "bad cursor"}')
    with pytest.raises(PermanentApiError, match="resultList"):
        read_page(200, JSON, b'{"hitCount": 1, "resultList": {"result": 3}}')


# -- end to end against the pooled fake ---------------------------------------------


def _pages(fake: Any) -> list[Any]:
    return [r for r in fake.requests if r.param("resultType") == RESULT_TYPE]


def test_records_are_paged_by_cursor_and_merge_with_pubmed_by_pmid(
    fast_pooled_apis: PooledApis,
) -> None:
    fake = fast_pooled_apis.europepmc
    run_example("--db", "pubmed,europepmc")
    data = records_json()
    entry = data["databases"]["europepmc"]
    size = fast_pooled_apis.pool.size("pubmed")  # Europe PMC serves PubMed's share (MED)
    assert entry["fetched"] == entry["count"] == size and entry["complete"] is True
    assert entry["notes"] == [] and entry["error"] is None
    pages = _pages(fake)
    assert [p.param("cursorMark") for p in pages] == ["*", make_cursor(500)]
    assert [p.param("pageSize") for p in pages] == ["500", str(size - 500)]
    got = fetched()["europepmc"]
    assert len({r.native_id for r in got}) == size
    assert all(r.pmid and r.native_id == f"MED:{r.pmid}" for r in got)
    # Europe PMC holds PubMed's records: each one is the same work as a PubMed record
    assert entry["only_here"] == 0 and entry["shared"] == {"pubmed": size}
    assert data["databases"]["pubmed"]["only_here"] == 0
    assert data["unique_records"] == size and data["duplicates_removed"] == size


def test_a_failed_page_resumes_from_its_cursor_and_a_finished_fetch_costs_nothing(
    fast_pooled_apis: PooledApis,
) -> None:
    fake = fast_pooled_apis.europepmc
    run_example("--db", "europepmc")
    fake.script(["ok", "400"])  # the second page is refused (permanent)
    first = records("--format", "json")
    assert first.exit_code != 0
    partial = json.loads(first.stdout)["databases"]["europepmc"]
    assert partial["fetched"] == 500 and partial["complete"] is False
    assert "HTTP 400" in str(partial["error"])
    done = records_json()
    entry = done["databases"]["europepmc"]
    assert entry["complete"] is True and entry["fetched"] == entry["count"]
    # the second call asked only the missing page, with the cursor saved in the log
    assert [p.param("cursorMark") for p in _pages(fake)] == ["*", make_cursor(500),
                                                              make_cursor(500)]
    before = fake.request_count
    records_json()
    assert fake.request_count == before


def test_export_carries_europe_pmc_records(fast_pooled_apis: PooledApis, tmp_path: Any) -> None:
    from querylang.cli import app

    run_example("--db", "europepmc")
    records_json()
    out = tmp_path / "records.ris"
    result = cli.invoke(app, ["export", "--format", "ris", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("TY  - ") == fast_pooled_apis.pool.size("pubmed")
    assert "Europe PMC" in text


# -- the known-item check -------------------------------------------------------------


def test_known_items_are_checked_as_in_pubmed(
    fake_apis: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """Europe PMC holds PubMed's records (the fake: every record listed for
    PubMed): a DOI or PMID PubMed finds, Europe PMC finds on the same lines;
    an arXiv id or IEEE number it cannot search."""
    from pathlib import Path

    from querylang.cli import app
    from tests.fakes.demo_records import DEMO_RECORDS

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in ("pubmed", "europepmc"):
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
        getattr(fake_apis, name).searchable_records = DEMO_RECORDS
    result = cli.invoke(app, ["check", str(root / "examples" / "llm-medical-imaging.qry"),
                              "--known", str(root / "examples" / "llm-medical-imaging.known"),
                              "--db", "pubmed,europepmc", "--format", "json"])
    assert result.exit_code in (0, 4), result.stdout + result.stderr
    data = json.loads(result.stdout)
    pubmed, europepmc = data["databases"]["pubmed"], data["databases"]["europepmc"]
    assert europepmc["indexed"] == pubmed["indexed"] == [
        "10.5555/qlx.2023.0001", "37000002", "10.5555/qlx.2022.0003"]
    for line, found in pubmed["lines"].items():
        assert europepmc["lines"][line]["found"] == found["found"], line
    assert data["matrix"]["2305.00004"]["europepmc"] == "not searchable"
    assert data["matrix"]["ieee:10000005"]["europepmc"] == "not searchable"
    asked = [r for r in fake_apis.europepmc.requests if r.param("resultType") == "lite"]
    assert asked and all("DOI:" in r.param("query") or "EXT_ID:" in r.param("query")
                         for r in asked)
    assert fake_apis.europepmc.malformed_queries == []
