"""A short fuzz run of the PubMed import: any paste is read without raising,
every diagnostic points into the paste, and an import said to be ok is a
portable strategy that checks."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querylang import analyze
from querylang.imports import import_strategy

PIECES = (
    "asthma", "wheez*", "home care workers", '"hip pain"', "[tiab]", "[mh]", "[Mesh]",
    "[ti]", "[pt]", "[tw]", "[sh]", "[la]", "[dp]", "[sb]", "[ab]", "[1au]", "[aid]", "[doi]",
    "[tiab:~2]", "[majr:noexp]", "[xx]", "AND", "OR", "NOT", "and", "(", ")", "#1", "#2",
    "2013:2023", "2013/01/01:2023/12/31", '"2013"[dp] : "2023"[dp]', "english", "10.1/x",
    "Asthma/drug therapy", "*ology", ":", '"', "[", "]", "\n", "\t", "1,234", "10:00:00",
    "#3 ", "1. ", "2 ", "Search,Query,Results\n", ",", "é", "\u200b",
)

pastes = st.lists(st.sampled_from(PIECES), min_size=0, max_size=25).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pastes)
def test_import_never_raises_and_spans_stay_in_the_paste(source: str) -> None:
    result = import_strategy(source, "pubmed")
    json.dumps(result.to_dict())
    for d in result.diagnostics:
        assert 0 <= d.span.start <= d.span.end <= len(result.source), d
        assert d.hint or d.code in ("IM004", "IM005"), d
    if result.ok:
        assert analyze(result.text).ok, (source, result.text)
