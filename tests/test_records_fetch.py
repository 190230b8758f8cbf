"""``querylang records`` end to end: run -> records against the pooled fakes.

What must hold (issue 13, items 1-3 and 8): every record each database
serves lands in the log once, in rank order, with its identifiers read the
way the database spells them; a second call makes no request; a fetch cut
short (a quota answer, a failure, an expired WebEnv) keeps its pages and the
next call continues after them, losing and repeating nothing; faults the
runner survives, the fetch survives too; keys never reach the log or the output.
"""

from __future__ import annotations

import io
import sqlite3
from collections import Counter

import pytest

from querylang.records.model import normalize_doi
from tests.fakes.fixtures import PooledApis
from tests.fakes.pool import PoolRecord, RecordPool
from tests.recordhelp import DATABASES, fetched, log_path, records, records_json, run_example


def _expected_keys(pool: RecordPool, database: str) -> list[str]:
    return [record.key for record in pool.records[database]]


def _assert_all_fetched(pool: RecordPool, databases: tuple[str, ...] = DATABASES) -> None:
    """Every pool record of each database, once, in rank order, positions 1..n."""
    got = fetched()
    for name in databases:
        keys = [record.key for record in got.get(name, [])]
        assert keys == _expected_keys(pool, name), name
        assert [r.position for r in got[name]] == list(range(1, len(keys) + 1))


def _requests(apis: PooledApis) -> dict[str, int]:
    return {name: getattr(apis, name).request_count for name in DATABASES}


