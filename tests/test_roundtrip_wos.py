"""Round trips (issue 12 item 6): Web of Science -> import -> compile back.

Each fixture in tests/fixtures/native/wos/ is a Web of Science search or
search history in the style of published reviews (long OR blocks, limits,
histories), or one that relies on Web of Science's precedence or on a bare
NEAR. It is imported, compiled back to Web of Science (as a search history,
``#n`` kept) and each compiled line must mean what the native line meant.

"Means the same" is judged on a normal form of Web of Science's own tree
(:func:`normal`): field tags pushed down to every term, the implied AND and
SAME written AND, a bare NEAR written NEAR/15, nested ANDs and ORs flattened,
OR operands in sorted order (the compiler gathers an OR's terms by field,
which changes their order but not the meaning), years as one range and
languages as a set. The documented widenings (docs/import.md, "Web of Science") are
applied to the native side: KP= is searched as TS=, and a term with no tag
as TS=.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from querylang import analyze
from querylang.databases.wos.importer import TAGS
from querylang.databases.wos.syntax import (
    DEFAULT_NEAR,
    Group,
    Node,
    SetRef,
    Tagged,
    Term,
    parse_wos,
)
from querylang.diagnostics import Severity, has_errors
from querylang.history import compile_history
from querylang.imports import import_strategy

FIXTURES = Path(__file__).parent / "fixtures" / "native" / "wos"
CASES = sorted(FIXTURES.glob("*.txt"))

# -- the normal form -------------------------------------------------------------------

Normal = tuple[object, ...]

#: Documented widenings: the tag the native side is compared as.
_AS = {"KP": "TS", "MHX": "TS", "MH": "TS"}


def normal(node: Node, tag: str | None = None) -> Normal:
    if isinstance(node, Term):
        text = " ".join(node.text.lower().split())
        return ("term", _AS.get(tag or "TS", tag or "TS"), text)
    if isinstance(node, SetRef):
        return ("set", node.number)
    if isinstance(node, Tagged):
        if node.tag == "PY":
            return ("PY", *_years(node.operand))
        if node.tag == "LA":
            return ("LA", *sorted({t.text.lower() for t in _leaves(node.operand)}))
        return normal(node.operand, node.tag)
    if tag == "AU" and node.implicit:
        # AU=Smith J: the words of one name
        return normal(Term(" ".join(t.text for t in _leaves(node)), True, node.start, node.end), tag)
    op = {"SAME": "AND"}.get(node.op, node.op)
    parts = [normal(child, tag) for child in node.operands]
    if op == "NEAR":
        return ("NEAR", node.distance if node.distance is not None else DEFAULT_NEAR, *parts)
    if op == "NOT":
        result: Normal = parts[0]
        for part in parts[1:]:
            result = ("NOT", result, part)
        return result
    flat: list[Normal] = []
    for part in parts:
        flat.extend(part[1:] if part[0] == op else [part])
    if op == "OR":
        flat.sort(key=repr)
    return (op, *flat)


def _leaves(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Group):
        return [leaf for child in node.operands for leaf in _leaves(child)]
    if isinstance(node, Tagged):
        return _leaves(node.operand)
    return []


def _years(node: Node) -> tuple[int, int]:
    bounds = [int(y) for t in _leaves(node) for y in t.text.split("-")]
    return min(bounds), max(bounds)


def normal_line(text: str) -> Normal:
    tree = parse_wos(text)
    assert not hasattr(tree, "kind"), (text, tree)
    return normal(tree)  # type: ignore[arg-type]


# -- the round trip ---------------------------------------------------------------------


def imported(source: str) -> tuple[str, list[str]]:
    """The portable strategy (through the import framework) and, per
    portable line, the native search it came from."""
    result = import_strategy(source, "wos")
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == [], errors
    return result.text, [line.native for line in result.lines]


def test_at_least_thirty_strategies() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_native_import_compile_back_means_the_same(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    portable, natives = imported(source)
    analysis = analyze(portable)
    assert analysis.strategy is not None and not has_errors(analysis.diagnostics), (
        portable, analysis.diagnostics)
    history = compile_history(analysis.strategy, "wos")
    assert len(history.lines) == len(natives)
    for native, back in zip(natives, history.lines, strict=True):
        assert back.query is not None, back.diagnostics
        assert normal_line(back.query) == normal_line(native), (native, back.query)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_further_trips_change_nothing(path: Path) -> None:
    """Compiled back and imported again, a strategy keeps its meaning, and
    from the second trip on its text too: nothing drifts."""
    first = _trip(path.read_text(encoding="utf-8"))
    second = _trip(_history(first))
    assert [normal_line(q) for q in second] == [normal_line(q) for q in first]
    assert _trip(_history(second)) == second


def _history(queries: list[str]) -> str:
    return "\n".join(f"#{n} {q}" for n, q in enumerate(queries, start=1))


def _trip(source: str) -> list[str]:
    portable, _ = imported(source)
    analysis = analyze(portable)
    assert analysis.strategy is not None, analysis.diagnostics
    return [line.query or "" for line in compile_history(analysis.strategy, "wos").lines]


def test_the_fixtures_use_what_issue_12_names() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in CASES)
    assert re.search(r"NEAR [^/]", sources)  # a bare NEAR
    assert "SAME" in sources and "KP=" in sources and "PY=" in sources and "LA=" in sources
    assert re.search(r"^#?\d+ ", sources, re.M)  # histories
    for tag in ("TS", "TI", "AB", "AK", "AU", "SO", "DO", "ALL"):
        assert f"{tag}=" in sources, tag
    assert set(TAGS) >= {"TS", "TI", "AB", "AK", "AU", "SO", "DO", "ALL"}


#: Lines another database refuses, and the code that says why: arXiv has no
#: DOI or ISSN field, IEEE Xplore no ISSN search, PubMed no wildcard inside
#: a phrase's word.
_REFUSED_ELSEWHERE = {
    ("17-doi-known-items", "arxiv"): {1: "AX104"},
    ("29-wildcards-mixed", "pubmed"): {1: "PM202"},
    # an ISSN search alone is refused; ANDed on line 3 it is left out (AX316, IE316)
    ("34-journal-list-issn", "arxiv"): {1: "AX315"},
    ("34-journal-list-issn", "ieee"): {1: "IE315"},
}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_wos_history_compiles_to_every_other_database(path: Path) -> None:
    """Issue 12, done when: a WoS history pasted into import compiles to
    every other database, line for line; what one cannot search is refused
    with its reason, never dropped."""
    portable, natives = imported(path.read_text(encoding="utf-8"))
    analysis = analyze(portable)
    assert analysis.strategy is not None
    for target in ("pubmed", "arxiv", "ieee"):
        history = compile_history(analysis.strategy, target)
        assert len(history.lines) == len(natives)
        refused = {
            line.number: next(d.code for d in line.diagnostics if d.severity is Severity.ERROR)
            for line in history.lines if line.query is None
        }
        assert refused == _REFUSED_ELSEWHERE.get((path.stem, target), {}), target
