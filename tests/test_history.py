"""Native search histories (issue 10, item 2): ``compile --history``.

The central check: a history line (``#3 AND 2013:2023[dp]``) and the line
``run --lines`` counts for it (``compile_strategy``: every reference written
out) search the same records. Each native string is read back into a small
boolean tree (terms with their native field, AND/OR flattened and unordered,
NOT and NEAR kept as written); each ``#n`` of a history line is replaced by
the tree of line n as run; the result must equal the tree of the counted line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from querylang import analyze
from querylang.cli import app
from querylang.compiler import compile_strategy
from querylang.databases import RUNNABLE
from querylang.history import History, compile_history, history_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "llm-medical-imaging.qry"
SNAPSHOTS = Path(__file__).parent / "snapshots"
runner = CliRunner()

#: Strategies with references in every position the language allows.
STRATEGIES = [
    "1. asthma OR wheez*\n2. child* OR infant*\n3. #1 AND #2\n4. #3 AND year:2013-2023",
    "1. asthma AND year:2020\n2. #1 OR wheez*",
    "1. ti:(pain NEAR/3 hip)\n2. #1 NOT mesh:Animals\n3. #2 AND lang:english",
    "1. asthma\n2. wheeze\n3. #1 OR #2 OR cough\n4. (#1 AND #2) OR (#3 NOT mice)",
    "1. asthma\n2. #1 OR #1\n3. #2 AND #1 AND year:2000-",
    "1. ab:(asthma OR wheez*)\n2. kw:child OR topic:infant\n3. #1 AND #2 AND lang:fr",
    '1. au:"Smith J" OR so:Thorax\n2. doi:"10.1000/xyz123"\n3. #1 OR #2',
    "1. all:GPT*\n2. mesh-major:Asthma\n3. #2 NOT #1\n4. #1 NOT (#2 OR wom?n)",
    "1. tiab:(asthma OR wheeze)\n2. asthma OR ti:wheeze\n3. #2 OR #1 OR tiab:cough",
    "1. (a1 OR b1) AND (c1 NOT d1)\n2. #1 AND year:-2023 AND lang:de\n3. #2 OR x1",
]


def _sources() -> list[str]:
    examples = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.qry"))]
    return examples + STRATEGIES


# -- reading a native string back into a boolean tree -------------------------------

Tree = Any
_TOKEN = re.compile(
    r'\s*(?:(?P<paren>[()])|(?P<quoted>"[^"]*")(?:\[(?P<qtag>[^\]]*)\])?|(?P<ref>#\d+)'
    r"|(?P<tag>[A-Z]{2,3})=(?=[(\"\w])|(?P<chunk>[^\s()\[\]\"]+)(?:\[(?P<ctag>[^\]]*)\])?)"
)
_OPERATOR = re.compile(r"AND|OR|NOT|NEAR/\d+")


def _tokens(query: str) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    pos = 0
    while pos < len(query.rstrip()):
        found = _TOKEN.match(query, pos)
        assert found is not None and found.end() > pos, f"cannot read {query[pos:]!r}"
        pos = found.end()
        if found["paren"]:
            out.append(("paren", found["paren"], None))
        elif found["quoted"]:
            out.append(("term", found["quoted"], found["qtag"]))
        elif found["ref"]:
            out.append(("ref", found["ref"], None))
        elif found["tag"]:
            out.append(("tag", found["tag"], None))
        elif found["ctag"] is None and _OPERATOR.fullmatch(found["chunk"]):
            out.append(("op", found["chunk"], None))
        else:
            out.append(("term", found["chunk"], found["ctag"]))
    return out


class _Reader:
    """Recursive descent over querylang's own output, which parenthesises
    every compound operand: one level holds one kind of operator."""

    def __init__(self, query: str, resolve: Callable[[int], Tree]) -> None:
        self.tokens = _tokens(query)
        self.at = 0
        self.resolve = resolve

    def read(self) -> Tree:
        tree = self.expr(None)
        assert self.at == len(self.tokens), f"left over: {self.tokens[self.at:]}"
        return tree

    def peek(self) -> tuple[str, str, str | None] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str, str | None]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expr(self, tag: str | None) -> Tree:
        operands = [self.operand(tag)]
        operator = None
        while (token := self.peek()) is not None and token[0] == "op":
            assert operator in (None, token[1]), f"mixed operators at one level: {self.tokens}"
            operator = self.take()[1]
            operands.append(self.operand(tag))
        if operator is None:
            return operands[0]
        if operator in ("AND", "OR"):
            flat: set[Tree] = set()
            for item in operands:
                flat |= item[1] if item[0] == operator else {item}
            return (operator, frozenset(flat))
        tree = operands[0]
        for item in operands[1:]:
            tree = (operator, tree, item)
        return tree

    def operand(self, tag: str | None) -> Tree:
        kind, text, own_tag = self.take()
        if kind == "paren":
            assert text == "("
            inner = self.expr(tag)
            assert self.take()[1] == ")"
            return inner
        if kind == "ref":
            return self.resolve(int(text[1:]))
        if kind == "tag":
            if self.peek() == ("paren", "(", None):
                return self.operand(text)
            return self.operand(text)
        words = [text]
        # A PubMed author, Smith J[au]: words up to the one carrying the tag.
        while own_tag is None and tag is None and (nxt := self.peek()) and nxt[0] == "term":
            _, more, own_tag = self.take()
            words.append(more)
        return ("term", own_tag or tag, " ".join(words))


def tree(query: str, resolve: Callable[[int], Tree] | None = None) -> Tree:
    def no_refs(number: int) -> Tree:
        raise AssertionError(f"#{number} in a written-out line")

    return _Reader(query, resolve or no_refs).read()


# -- the same records ------------------------------------------------------------------


def _cases() -> list[tuple[str, str]]:
    return [(source, target) for source in _sources() for target in ("pubmed", "wos")]


@pytest.mark.parametrize(("source", "target"), _cases(),
                         ids=[f"{t}-{i}" for i, (_, t) in enumerate(_cases())])
def test_each_history_line_is_the_line_run_counts(source: str, target: str) -> None:
    strategy = analyze(source).strategy
    assert strategy is not None
    history = compile_history(strategy, target)
    counted = compile_strategy(strategy, target)
    assert history.sets
    trees: dict[int, Tree] = {}
    checked = 0
    for line, run in zip(history.lines, counted, strict=True):
        assert line.counted == run  # what run --lines sends for this line
        if run.query is None:
            continue
        trees[line.number] = tree(run.query)
        if not line.references:
            assert line.query == run.query
            continue
        assert line.query is not None and "#" in line.query
        assert tree(line.query, trees.__getitem__) == trees[line.number], (
            f"{target} line {line.number}: {line.query!r} is not {run.query!r}"
        )
        checked += 1
    assert checked or not any(line.references for line in history.lines)


@pytest.mark.parametrize("source", _sources()[:5] + STRATEGIES[:2])
def test_run_lines_sends_each_history_line_written_out(source: str) -> None:
    """The runner's per-line plan is the history's counted lines, request
    for request: the count of line N is the count of history line N."""
    from querylang.runner import build_plans

    strategy = analyze(source).strategy
    assert strategy is not None
    targets = ["pubmed", "wos", "arxiv", "ieee"]
    for plan in build_plans(strategy, targets, all_lines=True):
        history = compile_history(strategy, plan.target)
        assert [c.api for c in plan.lines] == [line.counted.api for line in history.lines]
        assert [c.api_query for c in plan.lines] == [
            line.counted.api_query for line in history.lines
        ]


def test_the_reader_sees_a_difference() -> None:
    """The check above can fail: a field, an operator or a limit changed is seen."""
    assert tree("TS=(a OR b)") == tree("TS=a OR TS=b")
    assert tree("(TI=(a) OR AB=(a)) AND PY=(2020)") == tree("PY=(2020) AND (AB=a OR TI=a)")
    assert tree("TS=(a OR b)") != tree("TI=(a OR b)")
    assert tree("a[tiab] AND b[tiab]") != tree("a[tiab] OR b[tiab]")
    assert tree("#1 AND 2013:2023[dp]", lambda n: tree("x[ti]")) != tree("x[ti] AND 2013[dp]")
    assert tree("a[ti] NOT b[ti]") != tree("b[ti] NOT a[ti]")


@pytest.mark.parametrize("target", ["arxiv", "ieee"])
def test_databases_without_a_history_get_every_line_written_out(target: str) -> None:
    strategy = analyze(EXAMPLE.read_text(encoding="utf-8")).strategy
    assert strategy is not None
    history = compile_history(strategy, target)
    assert not history.sets
    assert [line.query for line in history.lines] == [
        c.query for c in compile_strategy(strategy, target)
    ]
    assert all("#" not in (line.query or "") and not line.references for line in history.lines)


def test_limits_on_a_history_line() -> None:
    _, histories = history_text(EXAMPLE.read_text(encoding="utf-8"), ["pubmed", "wos"])
    assert [line.query for line in histories["pubmed"].lines][2:] == [
        "#1 AND #2", "#3 AND 2013:2023[dp] AND english[la]",
    ]
    assert [line.query for line in histories["wos"].lines][2:] == [
        "#1 AND #2", "#3 AND PY=(2013-2023) AND LA=(English)",
    ]
    # The Starter API face has no history and no LA=: said on line 4 (WS113).
    wos4 = histories["wos"].lines[3]
    assert "#" not in (wos4.counted.api_query or "") and "LA=" not in (wos4.counted.api_query or "")
    assert "WS113" in {d.code for d in wos4.diagnostics}


def test_a_refused_line_breaks_the_set_numbers_after_it() -> None:
    text = "1. wom?n\n2. child*\n3. #1 AND #2\n4. #2 AND year:2020"
    _, histories = history_text(text, ["pubmed", "wos"])
    pubmed = histories["pubmed"].lines
    assert pubmed[0].query is None and "PM202" in {d.code for d in pubmed[0].diagnostics}
    assert pubmed[1].query == "child*[tiab]"
    # #2 would be the second search entered, not line 2: refused, said.
    for line in pubmed[2:]:
        assert line.query is None
        assert [d.code for d in line.diagnostics] == ["CP201"]
        assert "line 1" in line.diagnostics[0].message
    # Web of Science can search wom?n: its history is whole.
    assert all(line.query for line in histories["wos"].lines)


def test_a_widening_under_not_is_said_on_the_line_that_negates_it() -> None:
    """GPT* loses its wildcard in PubMed (broader); inside NOT that excludes
    more: the written-out line says so, so the history line must too."""
    text = "1. asthma\n2. GPT*\n3. #1 NOT #2"
    _, histories = history_text(text, ["pubmed"])
    line3 = histories["pubmed"].lines[2]
    assert line3.query == "#1 NOT #2"
    messages = [d.message for d in line3.diagnostics if d.code == "PM201"]
    assert messages and "inside NOT" in messages[0]


def test_a_strategy_with_errors_has_no_history() -> None:
    analysis, histories = history_text("1. asthma AND\n2. #1", ["pubmed"])
    assert not analysis.ok
    assert histories["pubmed"].lines == () and not histories["pubmed"].ok


# -- the command line ---------------------------------------------------------------------


def _history_cli(*args: str) -> Any:
    return runner.invoke(app, ["compile", str(EXAMPLE), "--history", *args])


def test_compile_history_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """PubMed and Web of Science: numbered #1..#4, then the lines run counts
    for the Starter API; each database's diagnostics on standard error."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["compile", "examples/llm-medical-imaging.qry", "--history",
                                 "--to", "pubmed,wos"])
    assert result.exit_code == 0
    path = SNAPSHOTS / "llm-medical-imaging.history.txt"
    assert result.stdout == path.read_text(encoding="utf-8")
    # The diagnostics go to standard error, in brief as compile writes them.
    assert "PubMed: 1 warning (PM201)" in result.stderr
    assert "WS113 (warning)" in result.stderr and "line 4" in result.stderr


