"""OpenAlex records end to end against the pooled fakes: cursor paging
(``cursor=*``, then ``meta.next_cursor``), a fetch that stops and resumes
with the saved cursor, dedup with PubMed where the identifiers agree, the
export, and the known-item check by DOI filter."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from querylang.cli import app
from querylang.databases.openalex.records import abstract_text, read_page
from tests.fakes.fixtures import PooledApis
from tests.fakes.openalex import decode_cursor
from tests.fakes.pool import RecordPool
from tests.recordhelp import fetched, records, records_json, run_example

cli = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def _keys(pool: RecordPool) -> list[str]:
    return [record.key for record in pool.records["openalex"]]


def test_the_share_leaves_the_four_as_they_were(fast_pooled_apis: PooledApis) -> None:
    from tests.fakes.pool import make_pool

    pool = fast_pooled_apis.pool
    fresh = make_pool(len({r.work for name in ("pubmed", "wos", "arxiv", "ieee")
                           for r in pool.records[name]}))
    assert pool.overlap() == fresh.overlap()
    assert len(pool.records["openalex"]) > 600


def test_records_pages_by_cursor_and_fetches_each_work_once(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "openalex")
    data = records_json()
    entry = data["databases"]["openalex"]
    size = apis.pool.size("openalex")
    assert entry["count"] == size and entry["fetched"] == size and entry["complete"]
    got = fetched()["openalex"]
    assert [r.key for r in got] == _keys(apis.pool)
    assert [r.position for r in got] == list(range(1, size + 1))
    cursors = [r.param("cursor") for r in apis.openalex.requests[1:]]
    assert cursors[0] == "*"
    # each next page asks with the cursor the previous answer gave
    assert [decode_cursor(c) for c in cursors[1:]] == [200 * n for n in range(1, len(cursors))]
    assert all(r.param("per-page") == "200" for r in apis.openalex.requests[1:-1])
    assert all(r.param("page") is None for r in apis.openalex.requests[1:])


def test_a_stopped_fetch_resumes_with_the_saved_cursor(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "openalex")
    apis.openalex.reset()
    apis.openalex.script(["ok", "ok", "budget"])  # the third page: the day's budget spent
    result = records("--format", "json")
    assert result.exit_code == 3
    assert "daily budget is spent" in result.stderr
    assert [r.key for r in fetched()["openalex"]] == _keys(apis.pool)[:400]
    apis.openalex.reset()
    data = records_json()
    assert data["databases"]["openalex"]["complete"]
    first = apis.openalex.requests[0].param("cursor")
    assert first is not None and decode_cursor(first) == 400  # not "*": no page asked twice
    assert [r.key for r in fetched()["openalex"]] == _keys(apis.pool)


def test_openalex_and_pubmed_records_merge_where_ids_agree(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "pubmed,openalex")
    data = records_json()
    pool = apis.pool
    works = {r.work for name in ("pubmed", "openalex") for r in pool.records[name]}
    both = {r.work for r in pool.records["pubmed"]} & {r.work for r in pool.records["openalex"]}
    assert both  # the share copies PubMed records
    assert data["records_fetched"] == pool.size("pubmed") + pool.size("openalex")
    assert data["unique_records"] == len(works)
    assert data["duplicates_removed"] == data["records_fetched"] - len(works)


def test_the_export_carries_openalex_records(fast_pooled_apis: PooledApis,
                                             tmp_path: Path) -> None:
    run_example("--db", "openalex")
    assert records().exit_code == 0
    out = tmp_path / "records.csv"
    result = cli.invoke(app, ["export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "openalex_id" in text.splitlines()[0]
    assert fast_pooled_apis.pool.records["openalex"][0].native_id in text


def test_the_page_reader_reads_a_work() -> None:
    body = {"meta": {"count": 1, "next_cursor": None}, "results": [{
        "id": "https://openalex.org/W2741809807", "doi": "https://doi.org/10.7717/PEERJ.4375",
        "title": "The state of OA", "publication_year": 2018, "type": "article",
        "ids": {"openalex": "https://openalex.org/W2741809807",
                "pmid": "https://pubmed.ncbi.nlm.nih.gov/29456894"},
        "authorships": [{"author_position": "first", "author": {"display_name": "Heather Piwowar"},
                         "raw_author_name": "Heather Piwowar"},
                        {"author_position": "last", "author": {"display_name": "Stefanie Haustein"}}],
        "primary_location": {"source": {"display_name": "PeerJ"}},
        "abstract_inverted_index": {"Despite": [0], "growing": [1], "interest": [2]},
    }, {"title": "no id"}]}
    page = read_page(200, {}, json.dumps(body).encode(), start=1)
    (work,) = page.records
    assert (work.native_id, work.doi, work.pmid) == ("W2741809807", "10.7717/peerj.4375", "29456894")
    assert work.authors == ("Heather Piwowar", "Stefanie Haustein")
    assert (work.venue, work.year, work.doc_type) == ("PeerJ", 2018, "article")
    assert work.abstract == "Despite growing interest"
    assert page.cursor is None and page.total == 1
    assert page.notes == ("RF004 OpenAlex work 2 has no id; left out",)


def test_an_abstract_index_is_rebuilt_and_bounded() -> None:
    assert abstract_text({"b": [1], "a": [0, 2]}) == "a b a"
    assert abstract_text({"x": [10**9], "y": ["1"], 3: [0]}) is None
    assert abstract_text(None) is None


def test_the_known_item_check_asks_by_doi_filter(fast_pooled_apis: PooledApis,
                                                 tmp_path: Path) -> None:
    held = [r for r in fast_pooled_apis.pool.records["openalex"] if r.doi][:2]
    known = tmp_path / "known.txt"
    known.write_text("".join(f"{r.doi}\n" for r in held) + "10.5555/not.held.anywhere\n",
                     encoding="utf-8")
    result = cli.invoke(app, ["check", str(ROOT / "examples" / "llm-medical-imaging.qry"),
                              "--known", str(known), "--format", "json", "--db", "openalex"])
    assert result.exit_code in (0, 4), result.stdout + result.stderr
    data = json.loads(result.stdout)["databases"]["openalex"]
    assert sorted(data["indexed"]) == sorted(r.doi.lower() for r in held if r.doi)
    asked = [r for r in fast_pooled_apis.openalex.requests if "doi:" in (r.param("filter") or "")]
    alone = [r for r in asked if r.param("search.title_and_abstract.exact") is None]
    assert alone and all((r.param("filter") or "").startswith("doi:") for r in alone)
    lines = [r for r in asked if r.param("search.title_and_abstract.exact") is not None]
    assert lines  # each line's own request, its filter ANDed with the DOIs
    final = [r for r in lines if "publication_year" in (r.param("filter") or "")]
    assert final and all(",doi:" in (r.param("filter") or "") for r in final)
