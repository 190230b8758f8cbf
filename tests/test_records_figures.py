"""The PRISMA 2020 identification flow and the overlap chart (SVG)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from querylang.records.figures import (
    overlap_svg,
    prisma_numbers,
    prisma_svg,
    text_width,
    wrap,
)
from querylang.records.model import FetchedRecord
from querylang.records.overlap import compute_overlap
from tests.test_records_overlap import COUNTS, RECORDS

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def test_prisma_numbers_add_up() -> None:
    overlap = compute_overlap(RECORDS, counts=COUNTS, complete={"ieee": False})
    numbers = prisma_numbers(overlap)
    assert numbers.identified == (
        ("PubMed", 3), ("Web of Science Core Collection", 3), ("arXiv", 2), ("IEEE Xplore", 5),
    )
    assert (numbers.duplicates_removed, numbers.not_fetched, numbers.screened) == (4, 3, 6)
    assert numbers.total_identified - numbers.duplicates_removed - numbers.not_fetched == (
        numbers.screened
    )


def test_prisma_svg_has_the_template_wording_and_numbers() -> None:
    overlap = compute_overlap(RECORDS, counts=COUNTS, complete={"ieee": False})
    svg = prisma_svg(prisma_numbers(overlap), "run 3, line 4")
    words = [t.text or "" for t in texts(svg)]
    for expected in (
        "Identification of studies via databases and registers",
        "Records identified from*:",
        "Databases (n = 13)",
        "Records removed before screening:",
        "Duplicate records removed (n = 4)",
        "Records removed for other reasons (n = 3):",
        "Records screened",
        "(n = 6)",
        "Identification",
        "Screening",
    ):
        assert expected in words, expected
    assert any("IEEE Xplore" in w and "5" in w for w in words)


def test_complete_fetch_has_no_other_reasons_line() -> None:
    svg = prisma_svg(prisma_numbers(compute_overlap(RECORDS, counts=COUNTS)))
    assert "other reasons" not in svg


def _fits(svg: str) -> None:
    root = ET.fromstring(svg)
    width = float(root.get("width") or 0)
    for text in texts(svg):
        size = float(text.get("font-size") or 0)
        x = float(text.get("x") or 0)
        extent = text_width(text.text or "", size, text.get("font-weight") == "bold")
        anchor = text.get("text-anchor")
        left = x - extent if anchor == "end" else x - extent / 2 if anchor == "middle" else x
        if text.get("transform"):
            continue  # the rotated band labels: their boxes are sized for them
        assert 0 <= left and left + extent <= width, text.text


def seven_databases() -> dict[str, list[FetchedRecord]]:
    names = ["pubmed", "wos", "arxiv", "ieee", "cochrane central register of controlled trials",
             "a_database_with_a_very_long_name_and_no_spaces_at_all", "psycinfo"]
    records: dict[str, list[FetchedRecord]] = {name: [] for name in names}
    for work in range(300):
        for step, name in enumerate(names):
            if (work >> step) & 1 or work % 7 == step:
                records[name].append(FetchedRecord(
                    name, f"{work}", len(records[name]) + 1, doi=f"10.1/{work}",
                    title=f"Work {work}",
                ))
    return records


def test_seven_long_named_databases_fit() -> None:
    overlap = compute_overlap(seven_databases(), run=1, line=2)
    flow = prisma_svg(prisma_numbers(overlap))
    chart = overlap_svg(overlap)
    _fits(flow)
    _fits(chart)
    assert "more combinations with" in chart  # 127 possible columns, 40 drawn


def test_overlap_chart_numbers() -> None:
    overlap = compute_overlap(RECORDS, counts=COUNTS, run=3, line=4)
    chart = overlap_svg(overlap)
    words = [t.text for t in texts(chart)]
    assert "Overlap of the deduplicated records (run 3, line 4)" in words
    # one bar per combination, labelled with its number
    titles = [t.text for t in ET.fromstring(chart).iter(f"{SVG}title")]
    assert "PubMed and Web of Science Core Collection and IEEE Xplore: 1" in titles
    assert "Web of Science Core Collection: 1" in titles
    _fits(chart)


def test_wrap_keeps_lines_within_width() -> None:
    lines = wrap("a" * 80 + " short words here", 14, 200)
    assert all(text_width(line, 14) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "").startswith("a" * 80)
