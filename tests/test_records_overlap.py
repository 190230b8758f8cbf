"""Overlap numbers (issue 13 item 5) and their four renderings."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console

from querylang.records.model import FetchedRecord
from querylang.records.overlap import compute_overlap
from querylang.records.render import render_csv, render_json, render_markdown, render_table


def r(database: str, native: str, **fields: object) -> FetchedRecord:
    fields.setdefault("title", f"Unrelated work number {database} {native}")
    fields.setdefault("year", 2023)
    return FetchedRecord(database, native, 1, **fields)  # type: ignore[arg-type]


RECORDS = {
    "pubmed": [
        r("pubmed", "1", doi="10.1/a"),
        r("pubmed", "2", doi="10.1/b", title="Vision transformers for chest radiographs"),
        r("pubmed", "3", doi="10.1/c", pmid="3"),
    ],
    "wos": [r("wos", "W1", doi="10.1/A"), r("wos", "W2", pmid="3"), r("wos", "W3", doi="10.1/d")],
    "arxiv": [
        r("arxiv", "2201.00001", arxiv_id="2201.00001", year=2022,
          title="Vision Transformers for Chest Radiographs."),
        r("arxiv", "2201.00002", arxiv_id="2201.00002"),
    ],
    "ieee": [r("ieee", "9", doi="https://doi.org/10.1/a"), r("ieee", "8", doi="10.1/e")],
}
COUNTS = {"pubmed": 3, "wos": 3, "arxiv": 2, "ieee": 5}


def test_numbers_and_json_shape() -> None:
    data = json.loads(render_json(compute_overlap(
        RECORDS, counts=COUNTS, complete={"ieee": False}, run=3, line=4)))
    assert (data["run"], data["line"]) == (3, 4)
    assert list(data["databases"]) == ["pubmed", "wos", "arxiv", "ieee"]
    pubmed = data["databases"]["pubmed"]
    assert pubmed == {
        "count": 3, "fetched": 3, "complete": True, "only_here": 0,
        "shared": {"wos": 2, "arxiv": 1, "ieee": 1}, "unique": 3,
    }
    assert data["databases"]["wos"]["only_here"] == 1
    assert data["databases"]["wos"]["shared"] == {"pubmed": 2, "arxiv": 0, "ieee": 1}
    assert data["databases"]["arxiv"]["shared"] == {"pubmed": 1, "wos": 0, "ieee": 0}
    assert data["databases"]["ieee"]["complete"] is False
    assert (data["records_fetched"], data["unique_records"], data["duplicates_removed"]) == (
        10, 6, 4,
    )
    assert data["possible_duplicates"] == []
    assert data["merges"] == {"doi": 2, "pmid": 1, "title": 1}


def test_shared_is_symmetric_and_only_here_adds_up() -> None:
    result = compute_overlap(RECORDS)
    for a in result.databases:
        for name, number in a.shared.items():
            assert result.database(name).shared[a.name] == number
    assert sum(result.combinations.values()) == result.unique_records
    assert sum(db.only_here for db in result.databases) == sum(
        n for combo, n in result.combinations.items() if len(combo) == 1
    )


def test_database_with_a_count_but_no_records() -> None:
    result = compute_overlap({"pubmed": RECORDS["pubmed"]}, counts={"pubmed": 3, "wos": 0})
    assert result.database("wos").fetched == 0
    assert result.database("pubmed").shared == {"wos": 0}


def test_table_rendering() -> None:
    console = Console(record=True, width=140, file=io.StringIO())
    render_table(compute_overlap(RECORDS, counts=COUNTS, complete={"ieee": False}, run=3,
                                 line=4), console)
    text = console.export_text()
    assert "Overlap after removing duplicates (run 3, line 4)" in text
    assert "Also in PubMed" in text
    assert "2 (incomplete)" in text
    assert "10 records fetched, 4 duplicates removed: 6 unique records." in text
    assert "Incomplete: not every record of IEEE was fetched" in text


def test_csv_rendering() -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(compute_overlap(RECORDS, counts=COUNTS)))))
    assert [row["database"] for row in rows] == ["pubmed", "wos", "arxiv", "ieee", "all"]
    assert rows[0]["shared_wos"] == "2"
    assert rows[0]["shared_pubmed"] == ""
    assert (rows[-1]["count"], rows[-1]["fetched"]) == ("13", "10")
    assert (rows[-1]["unique_records"], rows[-1]["duplicates_removed"]) == ("6", "4")


def test_markdown_rendering() -> None:
    text = render_markdown(compute_overlap(RECORDS, counts=COUNTS, run=3, line=4))
    assert "| PubMed | 3 | 3 | 0 | – | 2 | 1 | 1 |" in text
    assert "|---|---:|" in text
    assert "6 unique records" in text


def test_diagnostics_for_incomplete_fetch_and_possible_duplicates() -> None:
    from querylang.records.overlap import overlap_diagnostics, render_diagnostics

    records = {
        "pubmed": [r("pubmed", "1", title="Deep learning for chest radiographs in adults")],
        "ieee": [r("ieee", "2", title="Deep learning for chest radiograph in adults")],
    }
    found = overlap_diagnostics(
        compute_overlap(records, counts={"pubmed": 10, "ieee": 1}, complete={"pubmed": False})
    )
    assert [d.code for d in found] == ["RD002", "RD003"]
    assert found[0].message.startswith("pubmed: 9 of 10 records not fetched")
    text = render_diagnostics(found)
    assert "querylang: RD003 info: 1 possible duplicates" in text
    assert "  = help: " in text
    assert overlap_diagnostics(compute_overlap(RECORDS, counts=COUNTS)) == []
