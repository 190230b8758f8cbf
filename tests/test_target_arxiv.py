"""Golden tests: the arXiv target (generated from reviewed output; edit by hand).

Each case: portable source, the expected interface string (None: refused),
and the set of diagnostic codes. Plus the API request, strict mode,
hostile terms keeping the query's structure, and every AX code covered.
"""

from __future__ import annotations

import pytest

import querylang
from tests.compile_helpers import LONG_OR

TARGET = "arxiv"

CASES = [
    pytest.param('ti:asthma', 'ti:asthma', set(), id='field ti'),
    pytest.param('ab:asthma', 'abs:asthma', set(), id='field ab'),
    pytest.param('tiab:asthma', '(ti:asthma OR abs:asthma)', set(), id='field tiab'),
    pytest.param('asthma', '(ti:asthma OR abs:asthma)', set(), id='default field'),
    pytest.param('kw:asthma', 'all:asthma', {'AX101'}, id='field kw'),
    pytest.param('topic:asthma', '(ti:asthma OR abs:asthma)', {'AX102'}, id='field topic'),
    pytest.param('all:asthma', 'all:asthma', set(), id='field all'),
    pytest.param('au:"Smith J"', 'au:Smith', {'AX107'}, id='field au'),
    pytest.param('so:Radiology', 'jr:Radiology', set(), id='field so'),
    pytest.param('mesh:"Diagnostic Imaging"', '(ti:"Diagnostic Imaging" OR abs:"Diagnostic Imaging")', {'AX103'}, id='field mesh'),
    pytest.param('mesh-noexp:Asthma', '(ti:Asthma OR abs:Asthma)', {'AX103'}, id='field mesh-noexp'),
    pytest.param('mesh-major:Asthma', '(ti:Asthma OR abs:Asthma)', {'AX103'}, id='field mesh-major'),
    pytest.param('doi:"10.21037/qims-24-89"', None, {'AX104'}, id='field doi'),
    pytest.param('title:asthma', 'ti:asthma', set(), id='alias title'),
    pytest.param('asthma AND year:2013-2023', '(ti:asthma OR abs:asthma) AND submittedDate:[201301010000 TO 202312312359]', {'AX106'}, id='year range'),
    pytest.param('asthma AND year:2013-', '(ti:asthma OR abs:asthma) AND submittedDate:[201301010000 TO 300012312359]', {'AX106'}, id='year open end'),
    pytest.param('asthma AND year:-2023', '(ti:asthma OR abs:asthma) AND submittedDate:[180001010000 TO 202312312359]', {'AX106'}, id='year open start'),
    pytest.param('asthma AND year:2020', '(ti:asthma OR abs:asthma) AND submittedDate:[202001010000 TO 202012312359]', {'AX106'}, id='year single'),
    pytest.param('asthma AND lang:english', '(ti:asthma OR abs:asthma)', {'AX105'}, id='lang name'),
    pytest.param('asthma AND lang:de', '(ti:asthma OR abs:asthma)', {'AX105'}, id='lang code'),
    pytest.param('ti:asthma AND year:2013-2023 AND lang:english', 'ti:asthma AND submittedDate:[201301010000 TO 202312312359]', {'AX105', 'AX106'}, id='year and lang'),
    pytest.param('asthma AND lang:(english OR french)', '(ti:asthma OR abs:asthma)', {'AX105'}, id='lang several'),
    pytest.param('asthma AND lang:(english)', '(ti:asthma OR abs:asthma)', {'AX105'}, id='lang group of one'),
    pytest.param('1. asthma AND lang:(en OR fr)\n2. child* NOT #1', '(ti:child* OR abs:child*) ANDNOT (ti:asthma OR abs:asthma)', {'AX105'}, id='lang several under NOT via reference'),
    pytest.param('asthma OR wheeze', '(ti:asthma OR abs:asthma) OR (ti:wheeze OR abs:wheeze)', set(), id='or'),
    pytest.param('asthma AND child', '(ti:asthma OR abs:asthma) AND (ti:child OR abs:child)', set(), id='and'),
    pytest.param('asthma NOT animals', '(ti:asthma OR abs:asthma) ANDNOT (ti:animals OR abs:animals)', set(), id='not'),
    pytest.param('(asthma OR wheeze) AND (child OR infant) NOT adult', '(((ti:asthma OR abs:asthma) OR (ti:wheeze OR abs:wheeze)) AND ((ti:child OR abs:child) OR (ti:infant OR abs:infant))) ANDNOT (ti:adult OR abs:adult)', set(), id='nesting'),
    pytest.param('((a1 OR b1) AND (c1 OR (d1 NOT e1)))', '((ti:a1 OR abs:a1) OR (ti:b1 OR abs:b1)) AND ((ti:c1 OR abs:c1) OR ((ti:d1 OR abs:d1) ANDNOT (ti:e1 OR abs:e1)))', set(), id='deep nesting'),
    pytest.param('ti:(asthma OR wheeze) AND ab:child', '(ti:asthma OR ti:wheeze) AND abs:child', set(), id='mixed fields'),
    pytest.param('ti:asthma OR so:Thorax OR wheeze', 'ti:asthma OR jr:Thorax OR (ti:wheeze OR abs:wheeze)', set(), id='or across fields'),
    pytest.param('"large language model*"', '(ti:"large language model*" OR abs:"large language model*")', {'AX202'}, id='phrase truncation'),
    pytest.param('"medical imag*" OR radiolog*', '(ti:"medical imag*" OR abs:"medical imag*") OR (ti:radiolog* OR abs:radiolog*)', {'AX202'}, id='phrase and word truncation'),
    pytest.param('LLM*', '(ti:LLM* OR abs:LLM*)', set(), id='short stem'),
    pytest.param('AI*', '(ti:AI* OR abs:AI*)', set(), id='two-letter stem'),
    pytest.param('wom?n', '(ti:wom?n OR abs:wom?n)', set(), id='question mark'),
    pytest.param('w?n', '(ti:w?n OR abs:w?n)', set(), id='short inner wildcard'),
    pytest.param('pain NEAR/3 hip', '(ti:pain OR abs:pain) AND (ti:hip OR abs:hip)', {'AX301'}, id='near words'),
    pytest.param('ti:(pain NEAR/3 hip)', 'ti:pain AND ti:hip', {'AX301'}, id='near in title'),
    pytest.param('(pain OR ache) NEAR/2 (hip OR knee)', '((ti:pain OR abs:pain) OR (ti:ache OR abs:ache)) AND ((ti:hip OR abs:hip) OR (ti:knee OR abs:knee))', {'AX301'}, id='near or groups'),
    pytest.param('"hip pain" NEAR/3 knee', '(ti:"hip pain" OR abs:"hip pain") AND (ti:knee OR abs:knee)', {'AX301'}, id='near phrase'),
    pytest.param('radiolog* NEAR/3 report', '(ti:radiolog* OR abs:radiolog*) AND (ti:report OR abs:report)', {'AX301'}, id='near wildcard'),
    pytest.param('kw:(pain NEAR/3 hip)', 'all:pain AND all:hip', {'AX101', 'AX301'}, id='near keyword field'),
    pytest.param('topic:(pain NEAR/3 hip)', '(ti:pain OR abs:pain) AND (ti:hip OR abs:hip)', {'AX301', 'AX102'}, id='near topic'),
    pytest.param('pain NEAR/20 hip', '(ti:pain OR abs:pain) AND (ti:hip OR abs:hip)', {'AX301'}, id='near large distance'),
    pytest.param('ti:(pain NEAR/3 hip) AND child', '(ti:pain AND ti:hip) AND (ti:child OR abs:child)', {'AX301'}, id='near in and'),
    pytest.param(LONG_OR, '(ti:term01 OR abs:term01) OR (ti:term02 OR abs:term02) OR (ti:term03 OR abs:term03) OR (ti:term04 OR abs:term04) OR (ti:term05 OR abs:term05) OR (ti:term06 OR abs:term06) OR (ti:term07 OR abs:term07) OR (ti:term08 OR abs:term08) OR (ti:term09 OR abs:term09) OR (ti:term10 OR abs:term10) OR (ti:term11 OR abs:term11) OR (ti:term12 OR abs:term12) OR (ti:term13 OR abs:term13) OR (ti:term14 OR abs:term14) OR (ti:term15 OR abs:term15) OR (ti:term16 OR abs:term16) OR (ti:term17 OR abs:term17) OR (ti:term18 OR abs:term18) OR (ti:term19 OR abs:term19) OR (ti:term20 OR abs:term20) OR (ti:term21 OR abs:term21) OR (ti:term22 OR abs:term22) OR (ti:term23 OR abs:term23) OR (ti:term24 OR abs:term24) OR (ti:term25 OR abs:term25) OR (ti:term26 OR abs:term26)', set(), id='long or group'),
    pytest.param('ab:(asthma OR wheez*)', 'abs:asthma OR abs:wheez*', set(), id='grouped abstract'),
    pytest.param("covid-19 OR T2-weighted OR Alzheimer's", '(ti:"covid-19" OR abs:"covid-19") OR (ti:"T2-weighted" OR abs:"T2-weighted") OR (ti:"Alzheimer\'s" OR abs:"Alzheimer\'s")', set(), id='punctuation words'),
    pytest.param('asthma AND near AND same', '(ti:asthma OR abs:asthma) AND (ti:near OR abs:near) AND (ti:same OR abs:same)', set(), id='operator-like words'),
    pytest.param('all:(GPT AND "medical image")', 'all:GPT AND all:"medical image"', set(), id='ieee issue example'),
    pytest.param('"a) OR TS=(b"', '(ti:"a OR TS= b" OR abs:"a OR TS= b")', {'CP101', 'QL205'}, id='hostile parens equals'),
    pytest.param('"x[mh] OR y"', '(ti:"x mh OR y" OR abs:"x mh OR y")', {'CP101', 'QL205'}, id='hostile tag'),
    pytest.param('"ti:foo OR abs:bar"', '(ti:"ti foo OR abs bar" OR abs:"ti foo OR abs bar")', {'CP101'}, id='hostile prefix'),
    pytest.param('"All Metadata: x) OR (y"', '(ti:"All Metadata x OR y" OR abs:"All Metadata x OR y")', {'CP101'}, id='hostile ieee field'),
    pytest.param('"covid\u200b19"', None, {'QL120'}, id='hostile zero width'),
    pytest.param('"evil\u202e text"', None, {'QL120'}, id='hostile rtl override'),
    pytest.param('"tab\there"', '(ti:"tab here" OR abs:"tab here")', {'CP102'}, id='hostile tab'),
    pytest.param('"100% & #1"', '(ti:"100% & #1" OR abs:"100% & #1")', set(), id='hostile percent amp hash'),
    pytest.param('"()"', None, {'CP103', 'CP101'}, id='hostile only punctuation'),
    pytest.param('"(*ology"', None, {'AX202', 'AX201', 'CP101'}, id='hostile leading wildcard'),
    pytest.param('"a{b}c^2~"', '(ti:"a b c 2" OR abs:"a b c 2")', {'CP101'}, id='hostile braces'),
    pytest.param('"a\\\\ OR b"', '(ti:"a OR b" OR abs:"a OR b")', {'CP101'}, id='hostile backslash'),
    pytest.param('"covid-19: a review"', '(ti:"covid-19 a review" OR abs:"covid-19 a review")', {'CP101'}, id='hostile colon'),
    pytest.param('radiolog* OR imag* OR segment*', '(ti:radiolog* OR abs:radiolog*) OR (ti:imag* OR abs:imag*) OR (ti:segment* OR abs:segment*)', set(), id='three wildcard words'),
    pytest.param('(a1 NEAR/2 b1) OR ti:c1 OR d1 OR (e1 AND f1)', '((ti:a1 OR abs:a1) AND (ti:b1 OR abs:b1)) OR ti:c1 OR (ti:d1 OR abs:d1) OR ((ti:e1 OR abs:e1) AND (ti:f1 OR abs:f1))', {'AX301'}, id='or regroups near and fields'),
    pytest.param('1. asthma OR wheez*\n2. #1 AND child* AND year:2013-2023', '((ti:asthma OR abs:asthma) OR (ti:wheez* OR abs:wheez*)) AND (ti:child* OR abs:child*) AND submittedDate:[201301010000 TO 202312312359]', {'AX106'}, id='reference expansion'),
    pytest.param('1. asthma AND year:2020\n2. #1 OR wheez*', '((ti:asthma OR abs:asthma) AND submittedDate:[202001010000 TO 202012312359]) OR (ti:wheez* OR abs:wheez*)', {'AX106'}, id='reference in or carries limit'),
    # Issue 12 item 1: tw:, pt:, sh:, heading/subheading, issn: and the $ wildcard.
    pytest.param('tw:asthma', '(ti:asthma OR abs:asthma)', {'AX311'}, id='field tw'),
    pytest.param('pt:"randomized controlled trial"', '(ti:"randomized controlled trial" OR abs:"randomized controlled trial")', {'AX312'}, id='field pt no document type'),
    pytest.param('pt:review', '(ti:review OR abs:review)', {'AX312'}, id='field pt review'),
    pytest.param('pt:(review OR letter)', '(ti:review OR abs:review) OR (ti:letter OR abs:letter)', {'AX312'}, id='field pt group'),
    pytest.param('pt:"systematic review"', '(ti:"systematic review" OR abs:"systematic review")', {'AX312'}, id='field pt systematic review'),
    pytest.param('asthma AND pt:editorial', '(ti:asthma OR abs:asthma) AND (ti:editorial OR abs:editorial)', {'AX312'}, id='field pt anded'),
    pytest.param('asthma NOT pt:letter', '(ti:asthma OR abs:asthma) ANDNOT (ti:letter OR abs:letter)', {'AX312'}, id='field pt under not'),
    pytest.param('sh:"drug therapy"', '(ti:"drug therapy" OR abs:"drug therapy")', {'AX313'}, id='field sh'),
    pytest.param('sh:DT', '(ti:"drug therapy" OR abs:"drug therapy")', {'AX313'}, id='field sh abbreviation'),
    pytest.param('sh:"prevention & control"', '(ti:"prevention and control" OR abs:"prevention and control")', {'AX313'}, id='field sh ampersand'),
    pytest.param('mesh:"Asthma/drug therapy"', '(ti:Asthma OR abs:Asthma)', {'AX103', 'AX314'}, id='mesh with subheading'),
    pytest.param('mesh-noexp:"Asthma/drug therapy"', '(ti:Asthma OR abs:Asthma)', {'AX103', 'AX314'}, id='mesh-noexp with subheading'),
    pytest.param('mesh-major:"Asthma/prevention & control"', '(ti:Asthma OR abs:Asthma)', {'AX103', 'AX314'}, id='mesh-major with subheading'),
    pytest.param('mesh:"Asthma/dt"', '(ti:Asthma OR abs:Asthma)', {'AX103', 'AX314'}, id='mesh subheading abbreviation'),
    pytest.param('issn:"1361-8415"', None, {'AX315'}, id='field issn'),
    pytest.param('issn:13618415', None, {'AX315'}, id='field issn without hyphen'),
    pytest.param('so:Radiology OR issn:0033-8419', None, {'AX315'}, id='issn or journal'),
    pytest.param('asthma AND issn:1361-8415', '(ti:asthma OR abs:asthma)', {'AX316'}, id='issn anded as a journal filter'),
    pytest.param('1. issn:(1361-8415 OR 0140-6736)\n2. asthma\n3. #1 AND #2', '(ti:asthma OR abs:asthma)', {'AX316'}, id='issn filter through a reference'),
    pytest.param('year:2020 AND issn:1361-8415', None, {'AX106', 'AX315'}, id='issn with only a limit beside it'),
    pytest.param('colo$r', '(ti:colo*r OR abs:colo*r)', {'AX310'}, id='dollar wildcard'),
    pytest.param('"colo$r imag*"', '(ti:"colo*r imag*" OR abs:"colo*r imag*")', {'AX202', 'AX310'}, id='dollar wildcard in phrase'),
    pytest.param('co$r', '(ti:co*r OR abs:co*r)', {'AX310'}, id='dollar wildcard short stem'),
    pytest.param('pain NEAR/3 colo$r', '(ti:pain OR abs:pain) AND (ti:colo*r OR abs:colo*r)', {'AX301', 'AX310'}, id='dollar wildcard in near'),
    pytest.param('"$100 cost"', '(ti:"$100 cost" OR abs:"$100 cost")', set(), id='dollar sign starting a word'),
    pytest.param('"US$ cost"', '(ti:"US* cost" OR abs:"US* cost")', {'AX202', 'AX310'}, id='hostile dollar'),
    pytest.param('1. mesh:"Asthma/drug therapy" OR tw:asthma\n2. #1 AND pt:review AND lang:(english OR french)', '((ti:Asthma OR abs:Asthma) OR (ti:asthma OR abs:asthma)) AND (ti:review OR abs:review)', {'AX103', 'AX105', 'AX311', 'AX312', 'AX314'}, id='language additions together'),
]


@pytest.mark.parametrize(("source", "query", "codes"), CASES)
def test_golden(source: str, query: str | None, codes: set[str]) -> None:
    result = querylang.compile_query(source, TARGET)
    assert result.query == query
    assert {d.code for d in result.diagnostics} == codes
    if query is None:
        assert result.api is None
    else:
        assert result.api_query == query
