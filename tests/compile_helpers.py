"""Shared helpers for the target golden tests."""

from __future__ import annotations

import re

import querylang

LONG_OR = " OR ".join(f"term{i:02d}" for i in range(1, 27))

#: A quoted string: double quotes, or single quotes (Embase.com's phrases).
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')


def skeleton(query: str) -> str:
    """The query with every quoted string replaced by a placeholder: what is
    left is the structure (operators, tags, parentheses)."""
    return _QUOTED.sub('"_"', query)


def assert_structure_kept(target: str, phrase: str, template: str = "ti:{} AND asthma") -> None:
    """A hostile phrase compiles to the same structure as a harmless one, or
    is refused with an error diagnostic."""
    if '"' in phrase:
        # A phrase cannot hold a quote: the parser must refuse the text.
        result = querylang.compile_query(template.format(f'"{phrase}"'), target)
        assert result.query is None
        return
    hostile = querylang.compile_query(template.format(f'"{phrase}"'), target)
    benign = querylang.compile_query(template.format('"harmless words"'), target)
    if hostile.query is None:
        assert any(d.severity.value == "error" for d in hostile.diagnostics)
        return
    assert benign.query is not None
    assert skeleton(hostile.query) == skeleton(benign.query)
    if hostile.api is None:  # an interface searched by hand: the string is all there is
        assert hostile.api_query == hostile.query
    else:
        assert hostile.api_query is not None and benign.api_query is not None
        assert skeleton(hostile.api_query) == skeleton(benign.api_query)
    assert "\n" not in hostile.query and "\t" not in hostile.query
