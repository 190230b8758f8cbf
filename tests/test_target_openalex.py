"""Golden tests: the OpenAlex target (generated from reviewed output; edit by hand).

Each case: portable source, the expected interface string (the request's
parameters as written in the address; None: refused) and the set of
diagnostic codes. Plus the API request, the loopback fake accepting every
query written (it validates as OpenAlex does), strict mode, hostile terms
keeping the query's structure, the length warnings and every OA code covered.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import querylang
from querylang.codes import REGISTRY
from querylang.databases.openalex.codes import CODES
from tests.compile_helpers import LONG_OR, assert_structure_kept
from tests.fakes.openalex import FakeOpenAlex

TARGET = "openalex"

#: 11 x 10 words around one NEAR: 110 pairs, more than the target spells out.
MANY_PAIRS = ("(" + " OR ".join(f"a{i}" for i in range(11)) + ") NEAR/3 ("
              + " OR ".join(f"b{i}" for i in range(10)) + ")")

CASES = [
    pytest.param('ti:asthma', 'search.title=asthma', set(), id='field ti'),
    pytest.param('ab:asthma', 'filter=abstract.search:asthma', set(), id='field ab'),
    pytest.param('tiab:asthma', 'search.title_and_abstract=asthma', set(), id='field tiab'),
    pytest.param('asthma', 'search.title_and_abstract=asthma', set(), id='default field'),
    pytest.param('kw:asthma', 'filter=keyword.search:asthma', {'OA101'}, id='field kw'),
    pytest.param('topic:asthma', 'search.title_and_abstract=asthma', {'OA102'}, id='field topic'),
    pytest.param('all:asthma', 'search=asthma', {'OA103'}, id='field all'),
    pytest.param('au:"Smith J"', 'filter=raw_author_name.search:Smith', {'OA104'}, id='field au surname initials'),
    pytest.param('au:Topol', 'filter=raw_author_name.search:Topol', set(), id='field au surname'),
    pytest.param('au:"Eric Topol"', 'filter=raw_author_name.search:"Eric Topol"', set(), id='field au full name'),
    pytest.param('so:Radiology', None, {'OA105'}, id='field so refused'),
    pytest.param('mesh:"Diagnostic Imaging"', 'search.title_and_abstract="Diagnostic Imaging"', {'OA106'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', 'search.title_and_abstract=Asthma', {'OA106'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', 'search.title_and_abstract=Asthma', {'OA106'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', 'filter=doi:10.21037/qims-24-89', set(), id='field doi'),
    pytest.param('title:asthma', 'search.title=asthma', set(), id='alias title'),
    pytest.param('asthma AND year:2013-2023', 'search.title_and_abstract=asthma&filter=publication_year:2013-2023', set(), id='year range'),
    pytest.param('asthma AND year:2013-', 'search.title_and_abstract=asthma&filter=publication_year:>2012', set(), id='year open end'),
    pytest.param('asthma AND year:-2023', 'search.title_and_abstract=asthma&filter=publication_year:<2024', set(), id='year open start'),
    pytest.param('asthma AND year:2020', 'search.title_and_abstract=asthma&filter=publication_year:2020', set(), id='year single'),
    pytest.param('asthma AND lang:english', 'search.title_and_abstract=asthma&filter=language:en', set(), id='lang name'),
    pytest.param('asthma AND lang:de', 'search.title_and_abstract=asthma&filter=language:de', set(), id='lang code'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'search.title=asthma&filter=publication_year:2013-2023,language:en', set(), id='year and lang'),
    pytest.param('asthma AND lang:(english OR french)', 'search.title_and_abstract=asthma&filter=language:en|fr', set(), id='lang several'),
    pytest.param('asthma AND lang:(eng OR fre OR deu)', 'search.title_and_abstract=asthma&filter=language:en|fr|de', set(), id='lang three-letter codes'),
    pytest.param('1. asthma AND lang:english\n2. #1 OR wheeze', 'search.title_and_abstract=(asthma OR wheeze)', {'OA116'}, id='lang inside or is dropped'),
    pytest.param('1. asthma AND year:2020\n2. wheeze NOT #1', 'search.title_and_abstract=(wheeze NOT asthma)', {'OA113'}, id='year under not is dropped'),
    pytest.param('asthma OR wheeze', 'search.title_and_abstract=(asthma OR wheeze)', set(), id='or'),
    pytest.param('asthma AND child', 'search.title_and_abstract=asthma AND child', set(), id='and'),
    pytest.param('asthma NOT animals', 'search.title_and_abstract=(asthma NOT animals)', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', 'search.title_and_abstract=(((asthma OR wheeze) AND (child OR infant)) NOT adult)', set(), id='nesting'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', 'search.title_and_abstract=(a1 OR b1) AND (c1 OR (d1 NOT e1))', set(), id='deep nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', 'search.title=(asthma OR wheeze)&filter=abstract.search:child', set(), id='fields anded: parameter and filter'),
    pytest.param('ti:asthma AND child', 'search.title_and_abstract=child&filter=title.search:asthma', set(), id='title filter beside the title-and-abstract parameter'),
    pytest.param('ti:asthma OR ab:wheeze', 'search.title_and_abstract=(asthma OR wheeze)', {'OA111'}, id='title or abstract widened'),
    pytest.param('ti:asthma OR all:wheeze', 'search=(asthma OR wheeze)', {'OA103', 'OA111'}, id='title or all widened'),
    pytest.param('asthma NOT ab:child', 'search.title_and_abstract=(asthma NOT child)', {'OA111'}, id='not across fields widened'),
    pytest.param('au:Topol OR wearable', None, {'OA112'}, id='author or words refused'),
    pytest.param('kw:radiomics AND au:Topol AND tiab:wearable', 'search.title_and_abstract=wearable&filter=keyword.search:radiomics,raw_author_name.search:Topol', {'OA101'}, id='keyword author and words anded'),
    pytest.param('all:asthma AND ti:child', 'search=asthma&filter=title.search:child', {'OA103'}, id='search and title filter'),
    pytest.param('"large language model*"', 'search.title_and_abstract.exact="large language model*"', {'OA204'}, id='phrase truncation whole search'),
    pytest.param('"medical imag*" OR radiolog*', 'search.title_and_abstract.exact=((medical AND imag*) OR radiolog*)', {'OA204', 'OA205'}, id='phrase truncation among others'),
    pytest.param('"large language model*" OR LLM', 'search.title_and_abstract.exact=(("large language" AND model*) OR LLM)', {'OA204', 'OA205'}, id='phrase truncation keeps plain words a phrase'),
    pytest.param('LLM*', 'search.title_and_abstract.exact=LLM*', {'OA204'}, id='three-letter stem'),
    pytest.param('AI*', None, {'OA203'}, id='two-letter stem refused'),
    pytest.param('wom?n', 'search.title_and_abstract.exact=wom?n', {'OA204'}, id='question mark'),
    pytest.param('w?n', 'search.title_and_abstract.exact=w?n', {'OA204'}, id='short inner question mark'),
    pytest.param('"(*ology"', None, {'CP101', 'OA202'}, id='leading wildcard refused'),
    pytest.param('radiolog* AND "medical image"', 'search.title_and_abstract.exact=radiolog* AND "medical image"', {'OA204'}, id='wildcard makes the scope exact'),
    pytest.param('ti:radiolog* AND ab:imaging', 'search.title.exact=radiolog*&filter=abstract.search:imaging', {'OA204'}, id='exact only where the wildcard is'),
    pytest.param('ab:radiolog*', 'filter=abstract.search.exact:radiolog*', {'OA204'}, id='abstract exact filter'),
    pytest.param('au:Smith*', 'filter=raw_author_name.search:Smith', {'OA208'}, id='author wildcard dropped'),
    pytest.param('au:Sm?th', None, {'OA207'}, id='author inner wildcard refused'),
    pytest.param('kw:radiolog*', 'filter=keyword.search:radiolog', {'OA101', 'OA208'}, id='keyword wildcard dropped'),
    pytest.param('"deep lear* netw* mod*"', None, {'OA206'}, id='three wildcards in a phrase refused'),
    pytest.param('"deep lea* network*"', None, {'OA206'}, id='two wildcards need four letters'),
    pytest.param('"deep lear* network*"', 'search.title_and_abstract.exact="deep lear* network*"', {'OA204'}, id='two wildcards with four letters'),
    pytest.param('pain NEAR/3 hip', 'search.title_and_abstract="pain hip"~3', {'OA301'}, id='near words'),
    pytest.param('ti:(pain NEAR/3 hip)', 'search.title="pain hip"~3', {'OA301'}, id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', 'search.title_and_abstract=("pain hip"~2 OR "pain knee"~2 OR "ache hip"~2 OR "ache knee"~2)', {'OA301'}, id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', 'search.title_and_abstract="hip pain knee"~3', {'OA301', 'OA302'}, id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', 'search.title_and_abstract.exact="radiolog* report"~3', {'OA204', 'OA301'}, id='near wildcard'),
    pytest.param(MANY_PAIRS, 'search.title_and_abstract=((a0 OR a1 OR a2 OR a3 OR a4 OR a5 OR a6 OR a7 OR a8 OR a9 OR a10) AND (b0 OR b1 OR b2 OR b3 OR b4 OR b5 OR b6 OR b7 OR b8 OR b9))', {'OA303'}, id='near with too many pairs'),
    pytest.param('pain NEAR/3 colo$r', 'search.title_and_abstract.exact="pain colo*r"~3', {'OA201', 'OA204', 'OA301'}, id='near dollar'),
    pytest.param(LONG_OR, 'search.title_and_abstract=(' + LONG_OR + ')', set(), id='long or group'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", 'search.title_and_abstract=("covid-19" OR "T2-weighted" OR "Alzheimer\'s")', set(), id='punctuation words'),
    pytest.param('asthma AND or AND to', 'search.title_and_abstract=asthma AND "or" AND "to"', set(), id='operator-like words'),
    pytest.param('"a) OR search=(b"', 'search.title_and_abstract="a OR search= b"', {'CP101'}, id='hostile parens equals'),
    pytest.param('"x|y !z"', 'search.title_and_abstract="x y z"', {'CP101'}, id='hostile bar and bang'),
    pytest.param('"a, b"', 'search.title_and_abstract="a b"', {'CP101'}, id='hostile comma'),
    pytest.param('"ti:foo OR abs:bar"', 'search.title_and_abstract="ti foo OR abs bar"', {'CP101'}, id='hostile prefix'),
    pytest.param('"tab\there"', 'search.title_and_abstract="tab here"', {'CP102'}, id='hostile tab'),
    pytest.param('"()"', None, {'CP101', 'CP103'}, id='hostile only punctuation'),
    pytest.param('"a{b}c^2~"', 'search.title_and_abstract="a b c 2"', {'CP101'}, id='hostile braces caret tilde'),
    pytest.param('"a\\\\ OR b"', 'search.title_and_abstract="a OR b"', {'CP101'}, id='hostile backslash'),
    pytest.param('"covid-19: a review"', 'search.title_and_abstract="covid-19 a review"', {'CP101'}, id='hostile colon'),
    pytest.param('"100% & #1"', 'search.title_and_abstract="100% & #1"', set(), id='hostile percent amp hash'),
    pytest.param('"a/b"', 'search.title_and_abstract="a b"', {'CP101'}, id='hostile slash'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', 'search.title_and_abstract.exact=(asthma OR wheez*) AND child*&filter=publication_year:2013-2023', {'OA204'}, id='reference expansion'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', 'search.title_and_abstract.exact=(asthma OR wheez*)', {'OA113', 'OA204'}, id='reference in or drops the limit'),
    pytest.param('tw:asthma', 'search.title_and_abstract=asthma', {'OA107'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', 'search.title_and_abstract="randomized controlled trial"', {'OA110'}, id='field pt no work type'),
    pytest.param('pt:review', 'filter=type:review', {'OA109'}, id='field pt review'),
    pytest.param('pt:(review OR letter)', 'filter=type:review|letter', {'OA109'}, id='field pt group'),
    pytest.param('asthma AND pt:editorial', 'search.title_and_abstract=asthma&filter=type:editorial', {'OA109'}, id='field pt anded'),
    pytest.param('asthma NOT pt:letter', 'search.title_and_abstract=asthma&filter=type:!letter', {'OA109'}, id='field pt under not'),
    pytest.param('asthma OR pt:review', 'search.title_and_abstract=(asthma OR review)', {'OA110'}, id='field pt under or is text'),
    pytest.param('asthma AND pt:("journal article" OR "case reports")', 'search.title_and_abstract=asthma AND ("journal article" OR "case reports")', {'OA110'}, id='field pt partly without type'),
    pytest.param('sh:"drug therapy"', 'search.title_and_abstract="drug therapy"', {'OA108'}, id='field sh'),
    pytest.param('mesh:"Asthma/drug therapy"', 'search.title_and_abstract=Asthma', {'OA106', 'OA115'}, id='mesh with subheading'),
    pytest.param('issn:"1361-8415"', 'filter=primary_location.source.issn:1361-8415', set(), id='field issn'),
    pytest.param('issn:13618415', 'filter=primary_location.source.issn:1361-8415', set(), id='field issn without hyphen'),
    pytest.param('asthma AND issn:(1361-8415 OR 0140-6736)', 'search.title_and_abstract=asthma&filter=primary_location.source.issn:1361-8415|0140-6736', set(), id='issn filter'),
    pytest.param('so:Radiology OR issn:0033-8419', None, {'OA105', 'OA114'}, id='issn or journal refused'),
    pytest.param('asthma OR doi:"10.1038/x"', None, {'OA114'}, id='doi among words refused'),
    pytest.param('doi:("10.1038/a" OR "10.1038/b")', 'filter=doi:10.1038/a|10.1038/b', set(), id='doi several'),
    pytest.param('asthma NOT doi:"10.1038/a"', None, {'OA114'}, id='doi under not refused'),
    pytest.param('colo$r', 'search.title_and_abstract.exact=colo*r', {'OA201', 'OA204'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', 'search.title_and_abstract.exact="colo*r imag*"', {'OA201', 'OA204'}, id='dollar in phrase whole search'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', 'search.title_and_abstract=(Asthma OR asthma)&filter=type:review,language:en|fr', {'OA106', 'OA107', 'OA109', 'OA115'}, id='language additions together'),
    pytest.param('year:2020 AND issn:1361-8415', 'filter=publication_year:2020,primary_location.source.issn:1361-8415', set(), id='filters only'),
]


def _params(query: str) -> dict[str, str]:
    """The interface string read back as the request's parameters."""
    out: dict[str, str] = {}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        out[name] = value
    return out


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert {d.code for d in result.diagnostics} == codes
    if query is None:
        assert result.api is None
        return
    assert result.api_query == query
    assert result.api is not None
    params = dict(result.api.params)
    assert params.pop("per-page") == "1"
    assert "&".join(f"{name}={value}" for name, value in params.items()) == query


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAlex]:
    with FakeOpenAlex(daily_credits=10**9) as server:
        yield server


