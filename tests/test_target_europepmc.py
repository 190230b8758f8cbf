"""Golden tests: the Europe PMC target (generated from reviewed output; edit by hand).

Each case: portable source, the expected query (the interface string and
the API query are the same string for Europe PMC), and the set of
diagnostic codes. Plus the API request, strict mode, hostile terms keeping
the query's structure, queries the loopback fake can read, and every EP
code covered.
"""

from __future__ import annotations

import pytest

import querylang
from querylang.codes import REGISTRY
from querylang.databases.europepmc.codes import CODES
from tests.compile_helpers import LONG_OR, assert_structure_kept
from tests.fakes.europepmc import check_query

TARGET = "europepmc"

CASES = [
    pytest.param('ti:asthma', 'TITLE:asthma', set(), id='field ti'),
    pytest.param('ab:asthma', 'ABSTRACT:asthma', set(), id='field ab'),
    pytest.param('tiab:asthma', 'TITLE_ABS:asthma', set(), id='field tiab'),
    pytest.param('asthma', 'TITLE_ABS:asthma', set(), id='default field'),
    pytest.param('kw:asthma', 'KW:asthma', {'EP101'}, id='field kw'),
    pytest.param('topic:asthma', '(TITLE_ABS:asthma OR KW:asthma)', {'EP102'}, id='field topic'),
    pytest.param('all:asthma', 'asthma', {'EP103'}, id='field all'),
    pytest.param('au:"Smith J"', 'AUTH:"Smith J"', set(), id='field au'),
    pytest.param('au:Smith*', 'AUTH:Smith*', set(), id='author wildcard'),
    pytest.param('so:Radiology', 'JOURNAL:Radiology', set(), id='field so'),
    pytest.param('so:"Medical Image Analysis"', 'JOURNAL:"Medical Image Analysis"', set(), id='journal phrase'),
    pytest.param('mesh:"Diagnostic Imaging"', 'MESH:"Diagnostic Imaging"', {'EP104'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', 'MESH:Asthma', {'EP105'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', 'MESH:Asthma', {'EP106'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', 'DOI:"10.21037/qims-24-89"', set(), id='field doi'),
    pytest.param('DOI:"10.1016/S0140-6736(20)30183-5"', None, {'CP106'}, id='doi with brackets is refused'),
    pytest.param('title:asthma', 'TITLE:asthma', set(), id='alias title'),
    pytest.param('asthma AND year:2013-2023', 'TITLE_ABS:asthma AND PUB_YEAR:[2013 TO 2023]', set(), id='year range'),
    pytest.param('asthma AND year:2013-', 'TITLE_ABS:asthma AND PUB_YEAR:[2013 TO 3000]', set(), id='year open end'),
    pytest.param('asthma AND year:-2023', 'TITLE_ABS:asthma AND PUB_YEAR:[1800 TO 2023]', set(), id='year open start'),
    pytest.param('asthma AND year:2020', 'TITLE_ABS:asthma AND PUB_YEAR:2020', set(), id='year single'),
    pytest.param('asthma AND lang:english', 'TITLE_ABS:asthma AND LANG:eng', set(), id='lang name'),
    pytest.param('asthma AND lang:de', 'TITLE_ABS:asthma AND LANG:ger', set(), id='lang code'),
    pytest.param('asthma AND lang:(english OR french)', 'TITLE_ABS:asthma AND (LANG:eng OR LANG:fre)', set(), id='lang several'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', 'TITLE_ABS:asthma AND (LANG:eng OR LANG:fre OR LANG:ger)', set(), id='lang three-letter codes'),
    pytest.param('1. asthma AND lang:(en OR fr)\n2. child* NOT #1', 'TITLE_ABS:child* NOT (TITLE_ABS:asthma AND (LANG:eng OR LANG:fre))', set(), id='lang under NOT via reference'),
    pytest.param('asthma OR wheeze', 'TITLE_ABS:asthma OR TITLE_ABS:wheeze', set(), id='or'),
    pytest.param('asthma AND child', 'TITLE_ABS:asthma AND TITLE_ABS:child', set(), id='and'),
    pytest.param('asthma NOT animals', 'TITLE_ABS:asthma NOT TITLE_ABS:animals', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '((TITLE_ABS:asthma OR TITLE_ABS:wheeze) AND (TITLE_ABS:child OR TITLE_ABS:infant)) NOT TITLE_ABS:adult', set(), id='nesting'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '(TITLE_ABS:a1 OR TITLE_ABS:b1) AND (TITLE_ABS:c1 OR (TITLE_ABS:d1 NOT TITLE_ABS:e1))', set(), id='deep nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', '(TITLE:asthma OR TITLE:wheeze) AND ABSTRACT:child', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'TITLE:asthma OR JOURNAL:Thorax OR TITLE_ABS:wheeze', set(), id='or across fields'),
    pytest.param('"large language model"', 'TITLE_ABS:"large language model"', set(), id='phrase'),
    pytest.param('"large language model*"', 'TITLE_ABS:(large AND language AND model*)', {'EP201'}, id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', 'TITLE_ABS:(medical AND imag*) OR TITLE_ABS:radiolog*', {'EP201'}, id='phrase and word truncation'),
    pytest.param('LLM*', 'TITLE_ABS:LLM*', set(), id='short stem'),
    pytest.param('AI*', 'TITLE_ABS:AI*', set(), id='two-letter stem'),
    pytest.param('wom?n', 'TITLE_ABS:wom?n', set(), id='question mark'),
    pytest.param('*ology', None, {'QL001'}, id='leading wildcard is refused'),
    pytest.param('"(*ology"', None, {'CP101', 'EP202'}, id='hostile leading wildcard'),
    pytest.param('doi:"10.1038/*"', None, {'EP203'}, id='doi wildcard is refused'),
    pytest.param('covid-19*', 'TITLE_ABS:(covid AND 19*)', {'EP201'}, id='punctuation word with wildcard'),
    pytest.param('asthma NOT ab:child', 'TITLE_ABS:asthma NOT ABSTRACT:child', set(), id='not with field'),
    pytest.param('asthma NOT kw:child', 'TITLE_ABS:asthma NOT KW:child', {'EP101'}, id='widening inside NOT is said'),
    pytest.param('pain NEAR/3 hip', 'TITLE_ABS:"pain hip"~3', {'EP303'}, id='near words'),
    pytest.param('ti:(pain NEAR/3 hip)', 'TITLE:"pain hip"~3', {'EP303'}, id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', 'TITLE_ABS:"pain hip"~2 OR TITLE_ABS:"pain knee"~2 OR TITLE_ABS:"ache hip"~2 OR TITLE_ABS:"ache knee"~2', {'EP303'}, id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', 'TITLE_ABS:"hip pain knee"~3', {'EP302', 'EP303'}, id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', 'TITLE_ABS:radiolog* AND TITLE_ABS:report', {'EP301'}, id='near wildcard'),
    pytest.param('kw:(pain NEAR/3 hip)', 'KW:"pain hip"~3', {'EP101', 'EP303'}, id='near keyword field'),
    pytest.param('topic:(pain NEAR/3 hip)', '(TITLE_ABS:"pain hip"~3 OR KW:"pain hip"~3)', {'EP102', 'EP303'}, id='near topic'),
    pytest.param('all:(pain NEAR/3 hip)', '"pain hip"~3', {'EP103', 'EP303'}, id='near all fields'),
    pytest.param('au:(Smith NEAR/2 Jones)', 'AUTH:Smith AND AUTH:Jones', {'EP301'}, id='near author is and'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', 'TITLE:"pain hip"~3 AND TITLE_ABS:child', {'EP303'}, id='near in and'),
    pytest.param('pain NEAR/3 colo$r', 'TITLE_ABS:pain AND TITLE_ABS:colo*r', {'EP301', 'EP310'}, id='dollar wildcard in near'),
    pytest.param(LONG_OR, 'TITLE_ABS:term01 OR TITLE_ABS:term02 OR TITLE_ABS:term03 OR TITLE_ABS:term04 OR TITLE_ABS:term05 OR TITLE_ABS:term06 OR TITLE_ABS:term07 OR TITLE_ABS:term08 OR TITLE_ABS:term09 OR TITLE_ABS:term10 OR TITLE_ABS:term11 OR TITLE_ABS:term12 OR TITLE_ABS:term13 OR TITLE_ABS:term14 OR TITLE_ABS:term15 OR TITLE_ABS:term16 OR TITLE_ABS:term17 OR TITLE_ABS:term18 OR TITLE_ABS:term19 OR TITLE_ABS:term20 OR TITLE_ABS:term21 OR TITLE_ABS:term22 OR TITLE_ABS:term23 OR TITLE_ABS:term24 OR TITLE_ABS:term25 OR TITLE_ABS:term26', set(), id='long or group'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", 'TITLE_ABS:"covid-19" OR TITLE_ABS:"T2-weighted" OR TITLE_ABS:"Alzheimer\'s"', set(), id='punctuation words'),
    pytest.param('asthma AND near AND to', 'TITLE_ABS:asthma AND TITLE_ABS:near AND TITLE_ABS:"to"', set(), id='operator-like words'),
    pytest.param('"a) OR TS=(b"', 'TITLE_ABS:"a OR TS= b"', {'CP101', 'QL205'}, id='hostile parens equals'),
    pytest.param('"x[mh] OR y"', 'TITLE_ABS:"x mh OR y"', {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"TITLE:foo OR ABSTRACT:bar"', 'TITLE_ABS:"TITLE:foo OR ABSTRACT:bar"', set(), id='hostile field prefix'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"tab\there"', 'TITLE_ABS:"tab here"', {'CP102'}, id='hostile tab'),
    pytest.param('"100% & #1"', 'TITLE_ABS:"100% & #1"', set(), id='hostile percent amp hash'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"a{b}c^2~"', 'TITLE_ABS:"a b c^2~"', {'CP101'}, id='hostile braces tilde caret'),
    pytest.param('"a\\\\ OR b"', 'TITLE_ABS:"a OR b"', {'CP101'}, id='hostile backslash'),
    pytest.param('"covid-19: a review"', 'TITLE_ABS:"covid-19: a review"', set(), id='hostile colon'),
    pytest.param('"[2013 TO 2023]"', 'TITLE_ABS:"2013 TO 2023"', {'CP101'}, id='hostile range'),
    pytest.param('radiolog* OR imag* OR segment*', 'TITLE_ABS:radiolog* OR TITLE_ABS:imag* OR TITLE_ABS:segment*', set(), id='three wildcard words'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '(TITLE_ABS:asthma OR TITLE_ABS:wheez*) AND TITLE_ABS:child* AND PUB_YEAR:[2013 TO 2023]', set(), id='reference expansion'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '(TITLE_ABS:asthma AND PUB_YEAR:2020) OR TITLE_ABS:wheez*', set(), id='reference in or carries limit'),
    pytest.param('tw:asthma', '(TITLE_ABS:asthma OR KW:asthma)', {'EP311'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', 'PUB_TYPE:"randomized controlled trial"', set(), id='field pt phrase'),
    pytest.param('pt:review', 'PUB_TYPE:review', set(), id='field pt review'),
    pytest.param('pt:(review OR letter)', 'PUB_TYPE:review OR PUB_TYPE:letter', set(), id='field pt group'),
    pytest.param('pt:"white paper"', 'PUB_TYPE:"white paper"', {'EP314', 'QL301'}, id='field pt unknown type'),
    pytest.param('asthma NOT pt:letter', 'TITLE_ABS:asthma NOT PUB_TYPE:letter', set(), id='field pt under not'),
    pytest.param('sh:"drug therapy"', 'KW:"drug therapy"', {'EP313'}, id='field sh'),
    pytest.param('sh:DT', 'KW:"drug therapy"', {'EP313'}, id='field sh abbreviation'),
    pytest.param('mesh:"Asthma/drug therapy"', 'MESH:Asthma', {'EP104', 'EP312'}, id='mesh with subheading'),
    pytest.param('mesh-major:"Asthma/prevention & control"', 'MESH:Asthma', {'EP106', 'EP312'}, id='mesh-major with subheading'),
    pytest.param('issn:"1361-8415"', 'ISSN:1361-8415', set(), id='field issn'),
    pytest.param('issn:13618415', 'ISSN:1361-8415', set(), id='field issn without hyphen'),
    pytest.param('asthma AND issn:1361-8415', 'TITLE_ABS:asthma AND ISSN:1361-8415', set(), id='issn anded'),
    pytest.param('colo$r', 'TITLE_ABS:colo*r', {'EP310'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', 'TITLE_ABS:(colo*r AND imag*)', {'EP201', 'EP310'}, id='dollar wildcard in phrase'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', '(MESH:Asthma OR (TITLE_ABS:asthma OR KW:asthma)) AND PUB_TYPE:review AND (LANG:eng OR LANG:fre)', {'EP104', 'EP311', 'EP312'}, id='language additions together'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert result.api_query == query
    assert {d.code for d in result.diagnostics} == codes
    if query is not None:
        assert result.api is not None and result.api.params["query"] == query
        check_query(query)  # the fake's reading of Europe PMC's syntax: balanced, known fields


def test_request_asks_json_without_synonyms_for_one_id() -> None:
    result = querylang.compile_query("asthma", TARGET)
    assert result.api is not None
    assert result.api.method == "GET"
    assert result.api.url == "https://www.ebi.ac.uk/europepmc/webservices/rest/search"
    assert result.api.params == {
        "query": "TITLE_ABS:asthma", "format": "json", "resultType": "idlist",
        "pageSize": "1", "synonym": "false",
    }
    assert result.api.key_env is None and result.api.headers == ()


def test_request_url_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_EUROPEPMC_URL", "http://127.0.0.1:9/rest/search")
    result = querylang.compile_query("asthma", TARGET)
    assert result.api is not None and result.api.url == "http://127.0.0.1:9/rest/search"


def test_strict_mode_refuses_every_change_of_meaning() -> None:
    for source in ("kw:asthma", "mesh:Asthma", '"medical imag*"', "radiolog* NEAR/3 report"):
        result = querylang.compile_query(source, TARGET, strict=True)
        assert result.query is None, source
        assert result.errors, source
    assert querylang.compile_query("ti:asthma AND year:2013-2023", TARGET, strict=True).ok


def test_info_only_proximity_note_is_not_an_error_in_strict_mode() -> None:
    result = querylang.compile_query("pain NEAR/3 hip", TARGET, strict=True)
    assert result.query == 'TITLE_ABS:"pain hip"~3'


def test_widening_inside_not_is_turned_around() -> None:
    result = querylang.compile_query("asthma NOT kw:child", TARGET)
    [ep101] = [d for d in result.diagnostics if d.code == "EP101"]
    assert ep101.severity.value == "warning"
    assert "effect is reversed" in ep101.message


@pytest.mark.parametrize("phrase", [
    'a) OR TITLE:(b', "x] OR [y", "a} OR {b", "a\\ OR b", "TITLE:x OR ABSTRACT:y",
    "x AND y NOT z", "2013 TO 2023", "a~5", "a^2", "x:(y OR z)", "* OR ?",
])
def test_hostile_phrases_keep_the_structure(phrase: str) -> None:
    assert_structure_kept(TARGET, phrase)
    assert_structure_kept(TARGET, phrase, "asthma OR tiab:{}")


def test_long_strategy_compiles_to_a_query_the_fake_reads() -> None:
    lines = [f"{n}. (term{n}a OR term{n}b* OR \"phrase {n}\") AND year:2013-2023"
             for n in range(1, 41)]
    lines.append("41. " + " OR ".join(f"#{n}" for n in range(1, 41)))
    result = querylang.compile_query("\n".join(lines), TARGET)
    assert result.query is not None
    assert result.query.count("PUB_YEAR:[2013 TO 2023]") == 40
    check_query(result.query)


def test_multi_line_strategy_expands_references() -> None:
    text = ('1. "knee osteoarthr*" OR gonarthrosis\n2. exercise* OR training\n'
            "3. #1 AND #2 AND lang:english\n")
    result = querylang.compile_query(text, TARGET)
    assert result.query == (
        "(TITLE_ABS:(knee AND osteoarthr*) OR TITLE_ABS:gonarthrosis) AND "
        "(TITLE_ABS:exercise* OR TITLE_ABS:training) AND LANG:eng"
    )
    assert {d.code for d in result.diagnostics} == {"EP201"}


def test_every_ep_code_is_in_the_registry_and_covered() -> None:
    declared = {info.code for info in CODES}
    assert all(code.startswith("EP") for code in declared)
    assert declared <= set(REGISTRY)
    covered = {code for case in CASES for code in case.values[2]}  # type: ignore[union-attr]
    assert declared <= covered, sorted(declared - covered)


def test_codes_explain_with_example_and_instead() -> None:
    for info in CODES:
        assert info.title and info.explanation and info.example and info.instead, info.code
        assert "\n " not in info.explanation  # printed flush left
