"""Golden tests: the Scopus target (generated from reviewed output; edit by hand).

Each case: portable source, the expected query (the interface string and the
API query are the same for Scopus: None when refused), and the set of
diagnostic codes. Every expected query must also pass the fake Scopus's
validator (tests/fakes/scopus_query.py), which refuses what Scopus refuses.
Plus the API request, strict mode, AND NOT placement, and every SC code covered.
"""

from __future__ import annotations

import re

import pytest

import querylang
from querylang.codes import REGISTRY
from querylang.databases import REGISTRY as DATABASES
from tests.compile_helpers import LONG_OR
from tests.fakes.scopus_query import validate_query

TARGET = "scopus"

#: 11 x 10 words around one NEAR: 110 pairs, past the bound of 100.
WIDE_NEAR = ("(" + " OR ".join(f"a{i:02d}" for i in range(1, 12)) + ") NEAR/3 ("
             + " OR ".join(f"b{i:02d}" for i in range(1, 11)) + ")")

CASES = [
    pytest.param('ti:asthma', 'TITLE(asthma)', set(), id='field ti'),
    pytest.param('ab:asthma', 'ABS(asthma)', set(), id='field ab'),
    pytest.param('tiab:asthma', '(TITLE(asthma) OR ABS(asthma))', set(), id='field tiab'),
    pytest.param('asthma', '(TITLE(asthma) OR ABS(asthma))', set(), id='default field'),
    pytest.param('kw:asthma', 'AUTHKEY(asthma)', set(), id='field kw'),
    pytest.param('topic:asthma', 'TITLE-ABS-KEY(asthma)', {'SC101'}, id='field topic'),
    pytest.param('all:asthma', 'ALL(asthma)', set(), id='field all'),
    pytest.param('au:"Smith J"', 'AUTH("Smith J")', set(), id='field au'),
    pytest.param('au:Smith*', 'AUTH(Smith*)', set(), id='author wildcard'),
    pytest.param('so:Radiology', 'SRCTITLE(Radiology)', set(), id='field so'),
    pytest.param('so:"Medical Image Analysis"', 'SRCTITLE("Medical Image Analysis")', set(), id='field so phrase'),
    pytest.param('mesh:"Diagnostic Imaging"', 'KEY("Diagnostic Imaging")', {'SC102'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', 'KEY(Asthma)', {'SC102'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', 'KEY(Asthma)', {'SC102'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', 'DOI("10.21037/qims-24-89")', set(), id='field doi'),
    pytest.param('doi:"10.1021/es052595+"', 'DOI("10.1021/es052595+")', set(), id='doi with plus'),
    pytest.param('title:asthma', 'TITLE(asthma)', set(), id='alias title'),
    pytest.param('asthma AND year:2013-2023', '(TITLE(asthma) OR ABS(asthma)) AND PUBYEAR > 2012 AND PUBYEAR < 2024', set(), id='year range'),
    pytest.param('asthma AND year:2013-', '(TITLE(asthma) OR ABS(asthma)) AND PUBYEAR > 2012', set(), id='year open end'),
    pytest.param('asthma AND year:-2023', '(TITLE(asthma) OR ABS(asthma)) AND PUBYEAR < 2024', set(), id='year open start'),
    pytest.param('asthma AND year:2020', '(TITLE(asthma) OR ABS(asthma)) AND PUBYEAR = 2020', set(), id='year single'),
    pytest.param('asthma AND lang:english', '(TITLE(asthma) OR ABS(asthma)) AND LANGUAGE(english)', set(), id='lang name'),
    pytest.param('asthma AND lang:de', '(TITLE(asthma) OR ABS(asthma)) AND LANGUAGE(german)', set(), id='lang code'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'TITLE(asthma) AND PUBYEAR > 2012 AND PUBYEAR < 2024 AND LANGUAGE(english)', set(), id='year and lang'),
    pytest.param('asthma AND lang:(english OR french)', '(TITLE(asthma) OR ABS(asthma)) AND LANGUAGE(english OR french)', set(), id='lang several'),
    pytest.param('1. asthma AND lang:(en OR fr)\n2. child* NOT #1', '(TITLE(child*) OR ABS(child*)) AND NOT ((TITLE(asthma) OR ABS(asthma)) AND LANGUAGE(english OR french))', set(), id='lang under NOT via reference'),
    pytest.param('asthma OR wheeze', '(TITLE(asthma OR wheeze) OR ABS(asthma OR wheeze))', set(), id='or'),
    pytest.param('asthma AND child', '(TITLE(asthma) OR ABS(asthma)) AND (TITLE(child) OR ABS(child))', set(), id='and'),
    pytest.param('asthma NOT animals', '(TITLE(asthma) OR ABS(asthma)) AND NOT (TITLE(animals) OR ABS(animals))', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '(TITLE(asthma OR wheeze) OR ABS(asthma OR wheeze)) AND (TITLE(child OR infant) OR ABS(child OR infant)) AND NOT (TITLE(adult) OR ABS(adult))', set(), id='nesting'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '(TITLE(a1 OR b1) OR ABS(a1 OR b1)) AND ((TITLE(c1) OR ABS(c1)) OR ((TITLE(d1) OR ABS(d1)) AND NOT (TITLE(e1) OR ABS(e1))))', set(), id='deep nesting'),
    pytest.param('(asthma NOT animals) AND child', '(TITLE(asthma) OR ABS(asthma)) AND (TITLE(child) OR ABS(child)) AND NOT (TITLE(animals) OR ABS(animals))', set(), id='not in the middle goes last'),
    pytest.param('ti:((asthma NOT animals) AND child)', 'TITLE(asthma AND child AND NOT animals)', set(), id='not in the middle inside one code'),
    pytest.param('(a1 NOT b1) NOT c1', '(TITLE(a1) OR ABS(a1)) AND NOT (TITLE(b1) OR ABS(b1)) AND NOT (TITLE(c1) OR ABS(c1))', set(), id='two nots'),
    pytest.param('a1 NOT (b1 NOT c1)', '(TITLE(a1) OR ABS(a1)) AND NOT ((TITLE(b1) OR ABS(b1)) AND NOT (TITLE(c1) OR ABS(c1)))', set(), id='not of a not'),
    pytest.param('(a1 NOT b1) OR c1', '((TITLE(a1) OR ABS(a1)) AND NOT (TITLE(b1) OR ABS(b1))) OR (TITLE(c1) OR ABS(c1))', set(), id='not inside or'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', 'TITLE(asthma OR wheeze) AND ABS(child)', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'TITLE(asthma) OR SRCTITLE(Thorax) OR (TITLE(wheeze) OR ABS(wheeze))', set(), id='or across fields'),
    pytest.param('ti:asthma OR ti:wheeze OR ab:cough', 'TITLE(asthma OR wheeze) OR ABS(cough)', set(), id='or regroups one field'),
    pytest.param('topic:asthma OR tw:wheeze', 'TITLE-ABS-KEY(asthma OR wheeze)', {'SC101', 'SC311'}, id='or of two fields on one code'),
    pytest.param('"large language model*"', '(TITLE("large language model*") OR ABS("large language model*"))', set(), id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', '(TITLE("medical imag*" OR radiolog*) OR ABS("medical imag*" OR radiolog*))', set(), id='phrase and word truncation'),
    pytest.param('LLM*', '(TITLE(LLM*) OR ABS(LLM*))', set(), id='short stem'),
    pytest.param('AI*', '(TITLE(AI*) OR ABS(AI*))', set(), id='two-letter stem'),
    pytest.param('wom?n', '(TITLE(wom?n) OR ABS(wom?n))', set(), id='question mark'),
    pytest.param('ti:w?n', 'TITLE(w?n)', set(), id='short inner wildcard'),
    pytest.param('colo$r', '(TITLE(color OR colo?r) OR ABS(color OR colo?r))', set(), id='dollar wildcard'),
    pytest.param('ti:colo$r', 'TITLE(color OR colo?r)', set(), id='dollar wildcard in one code'),
    pytest.param('"colo$r imag*"', '(TITLE("color imag*" OR "colo?r imag*") OR ABS("color imag*" OR "colo?r imag*"))', set(), id='dollar wildcard in phrase'),
    pytest.param('ti:a$n$e$s$thesia', 'TITLE(a*n*e*s*thesia)', {'SC201'}, id='four dollars widen'),
    pytest.param('pain NEAR/3 colo$r', '(TITLE((pain W/3 color) OR (pain W/3 colo?r)) OR ABS((pain W/3 color) OR (pain W/3 colo?r)))', set(), id='dollar wildcard in near'),
    pytest.param('"$100 cost"', '(TITLE("$100 cost") OR ABS("$100 cost"))', set(), id='dollar sign starting a word'),
    pytest.param('doi:"10.1002/(SICI)1097-0258(19980815)17:15"', None, {'CP106'}, id='doi with brackets is refused'),
    pytest.param('asthma NOT ab:child', '(TITLE(asthma) OR ABS(asthma)) AND NOT ABS(child)', set(), id='field under not'),
    pytest.param('asthma NOT mesh:Animals', '(TITLE(asthma) OR ABS(asthma)) AND NOT KEY(Animals)', {'SC102'}, id='mesh under not'),
    pytest.param('pain NEAR/3 hip', '(TITLE(pain W/3 hip) OR ABS(pain W/3 hip))', set(), id='near words'),
    pytest.param('ti:(pain NEAR/3 hip)', 'TITLE(pain W/3 hip)', set(), id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '(TITLE((pain W/2 hip) OR (pain W/2 knee) OR (ache W/2 hip) OR (ache W/2 knee)) OR ABS((pain W/2 hip) OR (pain W/2 knee) OR (ache W/2 hip) OR (ache W/2 knee)))', set(), id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', '(TITLE("hip pain" W/3 knee) OR ABS("hip pain" W/3 knee))', set(), id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(TITLE(radiolog* W/3 report) OR ABS(radiolog* W/3 report))', set(), id='near wildcard'),
    pytest.param('kw:(pain NEAR/3 hip)', 'AUTHKEY(pain W/3 hip)', set(), id='near keyword field'),
    pytest.param('topic:(pain NEAR/3 hip)', 'TITLE-ABS-KEY(pain W/3 hip)', {'SC101'}, id='near topic'),
    pytest.param('pain NEAR/0 hip', '(TITLE(pain W/0 hip) OR ABS(pain W/0 hip))', set(), id='near zero'),
    pytest.param('pain NEAR/255 hip', '(TITLE(pain W/255 hip) OR ABS(pain W/255 hip))', set(), id='near 255'),
    pytest.param('pain NEAR/256 hip', '(TITLE(pain AND hip) OR ABS(pain AND hip))', {'SC302'}, id='near above 255'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', 'TITLE(pain W/3 hip) AND (TITLE(child) OR ABS(child))', set(), id='near in and'),
    pytest.param(WIDE_NEAR, '(TITLE((a01 OR a02 OR a03 OR a04 OR a05 OR a06 OR a07 OR a08 OR a09 OR a10 OR a11) AND (b01 OR b02 OR b03 OR b04 OR b05 OR b06 OR b07 OR b08 OR b09 OR b10)) OR ABS((a01 OR a02 OR a03 OR a04 OR a05 OR a06 OR a07 OR a08 OR a09 OR a10 OR a11) AND (b01 OR b02 OR b03 OR b04 OR b05 OR b06 OR b07 OR b08 OR b09 OR b10)))', {'SC301'}, id='near too many pairs'),
    pytest.param(LONG_OR, '(TITLE(term01 OR term02 OR term03 OR term04 OR term05 OR term06 OR term07 OR term08 OR term09 OR term10 OR term11 OR term12 OR term13 OR term14 OR term15 OR term16 OR term17 OR term18 OR term19 OR term20 OR term21 OR term22 OR term23 OR term24 OR term25 OR term26) OR ABS(term01 OR term02 OR term03 OR term04 OR term05 OR term06 OR term07 OR term08 OR term09 OR term10 OR term11 OR term12 OR term13 OR term14 OR term15 OR term16 OR term17 OR term18 OR term19 OR term20 OR term21 OR term22 OR term23 OR term24 OR term25 OR term26))', set(), id='long or group'),
    pytest.param('ab:(asthma OR wheez*)', 'ABS(asthma OR wheez*)', set(), id='grouped abstract'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '(TITLE("covid-19" OR "T2-weighted" OR "Alzheimer\'s") OR ABS("covid-19" OR "T2-weighted" OR "Alzheimer\'s"))', set(), id='punctuation words'),
    pytest.param('asthma AND and AND pubyear', '(TITLE(asthma) OR ABS(asthma)) AND (TITLE("and") OR ABS("and")) AND (TITLE("pubyear") OR ABS("pubyear"))', set(), id='operator-like words'),
    pytest.param('"and" OR "w/3" OR "pre/2"', '(TITLE("and" OR "w/3" OR "pre/2") OR ABS("and" OR "w/3" OR "pre/2"))', set(), id='proximity-like words'),
    pytest.param('"a) OR TITLE(b"', '(TITLE("a OR TITLE b") OR ABS("a OR TITLE b"))', {'CP101', 'QL205'}, id='hostile parens'),
    pytest.param('"x[mh] OR y"', '(TITLE("x mh OR y") OR ABS("x mh OR y"))', {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"{exact} OR y"', '(TITLE("exact OR y") OR ABS("exact OR y"))', {'CP101'}, id='hostile braces'),
    pytest.param('"PUBYEAR > 2012"', '(TITLE("PUBYEAR > 2012") OR ABS("PUBYEAR > 2012"))', set(), id='hostile pubyear'),
    pytest.param('"AND NOT x"', '(TITLE("AND NOT x") OR ABS("AND NOT x"))', set(), id='hostile and not'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"tab\there"', '(TITLE("tab here") OR ABS("tab here"))', {'CP102'}, id='hostile tab'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"covid-19: a review"', '(TITLE("covid-19: a review") OR ABS("covid-19: a review"))', set(), id='hostile colon'),
    pytest.param('"a\\\\ OR b"', '(TITLE("a\\\\ OR b") OR ABS("a\\\\ OR b"))', set(), id='hostile backslash'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(TITLE(asthma OR wheez*) OR ABS(asthma OR wheez*)) AND (TITLE(child*) OR ABS(child*)) AND PUBYEAR > 2012 AND PUBYEAR < 2024', set(), id='reference expansion'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '((TITLE(asthma) OR ABS(asthma)) AND PUBYEAR = 2020) OR (TITLE(wheez*) OR ABS(wheez*))', set(), id='reference in or carries limit'),
    pytest.param('1. asthma AND year:2013-2023\n2. cough NOT #1', '(TITLE(cough) OR ABS(cough)) AND NOT ((TITLE(asthma) OR ABS(asthma)) AND PUBYEAR > 2012 AND PUBYEAR < 2024)', set(), id='year under not via reference'),
    pytest.param('tw:asthma', 'TITLE-ABS-KEY(asthma)', {'SC311'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', 'TITLE-ABS-KEY("randomized controlled trial")', {'SC315'}, id='field pt no document type'),
    pytest.param('pt:review', 'DOCTYPE(re)', set(), id='field pt review'),
    pytest.param('pt:(review OR letter)', 'DOCTYPE(re) OR DOCTYPE(le)', set(), id='field pt group'),
    pytest.param('pt:"systematic review"', 'DOCTYPE(re)', {'SC314'}, id='field pt systematic review'),
    pytest.param('asthma AND pt:editorial', '(TITLE(asthma) OR ABS(asthma)) AND DOCTYPE(ed)', set(), id='field pt anded'),
    pytest.param('asthma NOT pt:letter', '(TITLE(asthma) OR ABS(asthma)) AND NOT DOCTYPE(le)', set(), id='field pt under not'),
    pytest.param('asthma NOT pt:("Letter" OR "Editorial" OR "Comment")', '(TITLE(asthma) OR ABS(asthma)) AND NOT (DOCTYPE(le) OR DOCTYPE(ed) OR DOCTYPE(no))', {'SC314'}, id='field pt duplicates'),
    pytest.param('sh:"drug therapy"', 'TITLE-ABS-KEY("drug therapy")', {'SC313'}, id='field sh'),
    pytest.param('sh:DT', 'TITLE-ABS-KEY("drug therapy")', {'SC313'}, id='field sh abbreviation'),
    pytest.param('mesh:"Asthma/drug therapy"', 'KEY(Asthma)', {'SC312', 'SC102'}, id='mesh with subheading'),
    pytest.param('mesh-major:"Asthma/prevention & control"', 'KEY(Asthma)', {'SC312', 'SC102'}, id='mesh-major with subheading'),
    pytest.param('issn:"1361-8415"', 'ISSN(1361-8415)', set(), id='field issn'),
    pytest.param('issn:13618415', 'ISSN(1361-8415)', set(), id='field issn without hyphen'),
    pytest.param('so:Radiology OR issn:0033-8419', 'SRCTITLE(Radiology) OR ISSN(0033-8419)', set(), id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', '(TITLE(asthma) OR ABS(asthma)) AND ISSN(1361-8415)', set(), id='issn anded'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', '(KEY(Asthma) OR TITLE-ABS-KEY(asthma)) AND DOCTYPE(re) AND LANGUAGE(english OR french)', {'SC311', 'SC102', 'SC312'}, id='language additions together'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert result.api_query == query
    assert {d.code for d in result.diagnostics} == codes
    if query is not None:
        assert result.api is not None and result.api.params["query"] == query
        validate_query(query)  # Scopus would read it


def test_every_scopus_code_is_covered_by_a_golden_case() -> None:
    covered = set().union(*(case.values[2] for case in CASES))  # type: ignore[arg-type]
    declared = {code for code in REGISTRY if code.startswith("SC")}
    assert declared == {code for code in covered if code.startswith("SC")}
    for code in declared:
        info = REGISTRY[code]
        assert info.changes_meaning and info.example and info.instead, code


def test_request_carries_the_key_header_name_never_its_value(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOPUS_API_KEY", "secret-scopus-key")
    result = querylang.compile_query("ti:asthma AND year:2013-2023", TARGET)
    api = result.api
    assert api is not None
    assert api.method == "GET"
    assert api.url == "https://api.elsevier.com/content/search/scopus"
    assert api.params == {"query": "TITLE(asthma) AND PUBYEAR > 2012 AND PUBYEAR < 2024",
                          "count": "1",
                          "httpAccept": "application/json"}
    assert (api.key_env, api.key_header, api.key_param, api.key_required) == (
        "SCOPUS_API_KEY", "X-ELS-APIKey", None, True)
    assert "secret-scopus-key" not in repr(api.to_dict())


def test_url_comes_from_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_SCOPUS_URL", "http://127.0.0.1:9/content/search/scopus")
    api = querylang.compile_query("asthma", TARGET).api
    assert api is not None and api.url == "http://127.0.0.1:9/content/search/scopus"
    assert DATABASES[TARGET].spec is not None
    assert DATABASES[TARGET].spec.url_env == "QUERYLANG_SCOPUS_URL"


def test_strict_mode_turns_every_change_of_meaning_into_an_error() -> None:
    loose = querylang.compile_query('mesh:"Diagnostic Imaging"', TARGET)
    assert loose.query == 'KEY("Diagnostic Imaging")'
    strict = querylang.compile_query('mesh:"Diagnostic Imaging"', TARGET, strict=True)
    assert strict.query is None
    assert [d.severity.value for d in strict.diagnostics] == ["error"]


def test_widening_under_not_is_said_the_other_way_round() -> None:
    result = querylang.compile_query("asthma NOT topic:animals", TARGET)
    (said,) = [d for d in result.diagnostics if d.code == "SC101"]
    assert said.severity.value == "warning"  # info outside NOT
    assert "inside NOT" in said.message


# -- AND NOT last, and Scopus's own precedence ------------------------------------------------
# Scopus reads OR first, then AND, then AND NOT (left to right), the reverse
# of the portable order. A tiny evaluator with Scopus's precedence checks
# that each compiled query finds exactly the records the portable one means.

_TOKEN = re.compile(r"\s*(?:(TITLE|ABS)\(|(\()|(\))|(AND NOT)\b|(AND)\b|(OR)\b|(\w+))")

Record = dict[str, frozenset[str]]


def _scopus_matches(query: str, record: Record) -> bool:
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(query):
        found = _TOKEN.match(query, at)
        assert found is not None, query[at:]
        kind = next(i for i, group in enumerate(found.groups()) if group is not None)
        tokens.append((["field", "(", ")", "andnot", "and", "or", "word"][kind],
                       found.group(kind + 1)))
        at = found.end()
    position = 0

    def peek() -> str | None:
        return tokens[position][0] if position < len(tokens) else None

    def andnot(fields: tuple[str, ...]) -> bool:
        nonlocal position
        value = and_(fields)
        while peek() == "andnot":
            position += 1
            excluded = and_(fields)
            value = value and not excluded
        return value

    def and_(fields: tuple[str, ...]) -> bool:
        nonlocal position
        value = or_(fields)
        while peek() == "and":
            position += 1
            value = or_(fields) and value
        return value

    def or_(fields: tuple[str, ...]) -> bool:
        nonlocal position
        value = unit(fields)
        while peek() == "or":
            position += 1
            value = unit(fields) or value
        return value

    def unit(fields: tuple[str, ...]) -> bool:
        nonlocal position
        kind, text = tokens[position]
        position += 1
        if kind == "word":
            return any(text in record[field] for field in fields)
        inner = (text,) if kind == "field" else fields
        value = andnot(inner)
        assert tokens[position][0] == ")"
        position += 1
        return value

    result = andnot(("TITLE", "ABS"))
    assert position == len(tokens)
    return result


def _portable_matches(node: object, record: Record) -> bool:
    from querylang.ast import And, Not, Or, Word

    if isinstance(node, Word):
        return node.text in record["TITLE"] or node.text in record["ABS"]
    if isinstance(node, Or):
        return any(_portable_matches(op, record) for op in node.operands)
    if isinstance(node, And):
        return all(_portable_matches(op, record) for op in node.operands)
    assert isinstance(node, Not)
    return _portable_matches(node.left, record) and not _portable_matches(node.right, record)


def _random_expression(rng: object, depth: int) -> str:
    import random

    assert isinstance(rng, random.Random)
    if depth == 0 or rng.random() < 0.3:
        return rng.choice("abcde")
    operator = rng.choice(["AND", "OR", "NOT"])
    left, right = _random_expression(rng, depth - 1), _random_expression(rng, depth - 1)
    return f"({left} {operator} {right})"


def test_not_anywhere_compiles_to_the_same_records_under_scopus_precedence() -> None:
    import random

    from querylang import analyze

    rng = random.Random(15)
    records: list[Record] = [
        {"TITLE": frozenset(w for w in "abcde" if rng.random() < 0.35),
         "ABS": frozenset(w for w in "abcde" if rng.random() < 0.35)}
        for _ in range(300)
    ]
    checked = 0
    for _ in range(150):
        source = _random_expression(rng, 4)
        if source.startswith("("):
            source = source[1:-1]
        strategy = analyze(source).strategy
        result = querylang.compile_query(source, TARGET)
        if strategy is None or result.query is None:
            continue  # the checks refused the strategy (e.g. a NOT of nothing left)
        expression = strategy.lines[-1].expr
        for record in records:
            assert _scopus_matches(result.query, record) == _portable_matches(expression, record), (
                source, result.query, record)
        checked += 1
    assert checked > 100


def test_a_not_in_the_middle_is_moved_to_the_end() -> None:
    result = querylang.compile_query("(asthma NOT animals) AND child", TARGET)
    assert result.query is not None
    assert result.query.endswith("AND NOT (TITLE(animals) OR ABS(animals))")
    assert result.query.count("AND NOT") == 1


def test_the_examples_compile_to_queries_scopus_reads() -> None:
    from pathlib import Path

    for path in sorted(Path("examples").glob("*.qry")):
        result = querylang.compile_query(path.read_text(encoding="utf-8"), TARGET)
        assert result.query is not None, path
        validate_query(result.query)


def test_multi_line_strategy_with_history_expands_every_reference() -> None:
    text = ("1. \"large language model*\" OR LLM*\n2. radiolog* OR mesh:\"Diagnostic Imaging\"\n"
            "3. #1 AND #2\n4. #3 NOT pt:letter\n5. #4 AND year:2013-2023 AND lang:english\n")
    result = querylang.compile_query(text, TARGET)
    assert result.query == (
        '(TITLE("large language model*" OR LLM*) OR ABS("large language model*" OR LLM*)) '
        "AND ((TITLE(radiolog*) OR ABS(radiolog*)) OR KEY(\"Diagnostic Imaging\")) "
        "AND PUBYEAR > 2012 AND PUBYEAR < 2024 AND LANGUAGE(english) AND NOT DOCTYPE(le)"
    )
    validate_query(result.query)
    assert {d.code for d in result.diagnostics} == {"SC102"}
