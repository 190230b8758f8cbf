"""The issue's "Done when" chain against the pooled fakes:

    querylang run examples/llm-medical-imaging.qry && querylang records
    && querylang report --format prisma -o flow.svg
    && querylang export --format ris -o records.ris

and the overlap numbers equal the pool's truth (issue 13 items 4-8).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import rispy  # type: ignore[import-untyped]
from typer.testing import CliRunner

from querylang.cli import app
from querylang.records.dedup import deduplicate
from tests.fakes.fixtures import PooledApis
from tests.recordhelp import DATABASES, EXAMPLE, fetched, records, records_json, run_example

cli = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


def test_overlap_equals_the_pool_truth(fast_pooled_apis: PooledApis) -> None:
    pool = fast_pooled_apis.pool
    run_example()
    data = records_json()
    truth = pool.overlap()
    assert data["unique_records"] == truth.unique_records
    assert data["duplicates_removed"] == truth.duplicates_removed
    assert data["records_fetched"] == sum(truth.fetched.values())
    for name in DATABASES:
        entry = data["databases"][name]
        assert entry["only_here"] == truth.only_here[name], name
        assert entry["shared"] == truth.shared[name], name
        assert entry["complete"] is True
    # every automatic merge is right, and every duplicate pair is found
    result = deduplicate(r for name in DATABASES for r in fetched()[name])
    predicted = {
        frozenset((a.key, b.key))
        for work in result.works
        for i, a in enumerate(work.records)
        for b in work.records[i + 1:]
    }
    assert predicted == pool.duplicate_pairs()
    # the planted near titles are listed, not merged
    listed = {frozenset((a, b)) for a, b, _ in data["possible_duplicates"]}
    assert pool.near_pairs
    assert {frozenset(pair) for pair in pool.near_pairs} <= listed


def test_records_table_prints_the_overlap(fast_pooled_apis: PooledApis) -> None:
    run_example()
    result = records()
    assert result.exit_code == 0, result.stderr
    assert "Also in PubMed" in result.stdout
    assert "unique records" in result.stdout
    again = records("--format", "csv")  # from the log: no request
    rows = list(csv.DictReader(io.StringIO(again.stdout)))
    assert [row["database"] for row in rows] == [*DATABASES, "all"]


def test_done_when_chain(fast_pooled_apis: PooledApis, tmp_path: Path) -> None:
    pool = fast_pooled_apis.pool
    truth = pool.overlap()
    run_example()
    assert records().exit_code == 0
    requests_after_fetch = sum(getattr(fast_pooled_apis, n).request_count for n in DATABASES)

    flow = tmp_path / "flow.svg"
    result = cli.invoke(app, ["report", "--format", "prisma", "-o", str(flow)])
    assert result.exit_code == 0, result.stderr
    words = [t.text for t in ET.parse(flow).getroot().iter(f"{SVG}text")]
    assert f"Duplicate records removed (n = {truth.duplicates_removed:,})" in words
    assert f"(n = {truth.unique_records:,})" in words
    assert f"Databases (n = {sum(truth.fetched.values()):,})" in words

    chart = tmp_path / "overlap.svg"
    result = cli.invoke(app, ["report", "--format", "overlap", "-o", str(chart)])
    assert result.exit_code == 0, result.stderr
    assert ET.parse(chart).getroot().tag == f"{SVG}svg"

    ris = tmp_path / "records.ris"
    result = cli.invoke(app, ["export", "--format", "ris", "-o", str(ris)])
    assert result.exit_code == 0, result.stderr
    assert f"{truth.unique_records:,} records" in result.stderr
    entries = rispy.loads(ris.read_text(encoding="utf-8"))
    assert len(entries) == truth.unique_records
    assert all(entry.get("name_of_database") for entry in entries)

    bib = tmp_path / "records.bib"
    assert cli.invoke(app, ["export", "--format", "bibtex", "-o", str(bib)]).exit_code == 0
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert len({entry.key for entry in library.entries}) == truth.unique_records

    table = cli.invoke(app, ["export", "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(table.stdout)))) == truth.unique_records

    # the report's PRISMA section and JSON numbers
    markdown = cli.invoke(app, ["report"]).stdout
    assert "### PRISMA 2020 flow" in markdown
    assert f"| Records screened | {truth.unique_records:,} |" in markdown
    data = json.loads(cli.invoke(app, ["report", "--format", "json"]).stdout)
    assert data["prisma"]["screened"] == truth.unique_records
    assert data["prisma"]["duplicates_removed"] == truth.duplicates_removed

    # nothing after the fetch asked a database anything
    assert requests_after_fetch == sum(
        getattr(fast_pooled_apis, n).request_count for n in DATABASES
    )


def test_no_records_yet_is_rd001(fast_pooled_apis: PooledApis, tmp_path: Path) -> None:
    run_example()
    for args in (["export", "-o", str(tmp_path / "x.ris")],
                 ["report", "--format", "prisma", "-o", str(tmp_path / "f.svg")]):
        result = cli.invoke(app, args)
        assert result.exit_code == 2
        assert "RD001 no records fetched for run 1" in result.stderr
        assert "querylang records 1" in result.stderr
    markdown = cli.invoke(app, ["report"]).stdout
    assert "PRISMA 2020 flow" not in markdown


def test_prisma_counts_every_database_searched(fast_pooled_apis: PooledApis) -> None:
    pool = fast_pooled_apis.pool
    run_example()
    assert records("--db", "arxiv").exit_code == 0
    result = cli.invoke(app, ["report", "--format", "json"])
    prisma = json.loads(result.stdout)["prisma"]
    assert prisma["identified"] == {name: pool.size(name) for name in DATABASES}
    others = sum(pool.size(name) for name in DATABASES if name != "arxiv")
    assert prisma["not_fetched"] == others
    assert prisma["screened"] == pool.overlap({"arxiv": pool.size("arxiv")}).unique_records
    assert prisma["identified_total"] - prisma["duplicates_removed"] - prisma[
        "not_fetched"] == prisma["screened"]
    drawn = cli.invoke(app, ["report", "--format", "prisma"])
    assert "querylang: RD002 warning: pubmed: " in drawn.stderr
    assert f"Records removed for other reasons (n = {others:,}):" in drawn.stdout


def test_unwritable_output_is_a_usage_error(fast_pooled_apis: PooledApis, tmp_path: Path) -> None:
    run_example()
    assert records().exit_code == 0
    for args in (["export", "-o", str(tmp_path)],
                 ["report", "--format", "overlap", "-o", str(tmp_path)]):
        result = cli.invoke(app, args)
        assert result.exit_code == 2
        assert f"cannot write {tmp_path}" in result.stderr
    # without -o the SVG goes to standard output
    shown = cli.invoke(app, ["report", "--format", "overlap"])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("<svg ")


def test_ris_export_reads_back_as_a_known_set(fast_pooled_apis: PooledApis,
                                              tmp_path: Path) -> None:
    """``export --format ris`` then ``check --known`` that file: every PMID
    (RIS ``AN``) and DOI (``DO``) of the export is a known item."""
    run_example()
    assert records().exit_code == 0
    ris = tmp_path / "records.ris"
    assert cli.invoke(app, ["export", "--format", "ris", "-o", str(ris)]).exit_code == 0
    works = deduplicate(r for name in DATABASES for r in fetched()[name]).works
    pmids = {pmid for work in works for pmid in work.pmids[:1]}
    dois = {work.doi for work in works if work.doi}
    assert pmids and dois
    result = cli.invoke(app, ["check", str(EXAMPLE), "--known", str(ris),
                              "--db", "pubmed", "--format", "json", "--no-log"])
    assert result.stdout, result.stderr
    known = json.loads(result.stdout)["known"]
    assert len(known) == len(works)
    assert {item["identifiers"].get("pmid") for item in known} - {None} == pmids
    assert {item["identifiers"].get("doi") for item in known} - {None} == dois