def test_compile_history_plain_is_pasteable() -> None:
    result = _history_cli("--to", "pubmed,wos", "--plain")
    assert result.exit_code == 0
    blocks = result.stdout.split("\n\n")
    assert len(blocks) == 2
    pubmed, wos = (block.splitlines() for block in blocks)
    assert pubmed == [
        '"large language model*"[tiab] OR LLM[tiab] OR LLMs[tiab] OR GPT[tiab] OR '
        'ChatGPT[tiab] OR "generative pre-trained transformer*"[tiab] OR '
        '"foundation model*"[tiab]',
        '"medical imag*"[tiab] OR "medical image processing"[tiab] OR radiolog*[tiab] OR '
        '"image segmentation"[tiab] OR "diagnostic imag*"[tiab] OR "Diagnostic Imaging"[mh]',
        "#1 AND #2",
        "#3 AND 2013:2023[dp] AND english[la]",
    ]
    assert wos[2:] == ["#1 AND #2", "#3 AND PY=(2013-2023) AND LA=(English)"]
    assert wos[0].startswith('(TI=("large language model*" OR LLM')
    assert "PM201" in result.stderr and "WS113" in result.stderr


def test_compile_history_json_shape() -> None:
    result = _history_cli("--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data["targets"]) == list(RUNNABLE)
    pubmed = data["targets"]["pubmed"]
    assert pubmed["title"] == "PubMed" and pubmed["sets"] is True
    assert [line["number"] for line in pubmed["lines"]] == [1, 2, 3, 4]
    line4 = pubmed["lines"][3]
    assert set(line4) == {"number", "query", "references", "expanded", "api_query", "notes",
                          "diagnostics"}
    assert line4["query"] == "#3 AND 2013:2023[dp] AND english[la]"
    assert line4["references"] == [3]
    assert "#" not in line4["expanded"] and line4["expanded"] == line4["api_query"]
    assert data["targets"]["ieee"]["sets"] is False
    assert data["targets"]["ieee"]["lines"][3]["notes"] == [
        "Set the IEEE Xplore year filter to 2013-2023."
    ]


def test_compile_history_refused_line_exits_1() -> None:
    result = runner.invoke(app, ["compile", "-q", "1. wom?n\n2. #1 OR child*", "--history",
                                 "--to", "pubmed", "--plain"])
    assert result.exit_code == 1
    assert result.stdout == "\n\n"
    assert "PM202" in result.stderr and "CP201" in result.stderr


def test_history_and_line_together_is_a_usage_error() -> None:
    result = _history_cli("--line", "2")
    assert result.exit_code == 2
    assert "--line or --history" in result.stderr


# -- an independent parser (search-query, CoLRev) -------------------------------------------

search_query_registry = pytest.importorskip("search_query.registry")
search_query_exception = pytest.importorskip("search_query.exception")


def _histories() -> list[tuple[str, History]]:
    out: list[tuple[str, History]] = []
    for source in _sources():
        _, histories = history_text(source, ["pubmed", "wos"])
        out.extend(histories.items())
    return out


def test_search_query_accepts_every_history() -> None:
    """Each line without a reference parses with search-query's string
    parser (tests/test_agreement.py checks the written-out lines); each
    whole history, in its list format ("1. ...", "#n"), with its list parser."""
    from tests.test_agreement import Checked, known_fault, search_query_fatal

    checked = 0
    for platform, history in _histories():
        if not history.ok:
            continue
        for line in history.lines:
            assert line.query is not None
            if not line.references:
                check = Checked(platform, "history", "", line.query,
                                search_query_fatal(line.query, platform))
                assert all(known_fault(check, m) for m in check.fatal), (line.query, check.fatal)
        if not any(line.references for line in history.lines):
            continue
        listed, fatal = _list_fatal(history, platform)
        check = Checked(platform, "history", "", listed, tuple(fatal))
        assert all(known_fault(check, m) for m in fatal), (listed, fatal)
        checked += 1
    assert checked >= 10


def _list_fatal(history: History, platform: str) -> tuple[str, list[dict[str, Any]]]:
    """search-query's fatal messages on the history in its list format. Its
    list parser pastes a referenced line that itself combines lines into the
    next one without parentheses (QueryListParser.build_query_str), so
    ``#5 NOT (...)`` then ``#6 AND x`` becomes a mix of operators it cannot
    parse (ValueError): there, the history with each reference replaced by
    its line in parentheses is given to its string parser instead."""
    from tests.test_agreement import search_query_fatal

    listed = "\n".join(f"{line.number}. {line.query}" for line in history.lines)
    parser = search_query_registry.LATEST_LIST_PARSERS[platform](listed)
    try:
        parser.parse()
    except search_query_exception.SearchQueryException:
        pass  # its fatal messages are in the linter
    except ValueError:
        written: dict[int, str] = {}
        for line in history.lines:
            assert line.query is not None
            written[line.number] = re.sub(r"#(\d+)", lambda m: f"({written[int(m[1])]})",
                                          line.query)
        final = written[history.lines[-1].number]
        return final, list(search_query_fatal(final, platform))
    fatal = [m for messages in parser.linter.messages.values() for m in messages
             if m["is_fatal"]]
    return listed, fatal


def test_a_history_line_is_judged_by_its_own_operators() -> None:
    """Review of issue 10 (D): `#1 OR #2` has one operator; the All Fields
    limit (WS401) of the line written out does not apply to it."""
    many = " OR ".join(f"all:t{i}" for i in range(30))
    text = f"1. {many}\n2. {many.replace('t', 'u')}\n3. #1 OR #2\n"
    strategy = analyze(text).strategy
    assert strategy is not None
    history = compile_history(strategy, "wos")
    assert history.lines[2].query == "#1 OR #2"
    assert "WS401" not in {d.code for d in history.lines[2].diagnostics}
    # the line written out (run --lines, compile without --history) still warns
    expanded = compile_strategy(strategy, "wos")[2]
    assert "WS401" in {d.code for d in expanded.diagnostics}
    result = CliRunner().invoke(app, ["compile", "-", "--history", "--to", "wos"], input=text)
    assert "WS401" not in result.output


def test_the_year_filter_note_names_the_lines_it_holds_for() -> None:
    """New-user review: line 9 ORs the year-limited line 7 with line 8, so
    IE104 says its year limit cannot be a filter; the history still ended
    with an unqualified "Set the IEEE Xplore year filter to 2015-2024"."""
    text = ("1. asthma*\n2. #1 AND year:2015-2024\n3. #2\n4. doi:\"10.1001/jama.2020.1234\"\n"
            "5. #3 OR #4\n")
    result = runner.invoke(app, ["compile", "-q", text, "--history", "--to", "ieee"])
    assert "IE104" in result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("note")]
    assert notes == ["note for #2, #3: Set the IEEE Xplore year filter to 2015-2024."]
    plain = runner.invoke(app, ["compile", "-q", text, "--history", "--to", "ieee", "--plain"])
    assert "ieee: note for #2, #3: Set the IEEE Xplore year filter" in plain.stderr
    # Where every line takes the filter, the note is said plainly.
    whole = runner.invoke(app, ["compile", "-q", "1. asthma* AND year:2015-2024\n2. #1",
                                "--history", "--to", "ieee"])
    assert "\nnote: Set the IEEE Xplore year filter to 2015-2024.\n" in whole.stdout + "\n"


