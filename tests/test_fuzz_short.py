"""A short fuzz run in the test suite (issue 6; the long run is bench/fuzz.py).

Hypothesis builds strategies from the grammar and mutates them with hostile
characters; parse, checks and compile for all four targets must never
raise, and every refusal must say why.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import querylang

TARGETS = ("pubmed", "wos", "arxiv", "ieee", "ebsco-cinahl", "cochrane", "embase")
#: Interfaces searched by hand (issue 16): a string, no API request.
NO_API = frozenset({"ebsco-cinahl", "cochrane", "embase"})

FIELDS = ("ti", "ab", "tiab", "kw", "topic", "all", "au", "so", "mesh", "mesh-noexp",
          "mesh-major", "doi", "title", "xx", "year", "lang", "tw", "pt", "sh", "issn")
OPERATORS = ("AND", "OR", "NOT", "NEAR/2", "NEAR/20", "NEAR", "and", "ANDNOT", "SAME")
HOSTILE_CHARS = ('"', "(", ")", "[", "]", "#", ":", "=", "$", "%", "&", "\\", "*", "?",
                 "\n", "\t", "\x00", "\u200b", "\u200f", "\u202e", "\ufeff", "\u0301",
                 "\ud800", "é", "中")

words = st.one_of(
    st.sampled_from(("asthma", "wheez*", "wom?n", "LLM*", "COVID-19", "a", "ab*", "3D",
                     "Alzheimer's", "über", "colo$r", "Asthma/DT", "review", "1361-8415",
                     "co$")),
    st.text(alphabet=st.characters(categories=("L", "Nd")), min_size=1, max_size=8),
)
phrases = st.lists(words, min_size=1, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"')
limits = st.sampled_from(("year:2013-2023", "year:2013-", "year:-2023", "year:2020",
                          "year:x", "lang:english", "lang:fr", "lang:klingon"))
leaves = st.one_of(words, phrases, limits, st.integers(1, 4).map(lambda n: f"#{n}"))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(FIELDS), children).map(lambda t: f"{t[0]}:({t[1]})"),
        st.tuples(children, st.sampled_from(OPERATORS), children).map(" ".join),
        children.map(lambda c: f"({c})"),
    )


expressions = st.recursive(leaves, _combine, max_leaves=12)
strategies = st.lists(expressions, min_size=1, max_size=4).map(
    lambda lines: "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A grammar strategy with a few hostile characters spliced in."""
    text = draw(strategies)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HOSTILE_CHARS + OPERATORS)) + text[at:]
    return text


def _pipeline(text: str, strict: bool) -> None:
    analysis = querylang.analyze(text)
    for diagnostic in analysis.diagnostics:
        json.dumps(diagnostic.to_dict())
    if not analysis.ok:
        assert analysis.diagnostics, "refused without a diagnostic"
        return
    for target in TARGETS:
        compiled = querylang.compile_query(text, target, strict=strict)
        if compiled.query is None:
            assert any(d.severity.value == "error" for d in compiled.diagnostics), target
        else:
            assert (compiled.api is None) == (target in NO_API), target
            assert compiled.api_query is not None
            json.dumps(compiled.to_dict())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(), strict=st.booleans())
def test_pipeline_never_raises(text: str, strict: bool) -> None:
    _pipeline(text, strict)


@settings(max_examples=100, deadline=None)
@given(text=st.lists(st.sampled_from(HOSTILE_CHARS + tuple("ab ") + OPERATORS), max_size=40)
       .map("".join))
def test_character_soup_never_raises(text: str) -> None:
    _pipeline(text, strict=False)


def test_deep_nesting_is_a_diagnostic() -> None:
    """Depth far beyond the parser's limit: a diagnostic, never RecursionError.
    Redundant parentheses around one word add no depth and compile."""
    deep = ("a NOT " * 3000 + "b", "a NEAR/2 " * 3000 + "b", "NOT " * 3000 + "a",
            "ti:(" * 3000 + "a" + ")" * 3000, "(a OR (b AND " * 1500 + "c" + "))" * 1500)
    for text in deep:
        analysis = querylang.analyze(text)
        assert not analysis.ok and analysis.diagnostics, text[:30]
        for target in TARGETS:
            assert querylang.compile_query(text, target).query is None
    redundant = "(" * 5000 + "a" + ")" * 5000
    for target in TARGETS:
        assert querylang.compile_query(redundant, target).query is not None
