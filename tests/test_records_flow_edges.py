"""The PRISMA flow at its edges (found by a new user's review): a database
searched by hand (a manual count) is in the flow though its records cannot
be fetched, and a search that found nothing still gets its flow."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from querylang.cli import app
from tests.fakes.fixtures import PooledApis
from tests.recordhelp import EXAMPLE

cli = CliRunner()


def _prisma_json() -> dict[str, object]:
    report = cli.invoke(app, ["report", "--format", "json"])
    assert report.exit_code == 0, report.stderr
    data: dict[str, object] = json.loads(report.stdout)["prisma"]
    return data


def test_a_count_typed_in_is_in_the_flow(fast_pooled_apis: PooledApis) -> None:
    ran = cli.invoke(app, ["run", str(EXAMPLE), "--db", "pubmed,arxiv,ieee",
                           "--count", "ieee=42", "--format", "json"])
    assert ran.exit_code in (0, 1), ran.stderr
    assert cli.invoke(app, ["records", "--yes"]).exit_code == 0
    flow = json.dumps(_prisma_json())
    assert "ieee" in flow or "IEEE" in flow, flow
    svg = cli.invoke(app, ["report", "--format", "prisma"])
    assert svg.exit_code == 0, svg.stderr
    assert "IEEE Xplore (n\xa0=\xa042)" in svg.stdout


def test_a_search_with_no_hits_gets_its_flow(fast_pooled_apis: PooledApis) -> None:
    for fake in (fast_pooled_apis.pubmed, fast_pooled_apis.arxiv):
        fake.count_fn = lambda query: 0
        fake.pool = None
    ran = cli.invoke(app, ["run", "-q", "zzyzx", "--db", "pubmed,arxiv", "--format", "json"])
    assert ran.exit_code in (0, 1), ran.stderr
    fetched = cli.invoke(app, ["records", "--yes"])
    assert fetched.exit_code == 0, fetched.stderr
    svg = cli.invoke(app, ["report", "--format", "prisma"])
    assert svg.exit_code == 0, svg.stderr
    assert "Records screened" in svg.stdout and "(n = 0)" in svg.stdout

