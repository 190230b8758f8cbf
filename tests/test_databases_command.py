"""``querylang databases``: every registry database, as a table or JSON (issue 15 item 6)."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from querylang.cli import app
from querylang.databases import REGISTRY, RUNNABLE
from querylang.databases_command import TABLE_WIDTH, databases_command, rate_text
from querylang.record import replace
from tests import interface_entry

runner = CliRunner()


def _json() -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["databases", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.stdout)["databases"]}


def _table(width: int) -> str:
    out = io.StringIO()
    assert databases_command("table", Console(file=out, width=width, highlight=False)) == 0
    return out.getvalue()


def test_json_lists_every_registry_database_in_order() -> None:
    rows = _json()
    assert list(rows) == list(REGISTRY)
    for name, row in rows.items():
        entry = REGISTRY[name]
        assert row["display"] == entry.display
        assert row["interfaces"] == {
            "api": entry.report.api_interface if entry.runnable else None,
            "web": entry.report.web_interface,
        }
        assert row["cannot"] == list(entry.cannot)


def test_json_keys_rates_and_requirements(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("NCBI_API_KEY", "WOS_API_KEY", "IEEE_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NCBI_API_KEY", "very-secret-value")
    rows = _json()
    assert rows["pubmed"]["key"] == {"variable": "NCBI_API_KEY", "required": False, "set": True}
    assert rows["pubmed"]["rate"] == {"per_second": 3.0, "with_key": 10.0}
    assert rows["wos"]["key"] == {"variable": "WOS_API_KEY", "required": True, "set": False}
    assert rows["arxiv"]["key"] is None
    assert rows["arxiv"]["rate"] == {"per_second": pytest.approx(1 / 3), "with_key": None}
    assert {name for name, row in rows.items() if row["runnable"]} == set(RUNNABLE)


def test_a_key_value_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "very-secret-value")
    for argv in (["databases"], ["databases", "--format", "json"]):
        result = runner.invoke(app, argv)
        assert result.exit_code == 0
        assert "very-secret-value" not in result.output
    assert "very-secret-value" not in _table(160)


def test_table_on_a_wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WOS_API_KEY", raising=False)
    text = _table(160)
    assert text.splitlines()[0].strip() == "Databases"
    header = next(line for line in text.splitlines() if "Interfaces" in line)
    for column in ("Database", "Interfaces", "API key", "Rate limit", "Cannot express"):
        assert column in header
    wos = text[text.index("wos"):text.index("arxiv")]
    assert "WOS_API_KEY" in wos and "(required, not set)" in wos and "1/s" in wos
    assert "Web of Science Starter API" in " ".join(wos.split())
    assert "10/s with key" in text and "1 per 3 s" in text


def test_blocks_on_a_narrow_terminal() -> None:
    text = _table(TABLE_WIDTH - 1)
    assert "Interfaces" not in text  # no table header
    first = text.splitlines()[0].split()
    assert first == ["pubmed", "PubMed"]
    assert "rate limit:" in text and "3/s, 10/s with key" in text
    assert max(len(line.rstrip()) for line in text.splitlines()) < TABLE_WIDTH


def test_the_command_line_table_runs() -> None:
    result = runner.invoke(app, ["databases"])
    assert result.exit_code == 0
    for name in REGISTRY:
        assert name in result.stdout


def test_an_entry_without_an_api_and_what_it_cannot_say(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = interface_entry.install(monkeypatch)
    monkeypatch.setitem(REGISTRY, entry.name, replace(
        entry, cannot=("[2013-2023]/py limits as lines", "proximity inside phrases")))
    rows = _json()
    row = rows[interface_entry.NAME]
    assert row["runnable"] is False and row["key"] is None and row["rate"] is None
    assert row["interfaces"]["api"] is None
    assert row["cannot"] == ["[2013-2023]/py limits as lines", "proximity inside phrases"]
    wanted = f"no API: its counts are typed in (run --count {interface_entry.NAME}=N)"
    assert wanted in " ".join(_table(80).split())
    wide = _table(200)
    assert wanted in wide  # room for it on one line
    for text in (wide, _table(80)):
        # A database's own brackets are text, not rich markup.
        assert "- [2013-2023]/py limits as lines" in text


def test_an_entry_that_says_nothing_it_cannot_express_shows_a_dash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interface_entry.install(monkeypatch)  # cannot=()
    text = _table(80)
    block = text[text.index(interface_entry.NAME):]
    assert "cannot express: -" in block


def test_unknown_format_is_a_usage_error() -> None:
    assert runner.invoke(app, ["databases", "--format", "csv"]).exit_code == 2


@pytest.mark.parametrize(("rate", "text"), [(3.0, "3/s"), (10.0, "10/s"), (1.0, "1/s"),
                                            (1 / 3, "1 per 3 s"), (0.5, "1 per 2 s")])
def test_rates_as_people_say_them(rate: float, text: str) -> None:
    assert rate_text(rate) == text


def test_cannot_lists_only_what_the_syntax_cannot_express() -> None:
    # newuser item 16: "no API" is the interface (its own column), not syntax.
    for entry in REGISTRY.values():
        assert not any("API" in item or "typed in" in item for item in entry.cannot), entry.name
    ovid = [REGISTRY[name].cannot for name in ("ovid-medline", "ovid-embase", "ovid-psycinfo")]
    limits = {"limits in the search line (a limit is a line of its own)",
              "a year limit under OR or NOT"}
    assert all(limits <= set(cannot) for cannot in ovid)
    # OV104: neither Embase nor APA PsycInfo has MeSH's subheadings.
    assert "MeSH subheadings" in ovid[1] and "MeSH subheadings" in ovid[2]
