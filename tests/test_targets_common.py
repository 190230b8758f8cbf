"""Rules every target's golden table must satisfy, run over all four tables.

Each tests/test_target_<db>.py holds its own table of cases (source, expected
output, expected codes); the checks below are the same for every database.
"""

from __future__ import annotations

import urllib.parse

import httpx
import pytest

import querylang
from querylang.codes import REGISTRY
from tests import (
    test_target_arxiv,
    test_target_cochrane,
    test_target_ebsco,
    test_target_embase,
    test_target_ieee,
    test_target_pubmed,
    test_target_wos,
)
from tests.compile_helpers import assert_structure_kept

#: target -> (its golden cases, its code family)
TABLES = {
    "pubmed": (test_target_pubmed.CASES, "PM"),
    "wos": (test_target_wos.CASES, "WS"),
    "arxiv": (test_target_arxiv.CASES, "AX"),
    "ieee": (test_target_ieee.CASES, "IE"),
    "ebsco-cinahl": (test_target_ebsco.CASES, "EB"),
    "cochrane": (test_target_cochrane.CASES, "CO"),
    "embase": (test_target_embase.CASES, "EM"),
}
#: Interfaces searched by hand (issue 16): no API request.
NO_API = frozenset({"ebsco-cinahl", "cochrane", "embase"})

SOURCES = [(target, case.values[0]) for target, (cases, _) in TABLES.items() for case in cases]
COMPILED_SOURCES = [
    (target, case.values[0])
    for target, (cases, _) in TABLES.items()
    for case in cases
    if case.values[1] is not None
]

HOSTILE_PHRASES = [
    "a) OR TS=(b", "x[mh] OR y", "ti:foo OR abs:bar", "All Metadata: x) OR (y",
    "100% & #1", "a{b}c^2~", "x]) NOT (y[", "#1 OR #2", "q=1&r=2", "a\\ OR b",
    "tab\there", "AND", "ti:(", "\"All Metadata\"",
]


@pytest.mark.parametrize("target", TABLES)
def test_every_code_of_the_family_is_exercised(target: str) -> None:
    cases, family_prefix = TABLES[target]
    seen: set[str] = set()
    for case in cases:
        seen |= case.values[-1]
    family = {code for code in REGISTRY if code.startswith(family_prefix)}
    assert family <= seen, family - seen


@pytest.mark.parametrize(("target", "source"), SOURCES)
def test_no_change_of_meaning_survives_strict(target: str, source: str) -> None:
    result = querylang.compile_query(source, target, strict=True)
    lossy = [d for d in result.diagnostics if REGISTRY[d.code].changes_meaning]
    if lossy:
        assert result.query is None
        assert all(d.severity.value == "error" for d in lossy)


@pytest.mark.parametrize(("target", "source"), COMPILED_SOURCES)
def test_api_request_round_trips(target: str, source: str) -> None:
    result = querylang.compile_query(source, target)
    if target in NO_API:
        assert result.api is None
        return
    assert result.api is not None
    request = httpx.Request(result.api.method, result.api.url, params=result.api.params)
    decoded = dict(urllib.parse.parse_qsl(request.url.query.decode("ascii")))
    assert decoded == result.api.params


@pytest.mark.parametrize("target", TABLES)
@pytest.mark.parametrize("phrase", HOSTILE_PHRASES)
def test_hostile_phrase_keeps_structure(target: str, phrase: str) -> None:
    assert_structure_kept(target, phrase)


# -- several languages: lang:(english OR french) --------------------------------------

#: (target, code, face) where a language limit is dropped: the diagnostic must
#: name every language, not just the first or the raw text.
_DROPPED_LANGUAGES = [("wos", "WS113"), ("arxiv", "AX105"), ("ieee", "IE102"),
                      ("cochrane", "CO403")]


@pytest.mark.parametrize(("target", "code"), _DROPPED_LANGUAGES)
def test_dropped_language_group_names_every_language(target: str, code: str) -> None:
    result = querylang.compile_query("asthma AND lang:(en OR fre OR deu)", target)
    dropped = [d for d in result.diagnostics if d.code == code]
    assert len(dropped) == 1
    assert "lang:(english OR french OR german)" in dropped[0].message
    assert (dropped[0].span.column, dropped[0].span.end_column) == (12, 35)


@pytest.mark.parametrize(("target", "code"), _DROPPED_LANGUAGES)
def test_dropped_language_group_under_not_says_the_effect_is_reversed(
    target: str, code: str
) -> None:
    # A reference carries its line's limits: #1's languages sit on the right
    # of NOT, where dropping them excludes more records.
    source = "1. asthma AND lang:(en OR fr)\n2. child* NOT #1"
    result = querylang.compile_query(source, target)
    dropped = [d for d in result.diagnostics if d.code == code]
    assert len(dropped) == 1
    assert "lang:(english OR french)" in dropped[0].message
    assert "inside NOT" in dropped[0].message
    assert dropped[0].severity is not querylang.Severity.INFO


@pytest.mark.parametrize("target", list(TABLES))
def test_single_language_compiles_as_before_whatever_its_spelling(target: str) -> None:
    # lang:english, lang:en, lang:eng and lang:(english) are one limit.
    expected = querylang.compile_query("asthma AND lang:english", target)
    for spelling in ("lang:en", "lang:eng", "lang:ENG", "lang:(english)", "lang:( en )"):
        result = querylang.compile_query(f"asthma AND {spelling}", target)
        assert (result.query, result.api_query) == (expected.query, expected.api_query), spelling
        assert [d.code for d in result.diagnostics] == [d.code for d in expected.diagnostics]