@pytest.mark.parametrize(("source", "query", "codes"),
                         [case for case in CASES if case.values[1] is not None])
def test_the_fake_accepts_every_query_written(
    fake: FakeOpenAlex, source: str, query: str, codes: set[str]
) -> None:
    """The fake refuses what OpenAlex refuses (wildcards on a stemmed search,
    wildcards inside a phrase among other terms, a bad filter value...):
    every request the target writes must pass."""
    result = querylang.compile_query(source, TARGET)
    assert result.api is not None
    params = {**result.api.params, "api_key": fake.api_key}
    answer = httpx.get(fake.url, params=params, timeout=5)
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["meta"]["count"], int)


def test_the_fake_refuses_what_the_target_avoids(fake: FakeOpenAlex) -> None:
    """The two traps the target steers round are real in the fake."""
    for params in ({"search.title_and_abstract": "radiolog*"},
                   {"search.title_and_abstract.exact": '"medical imag*" OR radiolog*'}):
        answer = httpx.get(fake.url, params={**params, "api_key": fake.api_key}, timeout=5)
        assert answer.status_code == 400
        assert "Wildcards" in answer.json()["message"]


def test_the_request_names_the_key_never_holds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENALEX_API_KEY", "secret-value")
    result = querylang.compile_query("asthma AND year:2020", TARGET)
    api = result.api
    assert api is not None
    assert api.method == "GET"
    assert api.url == "https://api.openalex.org/works"
    assert api.key_env == "OPENALEX_API_KEY" and api.key_param == "api_key"
    assert not api.key_required  # keyless calls still run on a small budget
    assert "secret-value" not in repr(api.to_dict())


