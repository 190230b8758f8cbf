"""The compile API (compile_query, compile_strategy) and the `compile` command."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import querylang
from querylang.cli import app
from querylang.compiler import TARGETS, compile_query, compile_strategy, expand_references
from querylang.databases import REGISTRY, RUNNABLE

STRATEGY = """1. asthma OR wheez*
2. child* OR adolescen*
3. #1 AND #2 AND year:2013-2023 AND lang:english
"""

runner = CliRunner()


def test_registry_names() -> None:
    # The databases with an API, then the interfaces without one (issue 16),
    # in the registry's order.
    assert list(TARGETS) == list(REGISTRY)
    assert list(TARGETS)[:7] == [
        "pubmed", "wos", "arxiv", "ieee", "scopus", "europepmc", "openalex"]
    assert list(TARGETS)[:len(RUNNABLE)] == list(RUNNABLE)
    assert {"ebsco-cinahl", "cochrane", "embase"} <= set(TARGETS)
    assert {"ovid-medline", "ovid-embase", "ovid-psycinfo"} <= set(TARGETS)
    assert "openalex" in TARGETS


def test_package_api_delegates() -> None:
    result = querylang.compile_query("asthma", "pubmed")
    assert result.query == "asthma[tiab]"
    assert result.api is not None and result.api.params["term"] == "asthma[tiab]"


def test_unknown_target_did_you_mean() -> None:
    with pytest.raises(ValueError, match="did you mean pubmed"):
        compile_query("asthma", "pubmd")


@pytest.mark.parametrize(("name", "suggested"), [
    # A platform's name suggests all its databases, in the registry's order.
    ("ovid", "ovid-medline, ovid-embase or ovid-psycinfo"),
    ("cinahl", "ebsco-cinahl"),
    ("medline", "ovid-medline"),
    ("cochrain", "cochrane"),
    ("embase.com", "embase"),
])
def test_unknown_target_suggests_every_database_of_a_platform(name: str, suggested: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"(did you mean {suggested}?)")):
        compile_query("asthma", name)


def test_syntax_error_is_a_diagnostic() -> None:
    result = compile_query("asthma AND", "wos")
    assert result.query is None and result.api is None
    assert any(d.code.startswith("QL") and d.severity.value == "error" for d in result.diagnostics)


def test_check_error_is_a_diagnostic() -> None:
    result = compile_query("1. #2 AND asthma\n2. child", "arxiv")
    assert result.query is None
    assert "QL101" in {d.code for d in result.diagnostics}


def test_last_line_by_default_and_line_option() -> None:
    assert compile_query(STRATEGY, "pubmed").line == 3
    first = compile_query(STRATEGY, "pubmed", line=1)
    assert first.line == 1
    assert first.query == "asthma[tiab] OR wheez*[tiab]"


def test_missing_line_is_cp001() -> None:
    result = compile_query(STRATEGY, "pubmed", line=9)
    assert result.query is None
    assert "CP001" in {d.code for d in result.diagnostics}


def test_references_expanded_in_place() -> None:
    result = compile_query(STRATEGY, "pubmed")
    assert result.query == (
        "(asthma[tiab] OR wheez*[tiab]) AND (child*[tiab] OR adolescen*[tiab])"
        " AND 2013:2023[dp] AND english[la]"
    )


def test_reference_carries_limits() -> None:
    text = "1. asthma AND year:2015-2020\n2. #1 AND child*"
    assert compile_query(text, "pubmed").query == "asthma[tiab] AND 2015:2020[dp] AND child*[tiab]"
    ieee = compile_query(text, "ieee")
    assert ieee.api is not None
    assert ieee.api.params["start_year"] == "2015" and ieee.api.params["end_year"] == "2020"
    assert ieee.notes == ("Set the IEEE Xplore year filter to 2015-2020.",)


def test_nested_references() -> None:
    text = "1. asthma\n2. #1 OR wheeze\n3. #2 NOT animals"
    assert compile_query(text, "arxiv").query == (
        "((ti:asthma OR abs:asthma) OR (ti:wheeze OR abs:wheeze)) ANDNOT (ti:animals OR abs:animals)"
    )


def test_expand_references_leaves_lines_without_refs_alone() -> None:
    analysis = querylang.analyze(STRATEGY)
    assert analysis.strategy is not None
    expanded = expand_references(analysis.strategy)
    assert expanded[0] is analysis.strategy.lines[0].expr
    assert len(expanded) == 3


def test_compile_strategy_every_line() -> None:
    analysis = querylang.analyze(STRATEGY)
    assert analysis.strategy is not None
    results = compile_strategy(analysis.strategy, "wos")
    assert [r.line for r in results] == [1, 2, 3]
    assert results[0].api_query == "TS=(asthma OR wheez*)"
    assert results[2].api_query == "TS=(asthma OR wheez*) AND TS=(child* OR adolescen*) AND PY=(2013-2023)"
    assert all(r.target == "wos" for r in results)


def test_strategy_diagnostics_come_first() -> None:
    result = compile_query("asthma OR wheeze AND child", "pubmed")
    assert result.diagnostics[0].code == "QL201"
    assert result.query is not None


@pytest.mark.parametrize(
    ("target", "code"),
    [("pubmed", "PM101"), ("wos", "WS111"), ("arxiv", "AX101"), ("ieee", "IE101")],
)
def test_strict_refuses_changes_of_meaning(target: str, code: str) -> None:
    source = {"pubmed": "ab:x1", "wos": "ab:x1", "arxiv": "kw:x1", "ieee": "mesh:x1"}[target]
    loose = compile_query(source, target)
    assert loose.query is not None
    strict = compile_query(source, target, strict=True)
    assert strict.query is None and strict.api is None
    assert [d.severity.value for d in strict.diagnostics if d.code == code] == ["error"]


def test_strict_keeps_exact_queries() -> None:
    for target in TARGETS:
        assert compile_query("ti:asthma", target, strict=True).query is not None


def test_diagnostic_points_at_source_term() -> None:
    result = compile_query("asthma OR LLM*", "pubmed")
    (diag,) = [d for d in result.diagnostics if d.code == "PM201"]
    assert (diag.span.line, diag.span.column, diag.span.end_column) == (1, 11, 15)
    assert diag.target == "pubmed" and diag.hint


def test_pubmed_post_for_long_terms() -> None:
    source = " OR ".join(f"longterm{i:03d}" for i in range(80))
    result = compile_query(source, "pubmed")
    assert result.api is not None and result.api.method == "POST"
    assert compile_query("asthma", "pubmed").api.method == "GET"  # type: ignore[union-attr]


def test_requests_name_keys_but_never_hold_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WOS_API_KEY", "secret-value")
    monkeypatch.setenv("IEEE_API_KEY", "secret-value")
    monkeypatch.setenv("NCBI_API_KEY", "secret-value")
    expected = {
        "pubmed": ("NCBI_API_KEY", "api_key", None, False),
        "wos": ("WOS_API_KEY", None, "X-ApiKey", True),
        "arxiv": (None, None, None, False),
        "ieee": ("IEEE_API_KEY", "apikey", None, True),
    }
    for target, (env, param, header, required) in expected.items():
        api = compile_query("asthma", target).api
        assert api is not None
        assert (api.key_env, api.key_param, api.key_header, api.key_required) == (
            env, param, header, required,
        )
        assert "secret-value" not in json.dumps(api.to_dict())


def test_request_parameters() -> None:
    pubmed = compile_query("asthma", "pubmed").api
    wos = compile_query("asthma", "wos").api
    arxiv = compile_query("asthma", "arxiv").api
    ieee = compile_query("asthma AND year:2013-2023", "ieee").api
    assert pubmed and wos and arxiv and ieee
    assert pubmed.url == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi"
    assert pubmed.params == {
        "db": "pubmed", "term": "asthma[tiab]", "retmode": "json", "retmax": "0", "tool": "querylang",
    }
    assert wos.url == "https://api.clarivate.com/apis/wos-starter/v1/documents"
    assert wos.params == {"q": "TS=asthma", "db": "WOS", "limit": "1", "page": "1"}
    assert wos.headers == ("X-ApiKey",)
    assert arxiv.url == "https://export.arxiv.org/api/query"
    assert arxiv.params == {"search_query": "(ti:asthma OR abs:asthma)", "start": "0", "max_results": "0"}
    assert ieee.url == "https://ieeexploreapi.ieee.org/api/v1/search/articles"
    assert ieee.params == {
        "querytext": '("Document Title":asthma OR "Abstract":asthma)', "format": "json",
        "max_records": "1", "start_year": "2013", "end_year": "2023",
    }


@pytest.mark.parametrize(
    ("target", "variable"),
    [("pubmed", "QUERYLANG_PUBMED_URL"), ("wos", "QUERYLANG_WOS_URL"),
     ("arxiv", "QUERYLANG_ARXIV_URL"), ("ieee", "QUERYLANG_IEEE_URL")],
)
def test_url_override(monkeypatch: pytest.MonkeyPatch, target: str, variable: str) -> None:
    monkeypatch.setenv(variable, "http://127.0.0.1:9/fake")
    api = compile_query("asthma", target).api
    assert api is not None and api.url == "http://127.0.0.1:9/fake"


def test_deep_reference_chain_does_not_crash() -> None:
    lines = ["1. " + "(" * 90 + "asthma" + ")" * 90]
    lines += [f"{n}. (((((((((( #{n - 1} OR x{n} ))))))))))" for n in range(2, 60)]
    result = compile_query("\n".join(lines), "pubmed")
    assert result.query is not None or any(d.code == "CP104" for d in result.diagnostics)


# -- the command line ------------------------------------------------------------------


def test_cli_text_stacks_every_target() -> None:
    result = runner.invoke(app, ["compile", "-q", "asthma AND year:2013-2023"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("PubMed", "Web of Science", "arXiv", "IEEE Xplore"):
        assert f"== {title}" in out
    assert "\nasthma[tiab] AND 2013:2023[dp]\n" in out
    assert "API query:\nTS=asthma AND PY=(2013-2023)\n" in out
    assert "note: Set the IEEE Xplore year filter to 2013-2023." in out


def test_cli_plain() -> None:
    result = runner.invoke(app, ["compile", "-q", "ti:asthma", "--plain", "--to", "pubmed,arxiv"])
    assert result.exit_code == 0
    assert result.stdout == "asthma[ti]\nti:asthma\n"


def test_cli_json_shape() -> None:
    result = runner.invoke(app, ["compile", "-q", "ab:asthma", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["targets"]
    assert list(data["targets"]) == list(RUNNABLE)  # compile's default: every database with an API
    pubmed = data["targets"]["pubmed"]
    assert set(pubmed) >= {"query", "api", "diagnostics"}
    assert pubmed["notes"] == [] and pubmed["api_query"] == "asthma[tiab]"
    assert data["targets"]["ieee"]["notes"] == []
    assert pubmed["query"] == "asthma[tiab]"
    assert set(pubmed["api"]) == {"method", "url", "params", "headers"}
    (diag,) = pubmed["diagnostics"]
    assert diag["code"] == "PM101" and diag["severity"] == "warning"
    assert (diag["line"], diag["column"]) == (1, 1) and diag["hint"]
    assert data["targets"]["wos"]["api"]["params"]["q"] == "TS=asthma"


def test_cli_line_option(tmp_path: object) -> None:
    result = runner.invoke(app, ["compile", "-q", STRATEGY, "--line", "1", "--plain", "--to", "pubmed"])
    assert result.stdout == "asthma[tiab] OR wheez*[tiab]\n"
    bad = runner.invoke(app, ["compile", "-q", STRATEGY, "--line", "7"])
    assert bad.exit_code == 2


def test_cli_file_source(tmp_path: pytest.TempPathFactory) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "s.qry"
    path.write_text(STRATEGY, encoding="utf-8")
    result = runner.invoke(app, ["compile", str(path), "--to", "wos", "--plain"])
    assert result.exit_code == 0
    assert result.stdout.startswith("(TI=(asthma OR wheez*) OR AB=(asthma OR wheez*)) AND")


def test_cli_unknown_target_is_usage_error() -> None:
    result = runner.invoke(app, ["compile", "-q", "asthma", "--to", "pubmed,ieeee"])
    assert result.exit_code == 2
    assert "did you mean ieee" in result.stderr


def test_cli_strategy_error_exits_1() -> None:
    result = runner.invoke(app, ["compile", "-q", "asthma AND"])
    assert result.exit_code == 1


def test_cli_target_refusal_exits_1() -> None:
    refused = runner.invoke(app, ["compile", "-q", 'doi:"10.1/x"', "--to", "arxiv"])
    assert refused.exit_code == 1
    assert "AX104" in refused.stderr  # diagnostics go to stderr
    fine = runner.invoke(app, ["compile", "-q", 'doi:"10.1/x"', "--to", "pubmed"])
    assert fine.exit_code == 0
    lossy = runner.invoke(app, ["compile", "-q", "ab:asthma", "--to", "pubmed", "--strict"])
    assert lossy.exit_code == 1
    assert "(no query" in lossy.stdout
    exact = runner.invoke(app, ["compile", "-q", "ti:asthma", "--strict"])
    assert exact.exit_code == 0


def test_cli_query_never_wrapped() -> None:
    source = " OR ".join(f'"some fairly long phrase number {i}"' for i in range(12))
    result = runner.invoke(app, ["compile", "-q", source, "--to", "ieee"])
    lines = result.stdout.splitlines()
    assert any(len(line) > 500 and line.startswith("(") for line in lines)


# -- changes of meaning inside NOT, authors, per-word stems (audit findings) ----------


def test_widening_inside_not_says_the_effect_is_reversed() -> None:
    result = querylang.compile_query("asthma NOT ab:child", "pubmed")
    assert result.query == "asthma[tiab] NOT child[tiab]"
    (diagnostic,) = [d for d in result.diagnostics if d.code == "PM101"]
    assert "inside NOT" in diagnostic.message
    outside = querylang.compile_query("asthma AND ab:child", "pubmed")
    assert all("inside NOT" not in d.message for d in outside.diagnostics)


def test_double_negation_is_positive_again() -> None:
    result = querylang.compile_query("asthma NOT (child NOT ab:infant)", "pubmed")
    (diagnostic,) = [d for d in result.diagnostics if d.code == "PM101"]
    assert "inside NOT" not in diagnostic.message


def test_info_inside_not_becomes_a_warning() -> None:
    result = querylang.compile_query("asthma NOT topic:child", "wos")
    (diagnostic,) = [d for d in result.diagnostics if d.code == "WS101"]
    assert diagnostic.severity.value == "warning"


def test_dropped_limit_inside_not_is_said() -> None:
    result = querylang.compile_query("1. asthma AND lang:en\n2. cough NOT #1", "arxiv")
    (diagnostic,) = [d for d in result.diagnostics if d.code == "AX105"]
    assert "inside NOT" in diagnostic.message


def test_ieee_year_on_the_left_of_not_is_a_filter() -> None:
    result = querylang.compile_query("1. asthma AND year:2020\n2. #1 NOT wheeze", "ieee")
    assert result.api is not None
    assert result.api.params["start_year"] == "2020"
    assert result.api.params["end_year"] == "2020"
    assert "IE104" not in {d.code for d in result.diagnostics}
    inside_or = querylang.compile_query("1. asthma AND year:2020\n2. #1 OR wheeze", "ieee")
    assert "IE104" in {d.code for d in inside_or.diagnostics}


def test_stems_are_counted_as_each_database_documents() -> None:
    # PubMed counts before the phrase's first wildcard (NLM Technical Bulletin
    # mj24), IEEE Xplore per wildcard word (IEEE Xplore SDK): issue 10 item 5.
    result = querylang.compile_query('"brain ca*"', "pubmed")
    assert result.query == '"brain ca*"[tiab]'
    assert "PM201" not in {d.code for d in result.diagnostics}
    ieee = querylang.compile_query('"brain ca*"', "ieee")
    assert "IE201" in {d.code for d in ieee.diagnostics}


def test_author_names_per_database() -> None:
    assert querylang.compile_query('au:"Topol E*"', "pubmed").query == "Topol E[au]"
    assert querylang.compile_query('au:"Topol E*"', "wos").query == 'AU="Topol E*"'
    arxiv = querylang.compile_query('au:"Topol E*"', "arxiv")
    assert arxiv.query == "au:Topol" and "AX107" in {d.code for d in arxiv.diagnostics}
    ieee = querylang.compile_query('au:"van der Berg J"', "ieee")
    assert ieee.query == '"Authors":"van der Berg"' and "IE206" in {d.code for d in ieee.diagnostics}
    # A name that is not "Surname Initials" is left as written.
    assert querylang.compile_query('au:"Eric Topol"', "arxiv").query == 'au:"Eric Topol"'


def test_wos_inner_wildcard_needs_three_letters() -> None:
    refused = querylang.compile_query("ti:wo?an", "wos")
    assert refused.query is None and "WS203" in {d.code for d in refused.diagnostics}
    assert querylang.compile_query("ti:wom?n", "wos").query == "TI=wom?n"


def test_doubling_references_are_refused_not_expanded() -> None:
    text = "1. asthma OR wheez*\n" + "".join(f"{k}. (#{k - 1} OR #{k - 1})\n" for k in range(2, 30))
    result = querylang.compile_query(text, "pubmed")
    assert result.query is None
    assert "CP105" in {d.code for d in result.diagnostics}


def test_very_long_numbers_are_diagnostics() -> None:
    assert [d.code for d in querylang.analyze("#" + "9" * 5000).diagnostics] == ["QL103"]
    assert "QL007" in {d.code for d in querylang.analyze("1" * 5000 + ". a").diagnostics}


def test_wos_reference_twice_in_one_or() -> None:
    result = querylang.compile_query("1. a AND year:2020\n2. #1 OR #1", "wos")
    # A OR A is A: operands written alike are written once (new-user review:
    # DT="Editorial Material" OR DT="Editorial Material").
    assert result.query == "((TI=a OR AB=a) AND PY=(2020))"
