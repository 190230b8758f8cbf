"""``querylang.compile``: one parse, any set of registry databases (issue 15 item 7)."""

from __future__ import annotations

import json

import pytest

import querylang
from querylang import compiler
from querylang.compiler import Compilation, compile_query, compile_text
from querylang.databases import RUNNABLE
from tests import interface_entry

STRATEGY = """1. asthma OR wheez*
2. child* OR adolescen*
3. #1 AND #2 AND year:2013-2023 AND lang:english
"""

# Inputs of every kind: sound, with warnings, with a target's change of
# meaning, a syntax error, a check error, an arXiv refusal (DOI).
INPUTS = [
    STRATEGY,
    "asthma OR wheeze AND child",
    "ab:asthma AND kw:child",
    "asthma AND",
    "1. #2 AND asthma\n2. child",
    "doi:10.1000/xyz AND asthma",
    "",
]


def test_default_is_every_database_with_an_api_in_registry_order() -> None:
    compiled = querylang.compile(STRATEGY)
    assert isinstance(compiled, Compilation)
    assert list(compiled.results) == list(RUNNABLE)
    assert compiled.ok and compiled.line == 3 and compiled.strategy is not None
    assert compiled.diagnostics == ()


def test_parses_and_checks_once_for_every_database(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = compiler.analyze

    def counting(text: str) -> querylang.Analysis:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(compiler, "analyze", counting)
    querylang.compile(STRATEGY, targets=list(RUNNABLE))
    assert calls == [STRATEGY]


@pytest.mark.parametrize("text", INPUTS)
def test_same_queries_and_diagnostics_as_one_database_at_a_time(text: str) -> None:
    compiled = querylang.compile(text)
    for name in RUNNABLE:
        alone = compile_query(text, name)
        result = compiled[name]
        assert (result.query, result.api, result.api_query, result.notes) == (
            alone.query, alone.api, alone.api_query, alone.notes
        )
        assert compiled.diagnostics_for(name) == alone.diagnostics


def test_strategy_diagnostics_said_once_database_ones_per_database() -> None:
    compiled = querylang.compile("ab:asthma OR wheeze AND child", targets=["pubmed", "wos"])
    assert [d.code for d in compiled.diagnostics] == ["QL201"]
    assert all(d.target is None for d in compiled.diagnostics)
    pubmed = [d.code for d in compiled["pubmed"].diagnostics]
    assert "PM101" in pubmed and "QL201" not in pubmed
    assert all(d.target == "wos" for d in compiled["wos"].diagnostics)


def test_bad_input_never_raises_and_says_why() -> None:
    syntax = querylang.compile("asthma AND (child")
    assert not syntax.ok and syntax.strategy is None
    assert any(d.code.startswith("QL") for d in syntax.diagnostics)
    assert set(syntax.queries.values()) == {None}
    assert all(result.diagnostics == () for result in syntax.results.values())

    missing = querylang.compile(STRATEGY, line=9)
    assert [d.code for d in missing.diagnostics] == ["CP001"] and missing.line == 9
    assert set(missing.queries.values()) == {None}

    doubling = "\n".join(["1. a OR b"] + [f"{i}. #{i - 1} OR #{i - 1}" for i in range(2, 16)])
    big = querylang.compile(doubling)
    assert "CP105" in {d.code for d in big.diagnostics} and not big.ok


def test_a_refusal_by_one_database_leaves_the_others() -> None:
    compiled = querylang.compile("doi:10.1000/xyz", targets=["pubmed", "arxiv"])
    assert compiled["pubmed"].query is not None
    assert compiled["arxiv"].query is None and compiled["arxiv"].errors
    assert not compiled.ok


def test_line_option_and_names_as_given() -> None:
    compiled = querylang.compile(STRATEGY, targets=[" PubMed", "ieee", "pubmed"], line=1)
    assert list(compiled.results) == ["pubmed", "ieee"]
    assert compiled.line == 1 and compiled["pubmed"].line == 1
    assert compiled.queries["pubmed"] == "asthma[tiab] OR wheez*[tiab]"


def test_one_name_as_a_string() -> None:
    assert list(querylang.compile("asthma", "wos").results) == ["wos"]


def test_unknown_or_no_database_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"did you mean pubmed\?"):
        querylang.compile("asthma", ["pubmd"])
    with pytest.raises(ValueError, match="no database"):
        querylang.compile("asthma", [])
    with pytest.raises(KeyError):
        querylang.compile("asthma", ["pubmed"])["wos"]


def test_options_reach_every_database() -> None:
    strict = querylang.compile("ab:x1", targets=["pubmed", "wos"], strict=True)
    assert strict.queries == {"pubmed": None, "wos": None}
    # A wildcard choice for IEEE: a word left out of it is refused there (IE205).
    kept = querylang.compile("radiolog* OR imag*", ["ieee"], keep_wildcards={"ieee": ["imag*"]})
    assert kept["ieee"].query is None
    assert [d.code for d in kept["ieee"].errors] == ["IE205"]
    assert "radiolog*" in kept["ieee"].errors[0].message


def test_json_view() -> None:
    compiled = querylang.compile("asthma OR wheeze AND child", targets=["pubmed", "wos"])
    data = json.loads(json.dumps(compiled.to_dict()))
    assert data["ok"] is True and data["line"] == 1
    assert [d["code"] for d in data["diagnostics"]] == ["QL201"]
    assert data["targets"]["pubmed"]["query"] == compiled["pubmed"].query
    assert data["targets"]["wos"]["api"]["key_env"] == "WOS_API_KEY"


def test_compile_text_keeps_its_contract() -> None:
    analysis, results = compile_text("asthma OR wheeze AND child", ["pubmed"])
    assert results["pubmed"].diagnostics[0].code == "QL201"
    assert analysis.diagnostics[0].code == "QL201"


def test_a_database_without_an_api_compiles_when_named(monkeypatch: pytest.MonkeyPatch) -> None:
    interface_entry.install(monkeypatch)
    assert interface_entry.NAME not in querylang.compile("asthma").results
    compiled = querylang.compile("asthma", targets=["pubmed", interface_entry.NAME])
    assert list(compiled.results) == ["pubmed", interface_entry.NAME]
    result = compiled[interface_entry.NAME]
    assert result.query == "asthma[tiab]" and result.target == interface_entry.NAME


def test_import_querylang_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, querylang\n"
        "assert callable(querylang.compile)\n"
        "print(','.join(m for m in ('querylang.compiler', 'querylang.parser', "
        "'querylang.databases') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(("args", "options", "named"), [
    ((None,), {"targets": ["cochrane"]}, "text"),
    ((b"asthma",), {}, "text"),
    (("asthma",), {"line": "3"}, "line"),
    (("asthma",), {"targets": [None]}, "targets"),
])
def test_a_wrong_argument_type_is_a_type_error_naming_it(
        args: tuple[object, ...], options: dict[str, object], named: str) -> None:
    with pytest.raises(TypeError, match=rf"^{named}"):
        querylang.compile(*args, **options)  # type: ignore[arg-type]
