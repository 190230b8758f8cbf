"""Property tests: printed trees parse back; any text gives a tree or diagnostics."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querylang import analyze
from querylang.ast import And, Field, Near, Node, Not, Or, Phrase, Word
from querylang.parser import parse
from querylang.printer import format_node

KEYWORDS = {"AND", "OR", "NOT", "NEAR"}
FIELDS = ["ti", "ab", "tiab", "kw", "topic", "all", "au", "so", "mesh", "mesh-noexp", "doi",
          "mesh-major", "tw", "pt", "sh", "issn"]

letters = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÄéßж東"))
word_text = st.builds(
    lambda first, rest, tail: first + rest + tail,
    letters,
    st.text(alphabet="abcxyz019-", max_size=6).filter(
        lambda s: not s.endswith("-") and "--" not in s
    ),
    st.sampled_from(["", "*", "?", "$", "$r"]),
).filter(lambda s: s.upper() not in KEYWORDS)
words = st.builds(Word, word_text)
phrases = st.builds(Phrase, st.lists(word_text, min_size=1, max_size=3).map(" ".join))
leaves = st.one_of(words, phrases)
near_operands = st.one_of(
    leaves, st.lists(leaves, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs)))
)


def _flat(cls: type, items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.operands if isinstance(item, cls) else (item,))  # type: ignore[attr-defined]
    return cls(tuple(flat))  # type: ignore[no-any-return]


def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map(lambda xs: _flat(Or, xs)),
        st.lists(children, min_size=2, max_size=4).map(lambda xs: _flat(And, xs)),
        st.builds(Not, children, children),
        st.builds(Near, near_operands, near_operands, st.integers(0, 20)),
        st.builds(
            Field,
            st.sampled_from(FIELDS),
            children.filter(lambda node: not isinstance(node, Field)),
        ),
    )


trees = st.recursive(leaves, extend, max_leaves=12)


@given(trees)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_printed_tree_parses_back(tree: Node) -> None:
    text = format_node(tree)
    result = parse(text)
    assert result.strategy is not None, (text, result.diagnostics)
    assert result.strategy.final.expr == tree, text


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_text_gives_tree_or_diagnostics(text: str) -> None:
    analysis = analyze(text)
    assert analysis.strategy is not None or analysis.diagnostics


EXAMPLES = [
    p.read_text(encoding="utf-8")
    for p in sorted((Path(__file__).parents[1] / "examples").glob("*.qry"))
]


@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.sampled_from(list('()"#*?: \n\tANDOR/-\u200b\u202e\x00')),
            st.booleans(),
        ),
        max_size=8,
    ),
)
@settings(max_examples=300)
def test_mutated_examples_never_raise(source: str, edits: list[tuple[int, str, bool]]) -> None:
    text = source
    for position, char, insert in edits:
        position %= max(1, len(text))
        text = text[:position] + char + text[position + (0 if insert else 1) :]
    analysis = analyze(text)
    assert analysis.strategy is not None or analysis.diagnostics