def test_the_url_variable_points_the_request_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_OPENALEX_URL", "http://127.0.0.1:9/works")
    api = querylang.compile_query("asthma", TARGET).api
    assert api is not None and api.url == "http://127.0.0.1:9/works"


def test_strict_mode_makes_a_change_of_meaning_an_error() -> None:
    loose = querylang.compile_query('mesh:"Diagnostic Imaging"', TARGET)
    assert loose.query is not None
    strict = querylang.compile_query('mesh:"Diagnostic Imaging"', TARGET, strict=True)
    assert strict.query is None
    assert [d.code for d in strict.errors] == ["OA106"]


def test_a_multi_line_strategy_is_one_request_per_line() -> None:
    text = ("1. mesh:Asthma OR asthma* OR wheez*\n"
            "2. child* OR paediatric* OR pediatric*\n"
            "3. #1 AND #2 AND year:2000- AND lang:english\n"
            "4. #3 NOT pt:editorial\n")
    result = querylang.compile_query(text, TARGET)
    assert result.query == (
        "search.title_and_abstract.exact=(Asthma OR asthma* OR wheez*) AND "
        "(child* OR paediatric* OR pediatric*)&filter=publication_year:>1999,"
        "language:en,type:!editorial")
    assert {d.code for d in result.diagnostics} == {"OA106", "OA109", "OA204"}


