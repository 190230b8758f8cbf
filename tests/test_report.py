"""The report: Markdown and CSV snapshots, JSON, SearchFiles, methods paragraph.

Snapshots live in tests/snapshots/; after an intended change of the report,
regenerate them with ``UPDATE_SNAPSHOTS=1 pytest tests/test_report.py`` and
review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from querylang.report import (
    Limits,
    methods_paragraph,
    render_csv,
    render_json,
    render_markdown,
    searchfile,
    searchfile_paths,
    strategy_limits,
    write_searchfiles,
)
from querylang.results import Source, Status
from querylang.store import SearchLog, StoredRun
from tests.log_sample import COUNTS, EXAMPLE_TEXT, example_run

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


@pytest.fixture
def stored(tmp_path: Path) -> StoredRun:
    with SearchLog(tmp_path / "log.sqlite3") as log:
        return log.load_run(log.save_run(example_run()))


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written: review and rerun")
    assert text == path.read_text(encoding="utf-8")


def test_markdown_snapshot(stored: StoredRun) -> None:
    check_snapshot("report-example.md", render_markdown(stored))


def test_csv_snapshot(stored: StoredRun) -> None:
    check_snapshot("report-example.csv", render_csv(stored))


def test_markdown_has_what_prisma_s_asks(stored: StoredRun) -> None:
    text = render_markdown(stored)
    assert "We searched PubMed, Web of Science Core Collection, arXiv and IEEE Xplore on " \
        "30 November 2026 for records published 2013 to 2023 in English." in text
    for name in ("PubMed", "Web of Science Core Collection", "arXiv", "IEEE Xplore"):
        assert f"### {name}" in text
    assert "NCBI E-utilities" in text and "Starter API" in text
    assert "export.arxiv.org" in text and "Metadata Search API" in text
    assert text.count("**Date searched:** 30 November 2026") == 4
    assert "| 4 | `TS=(" in text and "AND PY=(2013-2023)` | 2,412 |" in text
    for code in ("PM201", "WS102", "WS113", "AX105", "IE103"):
        assert code in text
    assert "querytranslation" in text


def test_csv_one_row_per_database_and_line(stored: StoredRun) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(stored))))
    assert len(rows) == 4 * 4
    wos = [row for row in rows if row["database"] == "Web of Science Core Collection"]
    assert [int(row["count"]) for row in wos] == COUNTS["wos"]
    assert "WS113" in wos[-1]["diagnostics"]


def test_json_is_the_run(stored: StoredRun) -> None:
    data = json.loads(render_json(stored))
    assert data["complete"] is True
    assert data["source_text"] == EXAMPLE_TEXT
    assert data["targets"]["pubmed"]["count"] == COUNTS["pubmed"][-1]
    assert data["targets"]["pubmed"]["lines"][0]["request"]["params"]["term"]
    assert data["targets"]["ieee"]["date_searched"] == ["2026-11-30"]


def test_searchfiles_load_back(stored: StoredRun, tmp_path: Path) -> None:
    search_file = pytest.importorskip("search_query.search_file")
    written = write_searchfiles(stored, str(tmp_path / "out") + "/", ["Jane Doe", "Ann Lee"])
    assert [p.name for p in written] == [
        f"llm-medical-imaging-{t}.json" for t in ("pubmed", "wos", "arxiv", "ieee")
    ]
    platforms = {}
    for path in written:
        loaded = search_file.load_search_file(path)
        platforms[path.stem.rsplit("-", 1)[1]] = loaded.platform
        assert loaded.search_string
        assert [a["name"] for a in loaded.authors] == ["Jane Doe", "Ann Lee"]
        assert loaded.date == {"data_entry": "2026-11-30"}
        assert isinstance(loaded.count, int)  # extra keys survive
        assert isinstance(loaded.notes, list)
    assert platforms == {"pubmed": "pubmed", "wos": "wos", "arxiv": "arxiv", "ieee": "ieee"}
    wos = json.loads(written[1].read_text(encoding="utf-8"))
    assert [line["history_search_string"] for line in wos["lines"]][2:] == [
        "#1 AND #2", "#3 AND PY=(2013-2023) AND LA=(English)",
    ]
    assert "query" not in wos  # reserved by search-query


def test_searchfile_prefix(stored: StoredRun, tmp_path: Path) -> None:
    paths = searchfile_paths(stored, str(tmp_path / "review" / "search.json"))
    assert paths["pubmed"] == tmp_path / "review" / "search-pubmed.json"
    existing = tmp_path / "dir"
    existing.mkdir()
    assert searchfile_paths(stored, str(existing))["ieee"] == (
        existing / "llm-medical-imaging-ieee.json"
    )


# -- limits and the methods paragraph --------------------------------------------


@pytest.mark.parametrize(
    ("text", "limits", "phrase"),
    [
        (EXAMPLE_TEXT, Limits(2013, 2023, ("english",)), "2013 to 2023"),
        ("1. asthma AND year:2013-", Limits(2013, None), "from 2013"),
        ("1. asthma AND year:-2020", Limits(None, 2020), "up to 2020"),
        ("1. asthma AND year:2020", Limits(2020, 2020), "in 2020"),
        ("1. asthma AND year:2010-2022\n2. #1 AND year:2015-2030", Limits(2015, 2022), ""),
        ("1. asthma AND lang:fr\n2. #1 AND lang:english", Limits(None, None,
                                                                 ("english", "french")), ""),
    ],
)
def test_strategy_limits(text: str, limits: Limits, phrase: str) -> None:
    found = strategy_limits(text)
    assert (found.year_start, found.year_end) == (limits.year_start, limits.year_end)
    assert sorted(found.languages) == sorted(limits.languages)
    if phrase:
        assert found.years_phrase() == phrase


def test_methods_paragraph_manual_failed_and_cached(tmp_path: Path) -> None:
    run = example_run()
    wos = run.targets["wos"]
    wos.status = Status.MANUAL
    for line in wos.lines:
        line.status, line.source = Status.MANUAL, Source.MANUAL
    ieee = run.targets["ieee"]
    ieee.status, ieee.count, ieee.error = Status.SKIPPED, None, "not run: set IEEE_API_KEY"
    for line in ieee.lines:  # as a run without the key logs them
        line.status, line.source, line.count = Status.SKIPPED, Source.NONE, None
    for line in run.targets["arxiv"].lines:
        line.source = Source.CACHED
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = methods_paragraph(stored, strategy_limits(run.source_text))
    assert text.startswith(
        "We searched PubMed, Web of Science Core Collection and arXiv on 30 November 2026"
    )
    assert "1,987 records in PubMed, 2,412 in Web of Science Core Collection" in text
    assert "Web of Science Core Collection count was read off the database's web interface" in text
    assert "IEEE Xplore could not be searched: skipped (not run: set IEEE_API_KEY)." in text
    markdown = render_markdown(stored)
    assert "via the Web of Science web interface" in markdown
    assert "2,412 (entered by hand)" in markdown
    assert "reused from an earlier run" in markdown


def test_limits_read_every_language_of_a_group() -> None:
    # lang:(english OR french): the methods name both, joined by "or".
    limits = strategy_limits("1. asthma AND lang:(en OR fre)\n2. #1 AND year:2013-")
    assert limits.languages == ("english", "french")
    assert limits.languages_phrase() == "English or French"


# -- the search history (issue 10, item 2) ------------------------------------------


def test_markdown_shows_each_database_history_with_its_counts(stored: StoredRun) -> None:
    text = render_markdown(stored)
    # PubMed: the history lines carry the counts of the same searches run.
    assert "| #3 | `#1 AND #2` | 2,311 |" in text
    assert "| #4 | `#3 AND 2013:2023[dp] AND english[la]` | 1,987 |" in text
    # Web of Science: the API counted TS= queries, not the interface's
    # history lines: no count is given to them.
    assert "| #4 | `#3 AND PY=(2013-2023) AND LA=(English)` |\n" in text
    assert "the counts above are of the API queries" in text
    assert "arXiv has no search history that combines searches by number" in text


def test_history_gets_no_count_the_log_did_not_count(tmp_path: Path) -> None:
    """A log written by another translation (another version) keeps its
    counts in the main table; the history line is not given them."""
    run = example_run()
    changed = run.targets["pubmed"].lines[2]
    changed.query = changed.api_query = "(asthma[tiab]) AND (child*[tiab])"
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = render_markdown(stored)
    assert "| #3 | `#1 AND #2` | – |" in text
    assert "| #4 | `#3 AND 2013:2023[dp] AND english[la]` | 1,987 |" in text
    assert "Line(s) 3: the search log holds a different search" in text
    data = json.loads(render_json(stored))["targets"]["pubmed"]["history"]
    assert data["differs_from_log"] == [3]
    assert [line["count"] for line in data["lines"]] == [41234, 1523456, None, 1987]


def test_manual_web_of_science_counts_belong_to_its_history(tmp_path: Path) -> None:
    run = example_run()
    for line in run.targets["wos"].lines:
        line.status, line.source, line.api_query = Status.MANUAL, Source.MANUAL, None
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = render_markdown(stored)
    assert "| #4 | `#3 AND PY=(2013-2023) AND LA=(English)` | 2,412 (entered by hand) |" in text


def test_json_and_csv_carry_the_history(stored: StoredRun) -> None:
    data = json.loads(render_json(stored))
    pubmed = data["targets"]["pubmed"]["history"]
    assert pubmed["sets"] is True
    assert [line["query"] for line in pubmed["lines"]][2:] == [
        "#1 AND #2", "#3 AND 2013:2023[dp] AND english[la]",
    ]
    assert [line["count"] for line in pubmed["lines"]] == COUNTS["pubmed"]
    wos = data["targets"]["wos"]["history"]
    assert [line["count"] for line in wos["lines"]] == [None] * 4
    assert data["targets"]["arxiv"]["history"]["sets"] is False
    rows = list(csv.DictReader(io.StringIO(render_csv(stored))))
    assert [row["history"] for row in rows if row["database"] == "PubMed"][2:] == [
        "#1 AND #2", "#3 AND 2013:2023[dp] AND english[la]",
    ]
    assert {row["history"] for row in rows if row["database"] == "arXiv"} == {""}


def test_methods_say_which_face_lacks_the_language_filter(stored: StoredRun) -> None:
    """Issue 10 item 6b: Web of Science has LA= in its interface; only the
    Starter API the count came through has no language filter."""
    text = methods_paragraph(stored, strategy_limits(stored.run.source_text))
    assert "none is available there" not in text
    assert "counted through the Web of Science Starter API, which has no language filter" in text
    assert "advanced-search string below (LA=) applies the English limit" in text
    assert "arXiv has no language filter in its API or its interface" in text
    markdown = render_markdown(stored)
    assert "language English applied by the advanced-search string below (LA=)" in markdown


def test_a_count_without_its_string_is_never_shown_bare(tmp_path: Path) -> None:
    """Issue 10 item 6a: a log written before `run` refused such a --count
    holds a count typed in for a line the database could not express. The
    report says that no search string is recorded for it, in the table and
    in the methods sentence that promises the full strings."""
    run = example_run()
    ieee = run.targets["ieee"]
    final = ieee.lines[-1]
    final.query = final.api_query = None
    final.status, final.source, final.count = Status.MANUAL, Source.MANUAL, 50
    ieee.status, ieee.count, ieee.query = Status.MANUAL, 50, None
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = methods_paragraph(stored, strategy_limits(run.source_text))
    assert "is given below, except for IEEE Xplore line 4" in text
    assert "no search string is recorded for the count typed in for it" in text
    markdown = render_markdown(stored)
    assert "| 4 | – | 50 (entered by hand; no search string recorded) |" in markdown


def test_a_count_typed_in_for_one_line_only(tmp_path: Path) -> None:
    """Issue 10 item 7: a --count for line 2 replaces that line only; the
    report names both interfaces and says which line was typed in."""
    run = example_run()
    line = run.targets["wos"].lines[1]
    line.status, line.source = Status.MANUAL, Source.MANUAL
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = methods_paragraph(stored, strategy_limits(run.source_text))
    assert "In Web of Science Core Collection, the count of line 2 was read off" in text
    assert "Web of Science Core Collection count was read off" not in text
    markdown = render_markdown(stored)
    assert ("**Interface:** Web of Science Core Collection via the Clarivate Web of Science "
            "Starter API; line 2 read off Web of Science Core Collection via the Web of "
            "Science web interface") in markdown
    # the final count came through the API, which has no language filter
    assert "counted through the Web of Science Starter API" in text


def _typed_in_wos_only(tmp_path: Path) -> StoredRun:
    """`run --db pubmed,wos --count wos=999 --count wos:2=11111` without a
    WOS_API_KEY: lines 2 and 4 typed in, lines 1 and 3 not run."""
    run = example_run()
    wos = run.targets["wos"]
    for line in wos.lines:
        if line.number in (2, 4):
            line.status, line.source = Status.MANUAL, Source.MANUAL
            line.count = 999 if line.number == 4 else 11111
        else:
            line.status, line.source, line.count = Status.SKIPPED, Source.NONE, None
    wos.status, wos.count = Status.MANUAL, 999
    with SearchLog(tmp_path / "log.sqlite3") as log:
        return log.load_run(log.save_run(run))


def test_a_count_typed_in_is_shown_with_the_interface_string(tmp_path: Path) -> None:
    """Review of issue 10 (A): a count read off the web interface belongs to
    the advanced-search string (with LA=), and the Starter API, never used,
    is not described."""
    stored = _typed_in_wos_only(tmp_path)
    markdown = render_markdown(stored)
    wos = markdown.split("### Web of Science Core Collection")[1].split("### ")[0]
    assert "AND PY=(2013-2023) AND LA=(English)` | 999 (entered by hand) |" in wos
    assert "| 2 | `TS=(" not in wos
    assert "counts above are of the API queries" not in wos
    assert "Starter API" not in wos
    assert "WS113" not in wos
    text = methods_paragraph(stored, strategy_limits(stored.run.source_text))
    assert "Starter API" not in text


def test_methods_name_the_lines_searched_when_the_final_line_is_refused(
    tmp_path: Path,
) -> None:
    """Review of issue 10 (B): `run --lines --db arxiv,pubmed --count
    pubmed:2=40` where arXiv refuses the final line (doi:) and the lines
    that use it: arXiv line 2 was searched, lines 1, 3 and 4 have no string."""
    run = example_run()
    del run.targets["wos"], run.targets["ieee"]
    arxiv = run.targets["arxiv"]
    for line in arxiv.lines:
        if line.number != 2:
            line.query = line.api_query = None
            line.status, line.source, line.count = Status.SKIPPED, Source.NONE, None
    arxiv.status, arxiv.count, arxiv.query = Status.SKIPPED, None, None
    arxiv.error = "AX104 arXiv has no DOI search"
    pubmed = run.targets["pubmed"]
    for line in pubmed.lines:
        if line.number == 2:
            line.status, line.source, line.count = Status.MANUAL, Source.MANUAL, 40
        else:
            line.status, line.source, line.count = Status.ERROR, Source.NONE, None
    pubmed.status, pubmed.count, pubmed.error = Status.ERROR, None, "connection refused"
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    text = methods_paragraph(stored, strategy_limits(run.source_text))
    assert "no database" not in text
    assert text.startswith("We searched PubMed and arXiv")
    assert "In arXiv, only line 2 could be searched; the final line was not: skipped" in text
    assert "In PubMed, only line 2 could be searched; the final line was not: error" in text
    assert "arXiv lines 1, 3 and 4 could not be translated, so no search string" in text


def test_searchfile_count_sits_beside_the_string_that_produced_it(
    stored: StoredRun, tmp_path: Path
) -> None:
    """Review of issue 10 (C): the Web of Science count came from the
    Starter API query (no LA=): `search_string` is that query; the string
    for the web interface is `interface_search_string`."""
    wos = searchfile(stored, "wos", ["Jane Doe"])
    assert wos["count"] == COUNTS["wos"][-1]
    assert wos["search_string"].endswith("AND PY=(2013-2023)")
    assert "LA=" not in wos["search_string"]
    assert wos["interface_search_string"].endswith("AND PY=(2013-2023) AND LA=(English)")
    assert [line["search_string"] for line in wos["lines"]] == [
        line["api_search_string"] for line in wos["lines"]
    ]
    typed = _typed_in_wos_only(tmp_path)
    manual = searchfile(typed, "wos", ["Jane Doe"])
    assert manual["count"] == 999
    assert manual["search_string"].endswith("AND LA=(English)")


def test_a_warning_that_changes_nothing_is_said_once_and_not_as_a_loss(
    tmp_path: Path,
) -> None:
    """Review of issue 10 (H): IE204 (more wildcard words than IEEE's SDK
    allows for index terms; nothing changed) comes with every line; the
    report says it once for the database and does not count it among the
    notes where a database could not express the strategy."""
    from querylang.ast import Span
    from querylang.diagnostics import Diagnostic, Severity

    run = example_run()
    ieee = run.targets["ieee"]
    ieee.diagnostics = []
    for line in ieee.lines:
        line.diagnostics = [Diagnostic(
            "IE204", Severity.WARNING, f"this line has {line.number + 2} wildcard words",
            Span(line.number + 6, 4, line.number + 6, 10, 0, 6), None, "ieee")]
    with SearchLog(tmp_path / "log.sqlite3") as log:
        stored = log.load_run(log.save_run(run))
    markdown = render_markdown(stored)
    assert markdown.count("IE204 (warning)") == 1
    assert "this line has 6 wildcard words" in markdown  # the final line's
    text = methods_paragraph(stored, strategy_limits(run.source_text))
    assert "IEEE Xplore (" not in text.split("could not express the strategy exactly")[-1]


def test_brief_and_verbose_say_ie204_once_per_database() -> None:
    from typer.testing import CliRunner

    from querylang.cli import app

    text = ("1. radiolog* OR imag* OR segment*\n2. detect* OR classif*\n"
            "3. #1 AND #2\n")
    for extra, said in (([], "IE204 (warning)"), (["--verbose"], "IE204 [warning]")):
        result = CliRunner().invoke(app, ["compile", "-", "--history", "--to", "ieee", *extra],
                                    input=text)
        assert result.stderr.count(said) == 1, result.stderr
        assert "IE204 x" not in result.stderr


#: The new user's knee-exercise strategy (its line 2 spans two file lines;
#: its line 8 has two headings, inside NOT once #9 uses it).
_KNEE = """\
1. mesh:"Osteoarthritis, Knee"
2. (knee* OR tibiofemoral OR patellofemoral)
   AND (osteoarthr* OR arthros* OR gonarthros* OR "degenerative arthritis")
