"""Reading known sets (identifier lines, RIS, BibTeX, CSV), the identifier
clauses, and the fakes' own search of their records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from querylang.databases.wos.known import WOS_MAX_OPERATORS, wos_operators
from querylang.known.clauses import indexed_probes, line_probes, searchable
from querylang.known.items import parse_identifier, parse_known
from querylang.store import SCHEMA_VERSION, SearchLog
from querylang.targets.base import ApiRequest
from tests.fakes.idclause import FakeRecord, QueryError, search

RIS = """TY  - JOUR
TI  - Large language models for radiology
DO  - https://doi.org/10.5555/QLX.1
AN  - 37000001
PY  - 2023
ER  -

TY  - JOUR
TI  - A record without any identifier
PY  - 2021
ER  -

TY  - JOUR
AU  - Nobody
ER  -

TY  - JOUR
TI  - Cut off before its end
"""

BIBTEX = """@article{one,
  title = {Large {Language} Models},
  doi = {10.5555/qlx.2},
  year = {2022},
}

@misc{two, eprint = {2301.01234v3}, archiveprefix = {arXiv}, title = {A preprint}}
@article{broken, title =
@article{three, pmid = {0042}}
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("37000001", ("pmid", "37000001")),
    ("PMID: 0037000001", ("pmid", "37000001")),
    ("10.1016/J.MEDIA.2023.102802", ("doi", "10.1016/j.media.2023.102802")),
    ("doi:10.5555/x", ("doi", "10.5555/x")),
    ("https://dx.doi.org/10.5555/X", ("doi", "10.5555/x")),
    ("arXiv:2301.01234v2", ("arxiv", "2301.01234")),
    ("hep-th/9901001", ("arxiv", "hep-th/9901001")),
    ("ieee:9876543", ("ieee", "9876543")),
    ("IEEE: 9876543", ("ieee", "9876543")),
    ("nonsense", None),
    ("ieee:abc", None),
])
def test_identifiers_in_normal_form(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_identifier(text) == expected


def test_an_arxiv_doi_gives_the_arxiv_id_too() -> None:
    item = parse_known("10.48550/arXiv.2301.01234\n").items[0]
    assert (item.kind, item.arxiv_id) == ("doi", "2301.01234")
    assert searchable("arxiv", item) == {"arxiv": "2301.01234"}


def test_ris_records_with_line_numbers() -> None:
    known = parse_known(RIS, "set.ris")
    assert known.format == "ris"
    first, second = known.items
    assert (first.id, first.pmid, first.title, first.year, first.line) == (
        "10.5555/qlx.1", "37000001", "Large language models for radiology", 2023, 1)
    assert (second.kind, second.id, second.line) == (
        "title", "title:a record without any identifier", 8)
    assert [(u.line, u.why) for u in known.unreadable] == [
        (13, "no DOI, PMID or title in the record"), (17, "RIS record without its ER line")]


def test_bibtex_entries_with_line_numbers() -> None:
    known = parse_known(BIBTEX, "set.bib")
    ids = [(item.id, item.kind, item.line) for item in known.items]
    assert ids == [("10.5555/qlx.2", "doi", 1), ("2301.01234", "arxiv", 7),
                   ("42", "pmid", 9)]
    assert known.items[0].title == "Large Language Models"
    assert [u.line for u in known.unreadable] == [8]


def test_csv_columns_in_any_case() -> None:
    text = ("Title,DOI,PMID,Year,IEEE\n"
            "A,10.5555/a,,2020,\n"
            "B,,123,2021,\n"
            ",,,,\n"
            "C,not a doi,,2019,456\n"
            ",,,,x\n")
    known = parse_known(text, "set.csv")
    assert [(item.id, item.line) for item in known.items] == [
        ("10.5555/a", 2), ("123", 3), ("ieee:456", 5)]
    assert [u.line for u in known.unreadable] == [6]
    assert parse_known("name,when\nx,2020\n", "bad.csv").unreadable[0].line == 1


def test_content_decides_when_the_name_does_not() -> None:
    assert parse_known(RIS, "known.txt").format == "ris"
    assert parse_known(BIBTEX, "known").format == "bibtex"
    assert parse_known("# ids\n123\n", "known").format == "ids"


def _api(target: str, query: str, **params: str) -> ApiRequest:
    names = {"pubmed": "term", "wos": "q", "arxiv": "search_query", "ieee": "querytext"}
    return ApiRequest("GET", "https://example.invalid", {names[target]: query, **params})


def test_pubmed_looks_a_doi_up_alone_and_pmids_together() -> None:
    known = parse_known("10.5555/a\n123\n456\n")
    probes = indexed_probes("pubmed", known.items, _api("pubmed", "x[tiab]", retmax="0"))
    terms = [(p.api.params["term"], p.api.params["retmax"]) for p in probes]
    assert terms == [("123[pmid] OR 456[pmid]", "2"), ('"10.5555/a"[aid]', "5")]
    lines = line_probes("pubmed", 1, _api("pubmed", "x[tiab]"), "x[tiab]", known.items,
                        {"10.5555/a": "789"})
    assert lines[0].api.params["term"] == "(x[tiab]) AND (789[pmid] OR 123[pmid] OR 456[pmid])"


def test_wos_clause_stays_within_49_operators() -> None:
    known = parse_known("".join(f"10.5555/{n}\n" for n in range(120)))
    line = " OR ".join(f"w{n}" for n in range(30))
    query = f"TS=({line})"
    probes = line_probes("wos", 2, _api("wos", query, limit="1"), query, known.items)
    assert all(wos_operators(p.api.params["q"]) <= WOS_MAX_OPERATORS for p in probes)
    assert sum(len(p.items) for p in probes) == 120
    # 20 identifiers a request: the line's 29 ORs, one AND and 19 ORs make 49
    assert [len(p.items) for p in probes] == [20] * 6
    indexed = indexed_probes("wos", known.items, _api("wos", query))
    assert [len(p.items) for p in indexed] == [50, 50, 20]
    assert indexed[0].api.params["limit"] == "50"


def test_arxiv_uses_id_list_beside_the_query() -> None:
    known = parse_known("2301.00001\narXiv:2301.00002v4\n")
    api = _api("arxiv", "ti:x", start="0", max_results="0")
    indexed = indexed_probes("arxiv", known.items, api)[0].api.params
    assert indexed["id_list"] == "2301.00001,2301.00002"
    assert "search_query" not in indexed
    line = line_probes("arxiv", 1, api, "ti:x", known.items)[0].api.params
    assert (line["search_query"], line["max_results"]) == ("ti:x", "2")


def test_ieee_clause_drops_the_years_only_from_the_indexed_request() -> None:
    known = parse_known("10.5555/a\nieee:77\n")
    api = _api("ieee", '"Abstract":x', start_year="2013", end_year="2023")
    indexed = indexed_probes("ieee", known.items, api)[0].api.params
    assert indexed["querytext"] == '("DOI":"10.5555/a" OR "Article Number":"77")'
    assert "start_year" not in indexed
    line = line_probes("ieee", 1, api, '"Abstract":x', known.items)[0].api.params
    assert line["start_year"] == "2013"


def test_a_title_is_searched_in_the_title_field() -> None:
    known = parse_known('TY  - JOUR\nTI  - "Quoted": a (title)\nER  -\n', "t.ris")
    api = _api("ieee", "x")
    probe = indexed_probes("ieee", known.items, api)[0]
    assert probe.api.params["querytext"] == '"Document Title":"Quoted a title"'
    assert probe.by_title == '"Quoted": a (title)'


# -- the fakes' search -----------------------------------------------------------------

RECORD = FakeRecord("Large language models in radiology", "GPT-4 reads chest X-rays.",
                    keywords=("LLM",), mesh=("Radiography",), year=2023, pmid="1",
                    doi="10.5555/r", uid="WOS:1", arxiv_id="2301.00001", ieee="9")


@pytest.mark.parametrize(("database", "query", "hit"), [
    ("pubmed", '"large language model*"[tiab] AND radiolog*[ti]', True),
    ("pubmed", '"language large"[tiab]', False),
    ("pubmed", '("10.5555/r"[aid]) AND 2013:2023[dp] AND english[la]', True),
    ("pubmed", "Radiography[mh] NOT 1[pmid]", False),
    ("wos", 'TS=("large language model*" OR LLM) AND PY=(2013-2023)', True),
    ("wos", 'DO=("10.5555/other" OR "10.5555/R")', True),
    ("wos", "TI=(chest)", False),
    ("arxiv", 'abs:"chest x-rays" AND submittedDate:[202301010000 TO 202312312359]', True),
    ("arxiv", "ti:radiology ANDNOT abs:GPT", False),
    ("ieee", '("Document Title":radiolog* OR "Abstract":x) AND "DOI":"10.5555/r"', True),
    ("ieee", '"Article Number":"8"', False),
])
def test_the_fakes_read_each_syntax(database: str, query: str, hit: bool) -> None:
    assert bool(search(database, query, [RECORD])) is hit


def test_the_fakes_refuse_what_they_cannot_read() -> None:
    with pytest.raises(QueryError):
        search("pubmed", "(a[tiab] OR", [RECORD])


# -- the search log ------------------------------------------------------------------------


def test_a_v3_log_gains_the_check_tables(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    SearchLog(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE check_answers")
        raw.execute("DROP TABLE checks")
        raw.execute("PRAGMA user_version = 3")
    with SearchLog(path) as log:
        assert log.schema_version == SCHEMA_VERSION == 4
        assert log.latest_check("1. x") is None
        check_id = log.begin_check(started="2026-01-01T00:00:00+00:00", version="t",
                                   source_name="s", source_text="1. x", known_name="k",
                                   known="[]")
        log.save_check_answer(check_id, "wos", 1, 1, {"url": "u", "params": {"q": "x"}},
                              "[]", None, "fetched", "2099-01-01T00:00:00+00:00")
        log.finish_check(check_id, "2026-01-01T00:00:01+00:00", '{"ok": 1}')
        assert log.latest_check("1. x") == (
            check_id, "2026-01-01T00:00:01.000000+00:00", '{"ok": 1}')
        assert log.lookup_check_answer("wos", {"url": "u", "params": {"q": "x"}}, 1.0) == (
            "[]", "2099-01-01T00:00:00.000000+00:00")
        assert log.lookup_check_answer("wos", {"url": "u", "params": {"q": "y"}}, 1.0) is None