def test_the_example_strategy_compiles() -> None:
    from pathlib import Path

    text = Path("examples/llm-medical-imaging.qry").read_text(encoding="utf-8")
    result = querylang.compile_query(text, TARGET)
    assert result.query is not None
    params = _params(result.query)
    assert set(params) == {"search.title_and_abstract.exact", "filter"}
    assert params["filter"] == "publication_year:2013-2023,language:en"
    assert '"large language" AND model*' in params["search.title_and_abstract.exact"]


@pytest.mark.parametrize("phrase", [
    "a) OR search=(b", "x[mh] OR y", "a, b", "x|y", "!x", "a&filter=type:review",
    "100% & #1", "a\\ OR b", "covid-19: a review", "a~2", "a^3", "a/b/", "tab\there",
])
def test_hostile_phrases_keep_the_structure(phrase: str) -> None:
    assert_structure_kept(TARGET, phrase)


def test_an_ampersand_stays_inside_its_parameter() -> None:
    """The interface string joins parameters with &: a term's & is sent
    inside its own parameter's value (the request holds each value apart)."""
    result = querylang.compile_query('"a&filter=type:review"', TARGET)
    assert result.api is not None
    assert set(result.api.params) == {"search.title_and_abstract", "per-page"}


def test_a_long_search_parameter_is_warned_about() -> None:
    terms = " OR ".join(f"longterm{i:03d}" for i in range(200))
    result = querylang.compile_query(f"all:({terms})", TARGET)
    assert result.query is not None
    assert {d.code for d in result.diagnostics} == {"OA103", "OA401"}
    short = querylang.compile_query(f"tiab:({terms})", TARGET)
    assert {d.code for d in short.diagnostics} == set()  # no cap on the title-and-abstract one


def test_a_request_over_the_line_limit_is_warned_about() -> None:
    terms = " OR ".join(f"verylongsearchterm{i:04d}" for i in range(400))
    result = querylang.compile_query(terms, TARGET)
    assert result.query is not None
    assert "OA402" in {d.code for d in result.diagnostics}


def test_every_openalex_code_is_raised_by_a_case() -> None:
    raised = {code for case in CASES for code in case.values[2]}
    tested_apart = {"OA401", "OA402"}
    assert {info.code for info in CODES} - tested_apart <= raised


def test_every_openalex_code_is_registered_and_explained() -> None:
    for info in CODES:
        assert info.code.startswith("OA")
        assert REGISTRY[info.code] is info
        assert info.title and info.explanation and info.example and info.instead


def test_the_phrase_split_names_what_is_searched() -> None:
    result = querylang.compile_query('"large language model*" OR LLM', TARGET)
    said = [d.message for d in result.diagnostics if d.code == "OA205"]
    assert said == ['OpenAlex keeps a wildcard inside a phrase only when the phrase is the whole '
                    'search: "large language model*" is searched as "large language" AND model* '
                    "(broader)"]
