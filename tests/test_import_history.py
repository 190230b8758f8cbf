"""Splitting a pasted native strategy into searches (querylang.imports.history)."""

from __future__ import annotations

import pytest

from querylang.imports import import_strategy
from querylang.imports.history import split_source


def _texts(source: str) -> list[tuple[int | None, str, int | None]]:
    return [(line.number, line.text, line.count) for line in split_source(source).lines]


def test_single_query_over_several_lines() -> None:
    split = split_source("  asthma[mh]\n   OR wheez*[tiab]\n")
    assert [(line.number, line.text) for line in split.lines] == [
        (None, "asthma[mh]\n   OR wheez*[tiab]")
    ]
    assert not split.numbered
    line = split.lines[0]
    assert (line.line, line.column, line.offset) == (1, 3, 2)


@pytest.mark.parametrize(
    "source",
    [
        "#1 asthma[mh]\n#2 child*[tiab]\n#3 #1 AND #2",
        "1. asthma[mh]\n2. child*[tiab]\n3. #1 AND #2",
        "1 asthma[mh]\n2 child*[tiab]\n3 #1 AND #2",
        "#1: asthma[mh]\n#2: child*[tiab]\n#3: #1 AND #2",
    ],
)
def test_numbered_history_styles(source: str) -> None:
    assert _texts(source) == [
        (1, "asthma[mh]", None), (2, "child*[tiab]", None), (3, "#1 AND #2", None)
    ]


def test_a_query_starting_with_a_reference_is_one_query() -> None:
    assert _texts("#1 AND #2") == [(None, "#1 AND #2", None)]


def test_a_single_bare_number_is_part_of_the_query() -> None:
    assert _texts("2019 novel coronavirus[tiab]") == [(None, "2019 novel coronavirus[tiab]", None)]


def test_continuation_lines_join_the_search_above() -> None:
    source = "#1 asthma[mh]\n   OR wheez*[tiab]\n#2 #1 AND child*[tiab]"
    assert _texts(source) == [
        (1, "asthma[mh]\n   OR wheez*[tiab]", None), (2, "#1 AND child*[tiab]", None)
    ]


def test_counts_and_time_columns_are_read_off_newest_first() -> None:
    source = (
        "#3\t#1 AND #2\t1,234\t06:01:22\n"
        "#2\tchild*[tiab]\t2,500,000\t06:00:59\n"
        "#1\tasthma[mh]   160000\n"
    )
    assert _texts(source) == [
        (1, "asthma[mh]", 160000), (2, "child*[tiab]", 2500000), (3, "#1 AND #2", 1234)
    ]


def test_copied_table_rows_take_the_query_column() -> None:
    source = "#2\t...\tSearch: child*[Title/Abstract]\tchild*[tiab]\t250\t06:00:59\n" \
             "#1\t...\tSearch: asthma\tasthma[mh]\t160\t06:00:12\n"
    assert _texts(source) == [(1, "asthma[mh]", 160), (2, "child*[tiab]", 250)]


def test_csv_download_with_header_and_escaped_quotes() -> None:
    source = (
        "Search,Query,Sort By,Filters,Search Details,Results,Time\n"
        '2,"""child*""[tiab] OR kid[ti]",,,"""child*""[Title/Abstract]",100,06:01:02\n'
        "1,asthma[mh],,,\"asthma\"[MeSH Terms],1000,06:00:00\n"
    )
    split = split_source(source)
    assert [(line.number, line.text, line.count) for line in split.lines] == [
        (1, "asthma[mh]", 1000), (2, '"child*"[tiab] OR kid[ti]', 100)
    ]
    # every character maps back onto the paste, escapes included
    text, where = split.lines[1].text, split.offsets[1]
    assert "".join(source[i] for i in where[:-1]) == text
    result = import_strategy(source, "pubmed")
    assert result.text == (
        '1. mesh:"asthma"  # PubMed count in the pasted history: 1,000\n2. "child*" OR ti:kid  # PubMed count in the pasted history: 100\n'
    )
    assert [line.count for line in result.lines] == [1000, 100]


def test_tab_table_with_actions_and_details_header() -> None:
    source = (
        "Search\tActions\tDetails\tQuery\tResults\tTime\n"
        "#2\t...\t>\t#1 AND english[la]\t80\t10:22:01\n"
        "#1\t...\t>\tasthma[tiab]\t100\t10:21:00\n"
    )
    assert _texts(source) == [(1, "asthma[tiab]", 100), (2, "#1 AND english[la]", 80)]


def test_text_before_the_history_is_said() -> None:
    result = import_strategy("PubMed, 2024-03-01\n#1 asthma[tiab]\n#2 #1 AND child*", "pubmed")
    assert [d.code for d in result.diagnostics] == ["IM001"]
    assert result.diagnostics[0].span.line == 1


def test_duplicate_numbers_are_errors() -> None:
    result = import_strategy("#1 asthma[tiab]\n#1 wheeze[tiab]", "pubmed")
    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["IM002"]
    assert result.diagnostics[0].span.line == 2


def test_empty_source() -> None:
    result = import_strategy("  \n", "pubmed")
    assert [d.code for d in result.diagnostics] == ["IM007"]
    assert not result.ok


def test_search_label_sort_order_and_filters_of_the_web_table() -> None:
    source = (
        "#2\t...\t>\tSearch: #1 AND child*[tiab] Filters: English, from 2013 - 2023 "
        "Sort by: Most Recent\t120\t10:02:00\n"
        "#1\t...\t>\tSearch: asthma[mh] Sort by: Most Recent\t1,000\t10:01:00\n"
    )
    result = import_strategy(source, "pubmed")
    assert [line.native for line in result.lines] == ["asthma[mh]", "#1 AND child*[tiab]"]
    (said,) = result.diagnostics
    assert said.code == "IM010" and said.span.line == 1
    assert source[said.span.start : said.span.end] == "English, from 2013 - 2023"


def test_the_filters_column_of_a_csv_download_is_said() -> None:
    """PubMed's history download keeps sidebar filters in their own column:
    the query is read, the filters are said where they stand (never lost)."""
    source = (
        "Search,Actions,Details,Query,Filters,Results,Time\n"
        '2,...,,"#1 AND child*[tiab]",,120,07:01:02\n'
        '1,...,,"asthma[mh] OR wheez*[tiab]","English, Humans",24871,07:00:01\n'
    )
    result = import_strategy(source, "pubmed")
    said = [d for d in result.diagnostics if d.code == "IM010"]
    assert len(said) == 1 and "English, Humans" in said[0].message
    assert (said[0].span.line, said[0].span.column) == (3, source.splitlines()[2].index("English") + 1)
    assert "#1 AND child*" in result.text