def test_history_notes_name_lines_with_the_databases_own_label() -> None:
    # newuser item 22: EBSCOhost's history numbers S1, S2...: its note says S2.
    result = runner.invoke(app, ["compile", "-q", "1. asthma\n2. #1 AND year:2000-",
                                 "--history", "--to", "ebsco-cinahl"])
    assert "note for S2: " in result.stdout
    assert "note for #2" not in result.stdout


def test_history_notes_leave_out_a_line_that_was_refused() -> None:
    # Ovid refuses line 1 (OV305): its limit note has no line to go with.
    result = runner.invoke(app, ["compile", "-q", "1. asthma AND year:2010-\n2. #1 OR wheeze",
                                 "--history", "--to", "ovid-medline"])
    assert result.exit_code != 0
    assert "note" not in result.stdout


def test_an_ovid_limit_line_in_the_history_needs_no_limit_note() -> None:
    # "#6 AND year:... AND lang:..." is itself Ovid's limit line in the
    # history: the note telling the user to enter that line after the search
    # (for the line written out in full) would ask for the limit twice.
    from querylang.commands import _history_notes
    from querylang.history import history_text

    text = "1. asthma\n2. #1 AND year:2000- AND lang:english\n"
    _, histories = history_text(text, ["ovid-medline"])
    history = histories["ovid-medline"]
    assert history.lines[-1].query == 'limit 1 to (yr="2000 -Current" and english language)'
    assert history.lines[-1].counted.notes  # the line written out in full keeps its note
    assert _history_notes(history) == []
