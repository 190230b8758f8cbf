"""Issue 12 item 1: the constructs published strategies use.

``tw:``, ``pt:``, ``sh:``, ``mesh:"Heading/subheading"``, ``issn:``, the
``$`` wildcard and several languages in one limit: how they parse, what the
checks say, and what each database gets (the golden rows of each target are
in tests/test_target_*.py; these tests cover the rules behind them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import querylang
from querylang import analyze
from querylang.ast import Field, Phrase, Word, dollar_wildcard
from querylang.cli import app
from querylang.codes import REGISTRY
from querylang.compiler import compile_text
from querylang.diagnostics import Severity
from querylang.printer import format_strategy
from querylang.vocab import (
    PUBLICATION_TYPES,
    SUBHEADINGS,
    issn_problem,
    normal_issn,
    publication_type,
    subheading,
)
from tests.fakes.fixtures import FakeApis

TARGETS = ("pubmed", "wos", "arxiv", "ieee")

#: Each addition as a whole strategy: what a review's appendix holds.
STRATEGY = (
    "1. mesh:\"Asthma/drug therapy\" OR tw:(asthma OR wheez*) OR colo$r\n"
    '2. pt:("randomized controlled trial" OR review) OR sh:"adverse effects"\n'
    "3. #1 AND #2 AND lang:(english OR french)\n"
)


def codes_of(source: str, target: str, **options: object) -> set[str]:
    return {d.code for d in querylang.compile_query(source, target, **options).diagnostics}


def only_expr(source: str) -> object:
    analysis = analyze(source)
    assert analysis.ok, analysis.diagnostics
    assert analysis.strategy is not None
    return analysis.strategy.final.expr


# -- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("tw:asthma", Field("tw", Word("asthma"))),
        ("textword:asthma", Field("tw", Word("asthma"))),
        ('pt:"randomized controlled trial"', Field("pt", Phrase("randomized controlled trial"))),
        ("publication-type:review", Field("pt", Word("review"))),
        ('sh:"drug therapy"', Field("sh", Phrase("drug therapy"))),
        ("subheading:DT", Field("sh", Word("DT"))),
        ('mesh:"Asthma/drug therapy"', Field("mesh", Phrase("Asthma/drug therapy"))),
        ("mesh-major:Asthma/DT", Field("mesh-major", Word("Asthma/DT"))),
        ("issn:1361-8415", Field("issn", Word("1361-8415"))),
        ("ISSN:1050-124X", Field("issn", Word("1050-124X"))),
        ("colo$r", Word("colo$r")),
        ("behavio$r*", Word("behavio$r*")),
        ("l?chee$", Word("l?chee$")),
    ],
)
def test_new_forms_parse(source: str, tree: object) -> None:
    assert only_expr(source) == tree


def test_fmt_writes_the_canonical_names_and_keeps_the_dollar() -> None:
    analysis = analyze(
        "textword:asthma OR publication-type:review OR subheading:DT OR issn:13618415 "
        'OR colo$r OR "colo$r x" AND lang:(en OR fr)'
    )
    assert analysis.strategy is not None
    text = format_strategy(analysis.strategy)
    assert "tw:asthma OR pt:review OR sh:DT OR issn:13618415 OR colo$r" in text
    assert '"colo$r x"' in text and "lang:(english OR french)" in text
    again = analyze(text)
    assert again.strategy == analysis.strategy


def test_a_dollar_cannot_start_a_word() -> None:
    (diagnostic,) = analyze("asthma OR $colour").diagnostics
    assert diagnostic.code == "QL001"
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 11)
    assert "wildcard cannot start a word" in diagnostic.message
    assert diagnostic.hint is not None and "colo$r" in diagnostic.hint


@pytest.mark.parametrize(
    ("text", "wildcard"),
    [("colo$r", True), ("US$", True), ("$100 cost", False), ("a $ b", False),
     ("colo$r imaging", True), ("no dollar", False)],
)
def test_a_dollar_is_a_wildcard_after_a_character_of_its_word(text: str, wildcard: bool) -> None:
    assert dollar_wildcard(text) is wildcard
    assert Phrase(text).has_wildcard is (wildcard or "*" in text or "?" in text)


def test_several_languages_in_one_limit_already_exist() -> None:
    results = {t: querylang.compile_query("asthma AND lang:(english OR french)", t) for t in TARGETS}
    assert results["pubmed"].query == "asthma[tiab] AND (english[la] OR french[la])"
    assert results["wos"].query == "(TI=asthma OR AB=asthma) AND LA=(English OR French)"


# -- checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "message", "hint"),
    [
        ("pt:reveiw", "QL301", "reveiw is not a PubMed publication type", 'pt:"review"'),
        ('pt:"randomised controlled trial"', "QL301", "not a PubMed publication type",
         'pt:"randomized controlled trial"'),
        ('sh:"drug therapie"', "QL302", "'drug therapie' is not a MeSH subheading",
         'sh:"drug therapy"'),
        ('mesh:"Asthma/drug treatment"', "QL302", "'drug treatment' is not a MeSH subheading",
         'mesh:"Asthma/drug therapy"'),
        ('mesh:"Asthma/drug therapy/diet therapy"', "QL303", "names 2 subheadings",
         'mesh:"Asthma/drug therapy" OR mesh:"Asthma/diet therapy"'),
        ('mesh-noexp:"/drug therapy"', "QL303", "a / must stand between",
         'mesh-noexp:"Asthma"'),
        ('sh:"Asthma/drug therapy"', "QL304", "sh: takes a subheading only",
         'mesh:"Asthma/drug therapy"'),
        ("issn:1361-841", "QL305", "is not an ISSN", "so:"),
        ("issn:ABCD-EFGH", "QL305", "is not an ISSN", "so:"),
        ("issn:1361-8416", "QL306", "check digit is 6 but the seven digits before it give 5",
         "ISSN Portal"),
        ("pt:(review NEAR/3 letter)", "QL307", "NEAR between pt: values", "pt:(review OR letter)"),
        ("asthma AND (sh:therapy NEAR/2 sh:surgery)", "QL307", "NEAR between sh: values", "OR"),
    ],
)
def test_checks_explain_each_bad_value(source: str, code: str, message: str, hint: str) -> None:
    found = [d for d in analyze(source).diagnostics if d.code == code]
    assert len(found) == 1, analyze(source).diagnostics
    assert message in found[0].message
    assert found[0].hint is not None and hint in found[0].hint
    assert found[0].severity is REGISTRY[code].severity


@pytest.mark.parametrize(
    "source",
    [
        'pt:("randomized controlled trial" OR "Research Support, N.I.H., Extramural")',
        "pt:REVIEW", 'pt:"Meta-Analysis"', 'sh:"prevention and control"', "sh:dt",
        'mesh:"Asthma/prevention & control"', "mesh-major:Asthma/TH", "issn:(0140-6736 OR 1050-124x)",
        "issn:13618415", "pt:random*", 'sh:"drug therap*"',
        # an inner field is checked under its own rules, not the outer one's
        'pt:(review OR ti:"asthma/drug")',
    ],
)
def test_good_values_pass_the_checks(source: str) -> None:
    assert analyze(source).diagnostics == []


def test_an_unknown_publication_type_is_a_warning_and_still_compiles() -> None:
    result = querylang.compile_query("pt:whitepaper", "pubmed")
    assert result.query == "whitepaper[pt]"
    assert [d.severity for d in result.diagnostics if d.code == "QL301"] == [Severity.WARNING]


def test_a_bad_subheading_or_issn_stops_every_target() -> None:
    for source in ('mesh:"Asthma/drug treatment"', "issn:1361-8416"):
        for target in TARGETS:
            assert querylang.compile_query(source, target).query is None


# -- vocabularies ---------------------------------------------------------------------------


def test_the_76_subheadings_have_distinct_abbreviations() -> None:
    assert len(SUBHEADINGS) == 76
    assert len(set(SUBHEADINGS.values())) == 76
    assert subheading("DT") == subheading("drug therapy") == "drug therapy"
    assert subheading("Prevention and Control") == "prevention & control"
    assert subheading("drug") is None


def test_publication_types_are_lower_case_and_unique() -> None:
    assert len(set(PUBLICATION_TYPES)) == len(PUBLICATION_TYPES)
    assert all(name == name.lower() for name in PUBLICATION_TYPES)
    assert publication_type("Randomized  Controlled Trial") == "randomized controlled trial"


@pytest.mark.parametrize(
    ("text", "normal", "valid"),
    [
        ("0140-6736", "0140-6736", True),  # The Lancet
        ("0028-4793", "0028-4793", True),  # N Engl J Med
        ("13618415", "1361-8415", True),  # Med Image Anal
        ("1050-124x", "1050-124X", True),  # check digit X
        ("0000-006X", "0000-006X", True),
        ("1361-8416", "1361-8416", False),
        ("1050-1241", "1050-1241", False),
        ("136-18415", None, False),
        ("1361-84155", None, False),
    ],
)
def test_issn_normal_form_and_check_digit(text: str, normal: str | None, valid: bool) -> None:
    assert normal_issn(text) == normal
    assert (issn_problem(text) is None) is valid


# -- what each database gets -----------------------------------------------------------------


def test_pubmed_writes_each_addition_exactly() -> None:
    result = querylang.compile_query(STRATEGY, "pubmed")
    assert result.query == (
        '("Asthma/drug therapy"[mh] OR (asthma[tw] OR wheez*[tw]) OR colo*r[tiab]) AND '
        '(("randomized controlled trial"[pt] OR review[pt]) OR "adverse effects"[sh]) AND '
        "(english[la] OR french[la])"
    )
    assert {d.code for d in result.diagnostics} == {"PM310"}


def test_wos_interface_and_starter_api_both_take_dt_and_is() -> None:
    result = querylang.compile_query("asthma AND pt:review AND issn:1361-8415", "wos")
    assert result.query == "(TI=asthma OR AB=asthma) AND DT=Review AND IS=1361-8415"
    assert result.api_query == "TS=asthma AND DT=Review AND IS=1361-8415"
    # WS111 for the default field only: DT and IS are Starter API tags
    assert {d.code for d in result.diagnostics} == {"WS111"}


@pytest.mark.parametrize(
    ("value", "written", "code"),
    [
        ("review", "DT=Review", None),
        ("editorial", 'DT="Editorial Material"', None),
        ("letter", "DT=Letter", None),
        ("news", 'DT="News Item"', None),
        ('"published erratum"', "DT=Correction", None),
        ('"retracted publication"', 'DT="Retracted Publication"', None),
        ('"systematic review"', "DT=Review", "WS314"),
        ("congress", 'DT="Proceedings Paper"', "WS314"),
        ('"journal article"', "DT=Article", "WS314"),
        ('"randomized controlled trial"', 'TS="randomized controlled trial"', "WS315"),
        ('"case reports"', 'TS="case reports"', "WS315"),
        ("whitepaper", "TS=whitepaper", "WS315"),
    ],
)
def test_wos_document_types(value: str, written: str, code: str | None) -> None:
    result = querylang.compile_query(f"pt:{value}", "wos")
    assert result.query == written
    assert {d.code for d in result.diagnostics} - {"QL301"} == ({code} if code else set())


def test_wos_publication_types_are_never_gathered_under_one_tag() -> None:
    # DT= and TS= cannot share one tag: each type is written on its own
    result = querylang.compile_query('pt:(review OR "case reports") AND tw:asthma', "wos")
    assert result.query == '(DT=Review OR TS="case reports") AND TS=asthma'


def test_a_widening_under_not_is_said_the_other_way_round() -> None:
    result = querylang.compile_query('asthma NOT pt:"systematic review"', "wos")
    (widened,) = [d for d in result.diagnostics if d.code == "WS314"]
    assert "inside NOT" in widened.message and widened.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("target", "query", "code"),
    [
        ("pubmed", "colo*r[tiab]", "PM310"),
        ("wos", "(TI=colo$r OR AB=colo$r)", None),
        ("arxiv", "(ti:colo*r OR abs:colo*r)", "AX310"),
        ("ieee", '("Document Title":colo*r OR "Abstract":colo*r)', "IE310"),
    ],
)
def test_dollar_is_kept_by_wos_and_widened_elsewhere(target: str, query: str, code: str | None) -> None:
    result = querylang.compile_query("colo$r", target)
    assert result.query == query
    assert code is None or code in {d.code for d in result.diagnostics}
    if code is not None:
        (diagnostic,) = [d for d in result.diagnostics if d.code == code]
        assert "colo$r" in diagnostic.message and "broader" in diagnostic.message


def test_wos_stem_rule_counts_the_dollar_as_a_wildcard() -> None:
    assert querylang.compile_query("co$r", "wos").query is None  # inner wildcard, stem 2
    assert codes_of("ti:co$r", "wos") == {"WS203"}
    result = querylang.compile_query("ti:ab$", "wos")  # trailing: stem kept, said
    assert result.query == "TI=ab" and codes_of("ti:ab$", "wos") == {"WS201"}
    assert querylang.compile_query("so:ab$", "wos").query == "SO=ab$"  # no rule in SO


def test_wos_refuses_dollar_in_quotes_so_it_becomes_a_star() -> None:
    result = querylang.compile_query('ti:"colo$r imaging"', "wos")
    assert result.query == 'TI="colo*r imaging"'
    assert codes_of('ti:"colo$r imaging"', "wos") == {"WS310"}
    # a dollar sign starting a word is not a wildcard: replaced, as before
    assert querylang.compile_query('ti:"$100 cost"', "wos").query == 'TI="100 cost"'


def test_a_dollar_sign_starting_a_word_is_written_as_is_elsewhere() -> None:
    for target in ("pubmed", "arxiv", "ieee"):
        result = querylang.compile_query('ti:"$100 cost"', target)
        assert result.query is not None and "$100 cost" in result.query
        assert result.diagnostics == ()


@pytest.mark.parametrize("target", ["wos", "arxiv", "ieee"])
def test_a_subheading_is_left_out_where_there_is_no_mesh(target: str) -> None:
    result = querylang.compile_query('mesh:"Asthma/drug therapy"', target)
    assert result.query is not None and "drug" not in result.query and "Asthma" in result.query
    code = {"wos": "WS312", "arxiv": "AX314", "ieee": "IE314"}[target]
    (diagnostic,) = [d for d in result.diagnostics if d.code == code]
    assert "'drug therapy' is left out (broader)" in diagnostic.message


@pytest.mark.parametrize("target", ["arxiv", "ieee"])
def test_issn_is_refused_with_a_hint_where_the_query_has_no_issn_field(target: str) -> None:
    result = querylang.compile_query("issn:1361-8415 OR asthma", target)
    assert result.query is None
    (error,) = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert error.hint is not None and "so:" in error.hint


def test_every_change_of_meaning_becomes_an_error_under_strict() -> None:
    sources = {
        "pubmed": ["colo$r"],
        "wos": ["tw:asthma", 'pt:"systematic review"', "pt:\"case reports\"", 'sh:"drug therapy"',
                'mesh:"Asthma/drug therapy"', '"colo$r imaging"'],
        "arxiv": ["colo$r", "tw:asthma", "pt:review", 'sh:"drug therapy"',
                  'mesh:"Asthma/drug therapy"'],
        "ieee": ["colo$r", "tw:asthma", "pt:review", 'sh:"drug therapy"',
                 'mesh:"Asthma/drug therapy"'],
    }
    for target, texts in sources.items():
        for text in texts:
            result = querylang.compile_query(text, target, strict=True)
            assert result.query is None, (target, text)
            lossy = [d for d in result.diagnostics if REGISTRY[d.code].changes_meaning]
            assert lossy and all(d.severity is Severity.ERROR for d in lossy), (target, text)


def test_every_target_compiles_the_whole_strategy_and_its_history() -> None:
    analysis, results = compile_text(STRATEGY, TARGETS)
    assert analysis.ok
    for target, result in results.items():
        assert result.query is not None, (target, result.diagnostics)
    wos = results["wos"]
    assert wos.query is not None and "DT=Review" in wos.query and "LA=(English OR French)" in wos.query


def test_compile_history_keeps_set_numbers_with_the_new_fields() -> None:
    result = CliRunner().invoke(app, ["compile", "-q", STRATEGY, "--to", "wos", "--history", "--plain"])
    assert result.exit_code == 0, result.output
    assert "#1 AND #2 AND LA=(English OR French)" in result.stdout
    assert 'DT=Review' in result.stdout


# -- a run against the fakes ------------------------------------------------------------------


def test_run_sends_the_new_fields_and_the_fakes_accept_them(
    fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Starter API fake refuses any tag outside its list (HTTP 400, as the
    real one): DT and IS must pass; PubMed's echo must read [is] and [pt] back
    as the same search (no "PubMed read the query as" note)."""
    import json

    monkeypatch.setenv("QUERYLANG_HOME", str(tmp_path))
    fake_apis.pubmed.rate_limit = None
    for name in TARGETS:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    strategy = "asthma AND pt:review AND issn:1361-8415 AND tw:child*"
    result = CliRunner().invoke(
        app, ["run", "-q", strategy, "--db", "pubmed,wos", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    targets = json.loads(result.stdout)["targets"]
    for name in ("pubmed", "wos"):
        assert targets[name]["status"] == "ok", targets[name]
        assert isinstance(targets[name]["count"], int)
    assert targets["wos"]["query"].endswith("DT=Review AND IS=1361-8415 AND TS=child*")
    notes = json.dumps(targets["pubmed"])
    assert "read the query as" not in notes


def test_a_dollar_in_a_doi_is_a_character_of_the_doi() -> None:
    source = 'doi:"10.1000/ab$cd"'
    assert querylang.compile_query(source, "pubmed").query == '"10.1000/ab$cd"[aid]'
    assert querylang.compile_query(source, "ieee").query == '"DOI":"10.1000/ab$cd"'
    # Web of Science reads $ as a wildcard and refuses it in quotes: the DOI
    # cannot be searched exactly, so it is refused rather than altered.
    wos = querylang.compile_query(source, "wos")
    assert wos.query is None and {d.code for d in wos.diagnostics} == {"CP106"}


@pytest.mark.parametrize(("target", "code", "refused"), [("arxiv", "AX316", "AX315"),
                                                          ("ieee", "IE316", "IE315")])
def test_an_issn_anded_on_the_line_is_left_out_where_it_cannot_be_searched(
    target: str, code: str, refused: str
) -> None:
    """Leaving a journal filter out finds at least as much, so it is done
    (and said) where the ISSN restricts the whole line; under OR or NOT, or
    with nothing else to search, leaving it out would change the search the
    other way, so the line is refused."""
    kept = querylang.compile_query("asthma AND issn:(1361-8415 OR 0140-6736)", target)
    assert kept.query is not None and "1361" not in kept.query
    (said,) = [d for d in kept.diagnostics if d.code == code]
    assert "left out" in said.message and (said.span.line, said.span.column) == (1, 12)
    for source in ("asthma OR issn:1361-8415", "asthma NOT issn:1361-8415", "issn:1361-8415",
                   "issn:1361-8415 AND issn:0140-6736", "(a AND issn:1361-8415) OR b"):
        result = querylang.compile_query(source, target)
        assert result.query is None, source
        assert refused in {d.code for d in result.diagnostics}, source
    strict = querylang.compile_query("asthma AND issn:1361-8415", target, strict=True)
    assert strict.query is None