def test_records_fetches_every_record_once_and_then_costs_nothing(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example()
    before = _requests(apis)
    data = records_json()
    assert data["run"] == 1 and data["line"] == 4
    for name in DATABASES:
        entry = data["databases"][name]
        size = apis.pool.size(name)
        assert entry["count"] == size and entry["fetched"] == size and entry["complete"]
    assert data["records_fetched"] == sum(apis.pool.size(name) for name in DATABASES)
    _assert_all_fetched(apis.pool)
    spent = {name: _requests(apis)[name] - before[name] for name in DATABASES}
    # PubMed: one esearch (usehistory) + pages of 500; WoS pages of 50;
    # arXiv one page of up to 2,000; IEEE pages of 200
    assert spent == {
        "pubmed": 1 + -(-apis.pool.size("pubmed") // 500),
        "wos": -(-apis.pool.size("wos") // 50),
        "arxiv": 1,
        "ieee": -(-apis.pool.size("ieee") // 200),
    }
    again = _requests(apis)
    second = records_json()
    assert _requests(apis) == again  # a second `records` makes no request
    assert second["records_fetched"] == data["records_fetched"]
    assert all(entry["requests"] == 0 for entry in second["databases"].values())


def test_the_requests_are_the_documented_ones(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "pubmed,wos,arxiv,ieee")
    for fake in (apis.pubmed, apis.wos, apis.arxiv, apis.ieee):
        fake.reset()
    records_json()
    search, *summaries = apis.pubmed.requests
    assert search.path.endswith("/esearch.fcgi") and search.param("usehistory") == "y"
    webenv = summaries[0].param("WebEnv")
    assert webenv and webenv.startswith("MCID_")
    assert [(r.path.rsplit("/", 1)[1], r.param("WebEnv"), r.param("query_key"),
             r.param("retstart"), r.param("retmax"), r.param("retmode")) for r in summaries] == [
        ("esummary.fcgi", webenv, "1", str(500 * i),
         str(min(500, apis.pool.size("pubmed") - 500 * i)), "json")
        for i in range(len(summaries))]
    assert [(r.param("page"), r.param("limit")) for r in apis.wos.requests] == [
        (str(i + 1), "50") for i in range(len(apis.wos.requests))]
    assert all(r.header("X-ApiKey") == apis.wos.api_key for r in apis.wos.requests)
    (arxiv,) = apis.arxiv.requests
    # as many as are left, at most 2,000 (arXiv) and 200 (IEEE Xplore) a request
    assert (arxiv.param("start"), arxiv.param("max_results")) == (
        "0", str(min(2000, apis.pool.size("arxiv"))))
    assert [(r.param("start_record"), r.param("max_records")) for r in apis.ieee.requests] == [
        (str(1 + 200 * i), str(min(200, apis.pool.size("ieee") - 200 * i)))
        for i in range(len(apis.ieee.requests))]


def _record_for(pool: RecordPool, key: str) -> PoolRecord:
    return next(r for held in pool.records.values() for r in held if r.key == key)


def test_identifiers_are_read_as_each_database_spells_them(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example()
    records_json()
    got = {r.key: r for held in fetched().values() for r in held}
    for key, record in got.items():
        source = _record_for(apis.pool, key)
        assert record.doi == normalize_doi(source.doi)
        assert record.year == source.year
        assert record.first_author is not None
    wos_pmids = [r for r in got.values() if r.database == "wos" and r.pmid]
    assert wos_pmids and all(r.pmid and r.pmid.isdigit() for r in wos_pmids)  # MEDLINE: gone
    medline = [r for r in wos_pmids if ("pmid", f"MEDLINE:{r.pmid}") in r.raw_ids]
    assert medline  # the raw identifier is kept as written
    for record in got.values():
        if record.database == "pubmed":
            assert record.pmid == record.native_id
            assert record.title and not record.title.endswith(".")
        if record.database == "arxiv":
            assert "v" not in record.native_id and record.arxiv_id == record.native_id
        if record.database == "wos" and record.doi and record.doi.startswith("10.48550/"):
            assert record.arxiv_id is not None  # the DataCite DOI names the preprint
    assert any(r.database == "ieee" for r in got.values())


def test_a_quota_answer_keeps_the_pages_and_the_next_call_continues(
        fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example()
    apis.wos.reset()
    apis.wos.script(["ok", "ok", "quota"])  # the third page: daily quota spent
    result = records("--format", "json")
    assert result.exit_code == 3
    assert "daily quota" in result.stderr and "again to continue" in result.stderr
    wos = fetched()["wos"]
    assert [r.key for r in wos] == _expected_keys(apis.pool, "wos")[:100]
    apis.wos.reset()
    data = records_json()
    assert data["databases"]["wos"]["complete"]
    pages = [int(r.param("page") or 0) for r in apis.wos.requests]
    assert pages == list(range(3, 3 + len(pages)))  # continues at page 3, asks no page twice
    _assert_all_fetched(apis.pool)


def test_a_fetch_killed_half_way_resumes_after_its_last_page(
        fast_pooled_apis: PooledApis, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash while saving page 2 keeps page 1 whole and nothing of page 2."""
    from querylang.store import SearchLog

    apis = fast_pooled_apis
    run_example("--db", "wos")
    original = SearchLog.save_records
    calls = Counter[str]()

    def crashing(self: SearchLog, *args: object, **kwargs: object) -> None:
        calls["save"] += 1
        if calls["save"] == 2:  # page 2
            raise KeyboardInterrupt
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchLog, "save_records", crashing)
    result = records()
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert "50 records fetched so far are kept" in result.stderr
    monkeypatch.setattr(SearchLog, "save_records", original)
    assert [r.key for r in fetched()["wos"]] == _expected_keys(apis.pool, "wos")[:50]
    apis.wos.reset()
    data = records_json()
    assert data["databases"]["wos"]["complete"]
    assert apis.wos.requests[0].param("page") == "2"
    _assert_all_fetched(apis.pool, ("wos",))


def test_an_expired_webenv_searches_again_and_goes_on(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "pubmed")
    apis.pubmed.reset()
    # esearch, first esummary fine, the second finds its WebEnv expired
    apis.pubmed.script(["ok", "ok", "expired_webenv"])
    data = records_json()
    assert data["databases"]["pubmed"]["complete"]
    paths = [r.path.rsplit("/", 1)[1] for r in apis.pubmed.requests]
    assert paths[:4] == ["esearch.fcgi", "esummary.fcgi", "esummary.fcgi", "esearch.fcgi"]
    starts = [r.param("retstart") for r in apis.pubmed.requests if "esummary" in r.path]
    assert starts[1:3] == ["500", "500"]  # the same page again, with the new WebEnv
    _assert_all_fetched(apis.pool, ("pubmed",))


@pytest.mark.parametrize("database,faults", [
    ("pubmed", ["ok", "500", "429", "drop"]),
    ("wos", ["503", "ok", "slow:0.01"]),
    ("arxiv", ["429", "reset"]),
    ("ieee", ["502", "over_qps:0.2"]),
])
def test_faults_the_runner_survives_the_fetch_survives(
        fast_pooled_apis: PooledApis, database: str, faults: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    apis = fast_pooled_apis
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "3")
    run_example("--db", database)
    fake = getattr(apis, database)
    fake.reset()
    fake.script(faults)
    data = records_json()
    assert data["databases"][database]["complete"]
    _assert_all_fetched(apis.pool, (database,))


def test_a_short_page_is_asked_again(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "wos")
    apis.wos.reset()
    apis.wos.script(["short_page"])
    data = records_json()
    assert data["databases"]["wos"]["complete"] and not data["databases"]["wos"]["notes"]
    assert [r.param("page") for r in apis.wos.requests][:2] == ["1", "1"]
    _assert_all_fetched(apis.pool, ("wos",))


def test_a_page_short_twice_is_said_not_hidden(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "ieee")
    apis.ieee.reset()
    apis.ieee.script(["short_page", "short_page"])
    result = records()
    assert result.exit_code == 0
    assert "missing" in result.stdout
    data = records_json()
    (note,) = data["databases"]["ieee"]["notes"]
    size = apis.pool.size("ieee")
    assert f"sent {size // 2} of the {size} records" in note
    assert data["databases"]["ieee"]["fetched"] < apis.pool.size("ieee")


def test_pubmed_paging_limit_is_said(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    apis.pubmed.counts_override = None
    apis.pubmed.count_fn = lambda query: 12_000
    apis.pubmed.pool = None
    run_example("--db", "pubmed")
    result = records("--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "only the first 9,999" in result.stderr and "2,001" in result.stderr
    data = records_json()
    entry = data["databases"]["pubmed"]
    assert entry["count"] == 12_000 and entry["fetched"] == 9_999 and not entry["complete"]
    starts = [int(r.param("retstart") or 0) for r in apis.pubmed.requests if "esummary" in r.path]
    assert max(starts) == 9_500 and all(s <= 9_998 for s in starts)
    with sqlite3.connect(log_path()) as db:
        (distinct,) = db.execute("SELECT COUNT(DISTINCT native_id) FROM records").fetchone()
    assert distinct == 9_999


def test_caps_and_quotas_stop_before_asking_unless_yes(fast_pooled_apis: PooledApis) -> None:
    apis = fast_pooled_apis
    run_example("--db", "ieee,wos")
    apis.ieee.reset()
    apis.wos.reset()
    result = records("--max-records", "100")
    assert result.exit_code == 2
    assert "--max-records" in result.stderr and "not started" in result.stderr
    assert apis.ieee.request_count == 0 and apis.wos.request_count == 0
    result = records("--max-requests", "2")
    assert result.exit_code == 2 and "--max-requests" in result.stderr
    # --yes: up to the caps, the rest later
    data = records_json("--max-records", "100", "--yes")
    assert data["databases"]["ieee"]["fetched"] == 100
    assert data["databases"]["wos"]["fetched"] == 100
    assert not data["databases"]["wos"]["complete"]
    again = _requests(apis)
    records_json("--max-records", "100")  # nothing left below the cap: no request, no refusal
    assert _requests(apis) == again
    records_json()
    _assert_all_fetched(apis.pool, ("ieee", "wos"))


def test_wos_free_plan_quota(fast_pooled_apis: PooledApis,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    apis = fast_pooled_apis
    run_example("--db", "wos")
    monkeypatch.setenv("QUERYLANG_WOS_DAILY_QUOTA", "3")
    result = records()
    assert result.exit_code == 2
    assert "daily quota of 3" in result.stderr and "QUERYLANG_WOS_DAILY_QUOTA" in result.stderr
    monkeypatch.setenv("QUERYLANG_WOS_DAILY_QUOTA", "5000")
    assert records_json()["databases"]["wos"]["complete"]
    _assert_all_fetched(apis.pool, ("wos",))


def test_keys_never_leak(fast_pooled_apis: PooledApis, monkeypatch: pytest.MonkeyPatch) -> None:
    apis = fast_pooled_apis
    monkeypatch.setenv("NCBI_API_KEY", apis.pubmed.api_key)
    run_example()
    apis.wos.script(["unauthorized"])
    apis.ieee.script(["inactive"])
    result = records()
    outputs = result.stdout + result.stderr
    data = log_path().read_bytes() + b"".join(
        p.read_bytes() for p in log_path().parent.glob("log.sqlite3*"))
    for key in (apis.pubmed.api_key, apis.wos.api_key, apis.ieee.api_key):
        assert key not in outputs and key.encode() not in data
    assert any(r.param("api_key") == apis.pubmed.api_key for r in apis.pubmed.requests
               if "esummary" in r.path)


def test_no_run_in_the_log_is_a_usage_error(fast_pooled_apis: PooledApis) -> None:
    result = records()
    assert result.exit_code == 2 and "no search log" in result.stderr
    run_example("--db", "arxiv")
    result = records("--line", "9")
    assert result.exit_code == 2 and "no count for line 9" in result.stderr
    assert "it counted line 4" in result.stderr and "--lines" in result.stderr
    result = records("--db", "pubmde")
    assert result.exit_code == 2 and "did you mean pubmed" in result.stderr


def test_databases_without_a_count_are_named(fast_pooled_apis: PooledApis) -> None:
    run_example("--count", "ieee=13", "--db", "ieee,arxiv")
    result = records("--format", "json")
    assert result.exit_code == 0
    assert "IEEE Xplore" in result.stderr and "typed in" in result.stderr
    assert list(records_json()["databases"]) == ["arxiv"]


@pytest.mark.parametrize("database,fault", [
    ("pubmed", "malformed"), ("wos", "unauthorized"), ("arxiv", "error_feed"),
    ("ieee", "inactive"),
])
def test_a_database_that_fails_stops_alone_and_continues_later(
        fast_pooled_apis: PooledApis, database: str, fault: str) -> None:
    apis = fast_pooled_apis
    run_example()
    fake = getattr(apis, database)
    fake.reset()
    # PubMed: the esearch passes, its first esummary page is cut in half
    fake.script(["ok", fault] if database == "pubmed" else [fault])
    result = records("--format", "json")
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr and "again to continue" in result.stderr
    others = [name for name in DATABASES if name != database]
    _assert_all_fetched(apis.pool, tuple(others))
    data = records_json()  # the next call fetches what is left, and only that
    assert data["databases"][database]["complete"] and data["databases"][database]["requests"]
    assert all(data["databases"][name]["requests"] == 0 for name in others)
    _assert_all_fetched(apis.pool)


def test_slow_and_endless_answers_are_bounded(fast_pooled_apis: PooledApis) -> None:
    """A page that trickles past --timeout is asked again; a body without end
    is cut at its size cap and stops that database (pages so far kept)."""
    apis = fast_pooled_apis
    run_example("--db", "wos,ieee")
    apis.wos.reset()
    apis.ieee.reset()
    apis.wos.script(["ok", "trickle:0.05"])
    apis.ieee.script(["endless"])
    result = records("--format", "json", "--timeout", "0.5")
    assert result.exit_code == 3, result.stderr
    assert "IEEE Xplore" in result.stderr and "too large" in result.stderr
    _assert_all_fetched(apis.pool, ("wos",))
    assert [r.param("page") for r in apis.wos.requests][:3] == ["1", "2", "2"]
    assert records_json()["databases"]["ieee"]["complete"]
    _assert_all_fetched(apis.pool, ("wos", "ieee"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_on_a_terminal(fast_pooled_apis: PooledApis) -> None:
    """On a terminal a bar per database goes to standard error; the summary
    on standard output is the same as without."""
    from querylang.records.command import RecordsOptions, records_command

    run_example()
    out, err = io.StringIO(), _Terminal()
    status = records_command(log_path(), RecordsOptions(fmt="csv"), stdout=out, stderr=err)
    assert status == 0
    bars = err.getvalue()
    assert "records of run 1, line 4" in bars
    size = fast_pooled_apis.pool.size("wos")
    assert "Web of Science" in bars and f"{size}/{size}" in bars
    # the csv summary is the overlap table (querylang.records.render)
    assert out.getvalue().splitlines()[0].startswith("database,count,fetched,complete,")
    assert "\x1b[" not in out.getvalue()
    # not a terminal: no bar at all
    run_example("--refresh")
    plain = io.StringIO()
    assert records_command(log_path(), RecordsOptions(), stdout=io.StringIO(),
                           stderr=plain) == 0
    assert "\x1b[" not in plain.getvalue() and f"0/{size}" not in plain.getvalue()
