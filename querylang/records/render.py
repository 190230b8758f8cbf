"""The overlap table as text: rich table, JSON, CSV or Markdown.

Rows are databases: records identified (the run's count), fetched, found
only there, and shared with each other database (deduplicated records in
both). Under the table: records fetched, duplicates removed, unique
records and the number of possible duplicates (listed in the JSON).
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from querylang.records.overlap import DatabaseOverlap, Overlap
from querylang.records.sources import short_name

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["render_table", "render_json", "render_csv", "render_markdown", "FORMATS", "short_name"]

FORMATS = ("table", "json", "csv", "markdown")
#: a cell with no number (a database with itself, a count not logged)
NONE = "–"


def _count(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def _fetched(database: DatabaseOverlap) -> str:
    return f"{database.fetched:,}" + ("" if database.complete else " (incomplete)")


def _title(overlap: Overlap) -> str:
    where = []
    if overlap.run is not None:
        where.append(f"run {overlap.run}")
    if overlap.line is not None:
        where.append(f"line {overlap.line}")
    return "Overlap after removing duplicates" + (f" ({', '.join(where)})" if where else "")


def summary_lines(overlap: Overlap) -> list[str]:
    lines = [
        f"{overlap.records_fetched:,} records fetched, {overlap.duplicates_removed:,} "
        f"duplicates removed: {overlap.unique_records:,} unique records.",
    ]
    if overlap.dedup.possible:
        lines.append(
            f"{len(overlap.dedup.possible):,} possible duplicates (similar titles, not merged) "
            "to check: listed by --format json."
        )
    missing = [db for db in overlap.databases if not db.complete]
    if missing:
        names = ", ".join(short_name(db.name) for db in missing)
        lines.append(
            f"Incomplete: not every record of {names} was fetched; the numbers count "
            "the records fetched."
        )
    return lines


def render_table(overlap: Overlap, console: Console) -> None:
    from rich.table import Table

    table = Table(title=_title(overlap), title_justify="left", header_style="bold")
    table.add_column("Database")
    table.add_column("Identified", justify="right")
    table.add_column("Fetched", justify="right")
    table.add_column("Only here", justify="right")
    names = [db.name for db in overlap.databases]
    for name in names:
        table.add_column(f"Also in {short_name(name)}", justify="right")
    for database in overlap.databases:
        table.add_row(
            short_name(database.name),
            _count(database.count),
            _fetched(database),
            f"{database.only_here:,}",
            *(
                NONE if other == database.name else f"{database.shared[other]:,}"
                for other in names
            ),
        )
    console.print(table)
    for line in summary_lines(overlap):
        console.print(line, markup=False, highlight=False)


def render_json(overlap: Overlap) -> str:
    return json.dumps(overlap.to_dict(), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("database", "count", "fetched", "complete", "only_here")


def render_csv(overlap: Overlap) -> str:
    """One row per database, then a row ``all`` with the totals (its
    ``unique_records`` and ``duplicates_removed`` filled)."""
    names = [db.name for db in overlap.databases]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [*CSV_COLUMNS, *(f"shared_{name}" for name in names), "unique_records",
         "duplicates_removed"]
    )
    for db in overlap.databases:
        writer.writerow([
            db.name, "" if db.count is None else db.count, db.fetched,
            str(db.complete).lower(), db.only_here,
            *("" if other == db.name else db.shared[other] for other in names),
            db.unique, "",
        ])
    counts = [db.count for db in overlap.databases if db.count is not None]
    writer.writerow([
        "all", sum(counts) if counts else "", overlap.records_fetched,
        str(overlap.complete).lower(), "", *("" for _ in names),
        overlap.unique_records, overlap.duplicates_removed,
    ])
    return out.getvalue()


def render_markdown(overlap: Overlap) -> str:
    names = [db.name for db in overlap.databases]
    header = ["Database", "Identified", "Fetched", "Only here",
              *(f"Also in {short_name(name)}" for name in names)]
    out = [
        f"### {_title(overlap)}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" + "---:|" * (len(header) - 1),
    ]
    for db in overlap.databases:
        cells = [
            short_name(db.name), _count(db.count), _fetched(db), f"{db.only_here:,}",
            *(NONE if other == db.name else f"{db.shared[other]:,}" for other in names),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out += summary_lines(overlap)
    return "\n".join(out) + "\n"


def dedup_sentence(overlap: Overlap) -> str:
    """How duplicates were removed (PRISMA-S item 16), for a methods section."""
    possible = len(overlap.dedup.possible)
    sentence = (
        "Duplicates were removed with querylang: records sharing a DOI, a PMID or an "
        "arXiv id were merged, then records with the same normalised title and "
        "publication years at most one year apart, unless an identifier disagreed "
        f"({overlap.duplicates_removed:,} duplicates removed)."
    )
    if possible:
        sentence += (
            f" {possible:,} pairs of records with similar titles were left for a person "
            "to check."
        )
    return sentence


def prisma_section(overlap: Overlap) -> list[str]:
    """The report's "PRISMA 2020 flow" section (Markdown lines)."""
    from querylang.records.figures import prisma_numbers

    numbers = prisma_numbers(overlap)
    where = f" of line {overlap.line}" if overlap.line is not None else ""
    out = [
        "### PRISMA 2020 flow",
        "",
        f"The records{where} fetched with `querylang records`, deduplicated "
        "(identification part of the PRISMA 2020 flow diagram; "
        "`querylang report --format prisma -o flow.svg` draws it).",
        "",
        "| PRISMA 2020 flow | n |",
        "|---|---:|",
        f"| Records identified from databases | {numbers.total_identified:,} |",
        *(f"| &nbsp;&nbsp;{name} | {n:,} |" for name, n in numbers.identified),
        f"| Duplicate records removed | {numbers.duplicates_removed:,} |",
    ]
    if numbers.not_fetched:
        out.append(
            f"| Records removed for other reasons (counted, not fetched) | "
            f"{numbers.not_fetched:,} |"
        )
    if numbers.from_export:
        out.append(
            "| Records not deduplicated here (counted in an interface without an API: "
            f"from the interface's export) | {numbers.from_export:,} |"
        )
    out += [f"| Records screened | {numbers.screened:,} |", "", dedup_sentence(overlap), ""]
    return out


def prisma_json(overlap: Overlap) -> dict[str, object]:
    """The flow numbers for ``report --format json``."""
    from querylang.records.figures import prisma_numbers

    numbers = prisma_numbers(overlap)
    return {
        "line": overlap.line,
        "identified": {
            db.name: n for db, (_, n) in zip(overlap.databases, numbers.identified, strict=True)
        },
        "identified_total": numbers.total_identified,
        "duplicates_removed": numbers.duplicates_removed,
        "not_fetched": numbers.not_fetched,
        "from_export": numbers.from_export,
        "screened": numbers.screened,
        "possible_duplicates": len(overlap.dedup.possible),
    }