3. #1 OR #2
4. mesh:"Exercise Therapy" OR mesh-noexp:"Exercise"
5. exercis* OR physiotherap*
6. #4 OR #5
7. randomized OR placebo
8. mesh:"animals" NOT mesh:"humans"
9. #7 NOT #8
10. #3 AND #6 AND #9
11. #10 AND year:2000-2024
"""


def _compiled_run(tmp_path: Path, text: str) -> StoredRun:
    """``text`` compiled as ``run --lines`` does, every line counted 0."""
    from querylang import analyze
    from querylang.results import LineResult, RunResult, TargetResult
    from querylang.runner import build_plans

    strategy = analyze(text).strategy
    assert strategy is not None
    targets = {}
    for plan in build_plans(strategy, ["pubmed", "wos", "arxiv", "ieee"], all_lines=True):
        lines = [LineResult(number=c.line, query=c.query, api_query=c.api_query,
                            request=c.api.to_dict() if c.api else None, status=Status.OK,
                            count=0, source=Source.FETCHED, diagnostics=list(c.diagnostics))
                 for c in plan.lines]
        targets[plan.target] = TargetResult(
            target=plan.target, query=plan.final.query, status=Status.OK, count=0, lines=lines,
            diagnostics=list(plan.final.diagnostics), notes=list(plan.final.notes))
    run = RunResult(started="2026-12-03T07:01:00+00:00", finished="2026-12-03T07:01:09+00:00",
                    version="0.1.0", source_text=text, source_name="knee.qry", targets=targets)
    with SearchLog(tmp_path / "log.sqlite3") as log:
        return log.load_run(log.save_run(run))


def test_each_translation_note_once_per_code_line_and_message(tmp_path: Path) -> None:
    """New-user review: line 8's two headings gave four WS102 notes (one per
    heading, again once #9 puts them inside NOT), line 2's WS111 came once
    per file line, and the methods paragraph counted every copy."""
    stored = _compiled_run(tmp_path, _KNEE)
    markdown = render_markdown(stored)
    section = markdown.split("### Web of Science Core Collection")[1].split("### arXiv")[0]
    notes = [line for line in section.splitlines() if line.startswith("- WS")]
    assert len(notes) == len(set(notes)), "\n".join(notes)
    line8 = [note for note in notes if note.startswith("- WS102 (warning) (line 8)")]
    assert len(line8) == 2  # as written, and inside NOT (through #9)
    assert sum(note.startswith("- WS111 (warning) (line 2)") for note in notes) == 1
    for name, heading in (("Web of Science Core Collection", "### Web of Science Core"),
                          ("arXiv", "### arXiv"), ("IEEE Xplore", "### IEEE Xplore")):
        part = markdown.split(heading)[1].split("\n### ")[0]
        said = [line for line in part.splitlines()
                if line.startswith("- ") and " (warning) " in line and "IE204" not in line]
        assert len(said) == len(set(said))
        assert f"{name} ({len(said)})" in methods_paragraph(stored, strategy_limits(_KNEE))


def test_the_brief_ie204_names_the_wildcard_words_not_the_line() -> None:
    """New-user review: the brief said "More than 2 wildcard words in an
    IEEE Xplore line: #11 AND lang:english" (no wildcard in sight: they come
    through #n) while the note in full says every wildcard is kept."""
    from typer.testing import CliRunner

    from querylang.cli import app

    result = CliRunner().invoke(app, ["compile", "-", "--to", "ieee"], input=_KNEE)
    brief = [line for line in result.stderr.splitlines() if line.startswith("  IE204")]
    assert len(brief) == 1, result.stderr
    assert "#10 AND year" not in brief[0]
    for word in ("knee*", "osteoarthr*", "exercis*", "physiotherap*"):
        assert word in brief[0]
    assert "all from the lines it refers to (#n)" in brief[0]
    assert "every wildcard is kept" in brief[0] and brief[0].endswith("— line 11")
