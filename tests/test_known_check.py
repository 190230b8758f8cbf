"""``querylang check``: known records against the four fakes, which search
their own records (tests/fakes/idclause.py, tests/fakes/demo_records.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from querylang.cli import app
from querylang.databases.wos.known import WOS_MAX_OPERATORS, wos_operators
from tests.fakes.demo_records import DEMO_RECORDS
from tests.fakes.fixtures import FakeApis
from tests.fakes.idclause import FakeRecord

cli = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
STRATEGY = ROOT / "examples" / "llm-medical-imaging.qry"
KNOWN = ROOT / "examples" / "llm-medical-imaging.known"
DATABASES = ["pubmed", "wos", "arxiv", "ieee", "scopus"]


@pytest.fixture
def apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeApis:
    """The fakes searching the demo records, fast pace, a private log."""
    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in DATABASES:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
        getattr(fake_apis, name).searchable_records = DEMO_RECORDS
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    monkeypatch.setenv("QUERYLANG_RETRY_ATTEMPTS", "2")
    return fake_apis


def check(*args: str, known: Path | str = KNOWN) -> Result:
    # The fakes that search the demo records, which the expectations below
    # are written for (Scopus's fake searches them too); a newer database is
    # checked by its own tests (--db).
    chosen = () if "--db" in args else ("--db", ",".join(DATABASES))
    return cli.invoke(app, ["check", str(STRATEGY), "--known", str(known), *chosen, *args])


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def sent(apis: FakeApis) -> int:
    return sum(len(getattr(apis, name).requests) for name in DATABASES)


def test_found_missed_not_indexed_and_the_json_shape(apis: FakeApis) -> None:
    result = check("--format", "json")
    assert result.exit_code == 4, result.stderr
    data = as_json(result)
    assert set(data) >= {"databases", "known"}
    assert data["known"][0] == {"id": "10.5555/qlx.2023.0001", "kind": "doi", "title": None,
                                "year": None, "line": 7,
                                "identifiers": {"doi": "10.5555/qlx.2023.0001"}}
    # normal forms: DOI lower case without its URL, arXiv id without version
    ids = [item["id"] for item in data["known"]]
    assert ids == ["10.5555/qlx.2023.0001", "37000002", "10.5555/qlx.2022.0003",
                   "2305.00004", "ieee:10000005"]
    pubmed = data["databases"]["pubmed"]
    assert pubmed["indexed"] == ["10.5555/qlx.2023.0001", "37000002", "10.5555/qlx.2022.0003"]
    assert pubmed["lines"]["1"] == {"found": pubmed["indexed"], "missed": [], "recall": 1.0,
                                    "error": None, "lost": []}
    assert pubmed["lines"]["2"]["missed"] == ["10.5555/qlx.2022.0003"]
    assert pubmed["lines"]["2"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert pubmed["final_recall"] == pytest.approx(2 / 3, abs=1e-4)
    matrix = data["matrix"]
    # Scopus holds none of the demo records (its own check: tests/test_scopus_records.py)
    assert matrix["10.5555/qlx.2023.0001"] == {
        "pubmed": "found", "wos": "found", "arxiv": "not searchable", "ieee": "found",
        "scopus": "not indexed"}
    assert matrix["10.5555/qlx.2022.0003"]["wos"] == "missed"
    assert matrix["2305.00004"]["arxiv"] == "found"
    # IEEE holds the 2024 survey; line 4's years lose it there
    assert matrix["ieee:10000005"]["ieee"] == "missed"
    assert data["databases"]["ieee"]["lines"]["4"]["lost"] == ["ieee:10000005"]
    assert any(text.startswith("#4 loses ieee:10000005 in IEEE Xplore: #3 retrieves it")
               for text in data["explanations"])


def test_not_indexed_is_not_missed(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("10.5555/qlx.2023.0001\n10.5555/nowhere.0000\n", encoding="utf-8")
    result = check("--format", "json", "--db", "pubmed,wos", known=known)
    assert result.exit_code == 0, result.stdout + result.stderr
    data = as_json(result)
    assert data["matrix"]["10.5555/nowhere.0000"] == {"pubmed": "not indexed",
                                                      "wos": "not indexed"}
    assert data["databases"]["wos"]["final_recall"] == 1.0


def test_table_names_the_line_that_loses_a_record(apis: FakeApis) -> None:
    result = check()
    assert result.exit_code == 4
    out = result.stdout
    assert "10.5555/qlx.2022.0003  doi    missed" in out
    assert ("#2 misses 10.5555/qlx.2022.0003 in PubMed, Web of Science and IEEE Xplore: "
            "the record is in each, but none of the line's terms matches it") in out
    assert "#2    2/3 0.67" in out
    assert "requests at most: PubMed" in result.stderr


def test_min_recall_relaxes_the_exit_status(apis: FakeApis) -> None:
    assert check("--min-recall", "0.3", "--format", "csv").exit_code == 0
    assert check("--min-recall", "0.9", "--format", "markdown", "--no-log").exit_code == 4


def test_csv_and_markdown(apis: FakeApis) -> None:
    rows = check("--format", "csv").stdout.splitlines()
    assert rows[0] == "database,line,indexed,found,recall,missed,error"
    assert "pubmed,2,3,2,0.6667,10.5555/qlx.2022.0003," in rows
    markdown = check("--format", "markdown").stdout
    assert "| 10.5555/qlx.2022.0003 | **missed** | **missed** | not searchable | **missed** |" \
        in markdown


def test_a_recheck_within_the_cache_age_makes_no_request(apis: FakeApis) -> None:
    first = check("--format", "json")
    before = sent(apis)
    assert before > 0
    second = check("--format", "json")
    assert sent(apis) == before
    assert "0 requests sent" in second.stderr
    assert as_json(second)["matrix"] == as_json(first)["matrix"]
    check("--refresh")
    assert sent(apis) == 2 * before


def test_a_database_failing_midway_keeps_the_others(apis: FakeApis) -> None:
    apis.wos.script(["ok", "ok", "400", "400", "400", "400"])
    result = check("--format", "json", "--no-log")
    data = as_json(result)
    wos = data["databases"]["wos"]
    assert wos["status"] == "error"
    assert any(line["error"] for line in wos["lines"].values())
    assert data["databases"]["pubmed"]["status"] == "ok"
    assert data["matrix"]["10.5555/qlx.2023.0001"]["pubmed"] == "found"
    assert result.exit_code == 4  # PubMed still misses a record


def test_a_database_failing_exits_3_when_nothing_is_missed(
        apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("10.5555/qlx.2023.0001\n", encoding="utf-8")
    apis.ieee.script(["400"])
    result = check("--format", "json", "--no-log", "--db", "pubmed,ieee", known=known)
    assert result.exit_code == 3, result.stdout
    data = as_json(result)
    assert data["databases"]["ieee"]["status"] == "error"
    assert data["matrix"]["10.5555/qlx.2023.0001"] == {"pubmed": "found",
                                                       "ieee": "not checked"}


def test_a_missing_key_skips_the_database(apis: FakeApis,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WOS_API_KEY")
    data = as_json(check("--format", "json", "--no-log"))
    assert data["databases"]["wos"]["status"] == "skipped"
    assert "WOS_API_KEY" in data["databases"]["wos"]["error"]
    assert not apis.wos.requests


def test_unreadable_entries_are_named_and_the_rest_run(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("# mine\n10.5555/qlx.2023.0001\nnot an id\n\n37000002\n37000002\n",
                     encoding="utf-8")
    result = check("--format", "json", "--db", "pubmed", known=known)
    assert f"{known}:3: KC001 not a PMID, DOI" in result.stderr
    assert f"{known}:6: KC001 the same record as line 5" in result.stderr
    data = as_json(result)
    assert [item["id"] for item in data["known"]] == ["10.5555/qlx.2023.0001", "37000002"]
    assert data["unreadable"] == [{"line": 3, "text": "not an id",
                                   "why": "not a PMID, DOI, arXiv id or ieee:ARTICLE_NUMBER"}]


def test_no_readable_record_is_a_usage_error(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("nothing here\n", encoding="utf-8")
    result = check(known=known)
    assert result.exit_code == 2
    assert "holds no known record" in result.stderr
    assert check(known=tmp_path / "absent.txt").exit_code == 2
    assert sent(apis) == 0


def test_clauses_are_split_to_each_databases_limit(apis: FakeApis, tmp_path: Path) -> None:
    # 60 known DOIs: Web of Science takes at most 49 operators in one query
    records = [FakeRecord(f"Large language models in radiology {n}", year=2020,
                          doi=f"10.5555/split.{n:04d}", pmid=str(38_000_000 + n),
                          uid=f"WOS:0020{n:011d}", ieee=str(20_000_000 + n))
               for n in range(60)]
    apis.wos.searchable_records = records
    known = tmp_path / "known.txt"
    known.write_text("".join(f"10.5555/split.{n:04d}\n" for n in range(60)), encoding="utf-8")
    result = check("--format", "json", "--db", "wos", "--no-log", known=known)
    data = as_json(result)
    assert data["databases"]["wos"]["final_recall"] == 1.0, result.stderr
    queries = [request.param("q") or "" for request in apis.wos.requests]
    assert all(wos_operators(query) <= WOS_MAX_OPERATORS for query in queries)
    indexed = [q for q in queries if q.startswith("DO=")]
    assert len(indexed) == 2  # 50 + 10 identifiers
    assert len(queries) > len(indexed) + 4  # each line in several parts


def test_too_many_requests_need_yes(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("".join(f"ieee:{30_000_000 + n}\n" for n in range(30)), encoding="utf-8")
    refused = check("--db", "ieee", "--max-requests", "3", known=known)
    assert refused.exit_code == 2
    assert "--yes" in refused.stderr
    assert not apis.ieee.requests
    # asked with --yes; none of the made-up numbers is in IEEE Xplore: nothing
    # was tested (KC005), which exits 3, not 0
    allowed = check("--db", "ieee", "--max-requests", "3", "--yes", known=known)
    assert allowed.exit_code == 3 and apis.ieee.requests
    assert "KC005" in allowed.stdout + allowed.stderr


def test_report_includes_the_known_item_table(apis: FakeApis, tmp_path: Path) -> None:
    run = cli.invoke(app, ["run", str(STRATEGY)])
    assert run.exit_code in (0, 3), run.stderr
    check()
    report = cli.invoke(app, ["report"])
    assert report.exit_code == 0, report.stderr
    assert "Known-item check" in report.stdout
    assert "| 10.5555/qlx.2022.0003 | **missed**" in report.stdout


def test_a_record_known_by_pmid_and_title_is_found_in_ieee_by_its_title(
        apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.ris"
    known.write_text("TY  - JOUR\nTI  - Large language models for radiology report generation"
                     "\nAN  - 37000001\nER  -\n", encoding="utf-8")
    result = check("--format", "json", "--db", "pubmed,ieee", "--no-log", known=known)
    data = as_json(result)
    assert data["matrix"]["37000001"] == {"pubmed": "found", "ieee": "found"}
    assert data["databases"]["ieee"]["by_title"] == ["37000001"]
    ieee_queries = [r.param("querytext") for r in apis.ieee.requests]
    assert ieee_queries[0] == \
        '"Document Title":"Large language models for radiology report generation"'
    assert all('"Article Number":"10000001"' in q for q in ieee_queries[1:])
    assert "KC003 IEEE Xplore looked up by exact title" in check(
        "--db", "ieee", "--no-log", known=known).stdout


def test_a_doi_pubmed_does_not_know_is_not_indexed(apis: FakeApis, tmp_path: Path) -> None:
    """PubMed lists an unknown quoted DOI under errorlist.phrasesnotfound: for
    the lookup of that DOI alone it means "not in PubMed", not a failure."""
    known = tmp_path / "known.txt"
    known.write_text("10.5555/nowhere.0000\n", encoding="utf-8")
    apis.pubmed.script(['phrasesnotfound:"10.5555/nowhere.0000"[aid]'])
    data = as_json(check("--format", "json", "--db", "pubmed", "--no-log", known=known))
    assert data["databases"]["pubmed"]["status"] == "ok"
    assert data["matrix"]["10.5555/nowhere.0000"] == {"pubmed": "not indexed"}


def test_no_key_in_the_log_or_the_output(apis: FakeApis, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", apis.pubmed.api_key)
    result = check("--format", "json")
    logged = (tmp_path / "log.sqlite3").read_bytes()
    wal = tmp_path / "log.sqlite3-wal"
    logged += wal.read_bytes() if wal.exists() else b""
    for key in (apis.pubmed.api_key, apis.wos.api_key, apis.ieee.api_key):
        assert key.encode() not in logged
        assert key not in result.stdout + result.stderr
    assert any(r.param("api_key") == apis.pubmed.api_key for r in apis.pubmed.requests)


def test_usage_errors(apis: FakeApis) -> None:
    no_known = cli.invoke(app, ["check", str(STRATEGY)])
    assert no_known.exit_code == 2 and "--known FILE" in no_known.stderr
    bad_db = check("--db", "nosuchdb")
    assert bad_db.exit_code == 2
    bad_strategy = cli.invoke(app, ["check", "-q", "asthma AND", "--known", str(KNOWN)])
    assert bad_strategy.exit_code == 1
    assert sent(apis) == 0


def test_a_strategy_given_as_text(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("37000002\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "-q", "1. ChatGPT\n2. #1 AND radiolog*",
                              "--known", str(known), "--db", "pubmed", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert as_json(result)["databases"]["pubmed"]["lines"]["2"]["found"] == ["37000002"]


def test_the_json_report_holds_the_check(apis: FakeApis) -> None:
    assert cli.invoke(app, ["run", str(STRATEGY)]).exit_code in (0, 3)
    assert cli.invoke(app, ["report", "--format", "json"]).stdout.count("known_items") == 0
    check()
    report = json.loads(cli.invoke(app, ["report", "--format", "json"]).stdout)
    assert report["known_items"]["matrix"]["2305.00004"]["arxiv"] == "found"


def test_a_rate_limited_request_is_retried(apis: FakeApis, tmp_path: Path) -> None:
    """The check's requests go through run's retries: a 429 is asked again."""
    known = tmp_path / "known.txt"
    known.write_text("10.5555/qlx.2023.0001\n", encoding="utf-8")
    apis.wos.script(["429"])
    data = as_json(check("--format", "json", "--db", "wos", "--no-log", known=known))
    assert data["databases"]["wos"]["status"] == "ok"
    assert data["matrix"]["10.5555/qlx.2023.0001"] == {"wos": "found"}
    statuses = [request.fault for request in apis.wos.requests]
    assert statuses[0] == "429" and len(statuses) == 2 + 4  # the retry, then 4 lines


def test_pubmed_and_arxiv_are_not_capped(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("".join(f"10.5555/many.{n}\n" for n in range(6)), encoding="utf-8")
    result = check("--db", "pubmed", "--max-requests", "2", "--no-log", known=known)
    assert result.exit_code == 3, result.stderr  # none indexed: nothing tested (KC005)
    assert "PubMed 10" in result.stderr  # 6 DOIs looked up alone, 4 lines


def test_a_title_only_record_in_pubmed_and_arxiv(apis: FakeApis, tmp_path: Path) -> None:
    known = tmp_path / "known.bib"
    known.write_text("@article{a, title = {Large Language Models Meet Medical Image "
                     "Segmentation}}\n@article{b, title = {ChatGPT simplifies radiology "
                     "reports for patients}}\n", encoding="utf-8")
    data = as_json(check("--format", "json", "--db", "pubmed,arxiv", "--no-log", known=known))
    first, second = (item["id"] for item in data["known"])
    assert first == "title:large language models meet medical image segmentation"
    assert data["matrix"][first] == {"pubmed": "not indexed", "arxiv": "found"}
    assert data["matrix"][second] == {"pubmed": "found", "arxiv": "not indexed"}
    assert data["databases"]["pubmed"]["by_title"] == [first, second]
    assert apis.pubmed.requests[0].param("term", "").endswith('"[ti]')


def test_ieee_holding_none_of_the_known_records_is_said(apis: FakeApis,
                                                       tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("10.5555/absent.1\n10.5555/absent.2\n", encoding="utf-8")
    out = check("--db", "ieee", "--no-log", known=known).stdout
    assert "KC004 IEEE Xplore holds none of the 2 known records asked for" in out
    assert "KC004" not in check("--db", "ieee", "--no-log").stdout


def test_nothing_indexed_anywhere_tests_nothing(apis: FakeApis, tmp_path: Path) -> None:
    """A known set no database holds must not pass a pipeline: KC005, exit 3."""
    known = tmp_path / "known.txt"
    known.write_text("10.5555/not.there.1\n10.5555/not.there.2\n", encoding="utf-8")
    result = check("--db", "pubmed,wos", "--no-log", known=known)
    assert result.exit_code == 3, result.stderr
    assert "KC005" in result.stdout + result.stderr
    # one record indexed and found: a real test, exit 0
    known.write_text("10.5555/qlx.2023.0001\n10.5555/not.there.1\n", encoding="utf-8")
    assert check("--db", "pubmed", "--no-log", known=known).exit_code == 0
