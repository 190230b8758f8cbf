"""Helpers for the records tests: a run of the example against the pooled
fakes, then ``querylang records``, through the real CLI.

Used with the ``fast_pooled_apis`` fixture (tests/fakes/fixtures.py), which
points every database at a fake serving the shared record pool.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from querylang.cli import app
from querylang.records.model import FetchedRecord
from querylang.store import SearchLog, default_log_path

cli = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "llm-medical-imaging.qry"
#: The databases whose fakes serve the shared pool's records (its pinned
#: figures, overlap and PRISMA); Scopus's and OpenAlex's records, drawn apart,
#: have their own tests (tests/test_scopus_records.py, tests/test_openalex_records.py).
DATABASES = ("pubmed", "wos", "arxiv", "ieee")


def run_example(*args: str) -> Result:
    """``querylang run examples/llm-medical-imaging.qry`` on :data:`DATABASES`
    unless ``--db`` says otherwise (exit 1: its warnings)."""
    # The four databases the pool's truth describes (tests/fakes/pool.py):
    # a newer database is run by its own tests (--db), which know what its
    # fake serves (Europe PMC: PubMed's share as MED records; Scopus, OpenAlex:
    # their own shares of the pool).
    chosen = () if "--db" in args else ("--db", ",".join(DATABASES))
    result = cli.invoke(app, ["run", str(EXAMPLE), "--format", "json", *chosen, *args])
    assert result.exit_code in (0, 1), result.stderr
    assert "logged as run" in result.stderr, result.stderr
    return result


def records(*args: str) -> Result:
    return cli.invoke(app, ["records", *args])


def records_json(*args: str) -> dict[str, Any]:
    result = records("--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def log_path() -> Path:
    return default_log_path()


def fetched(run_id: int = 1, line: int = 4) -> dict[str, list[FetchedRecord]]:
    """The records the log holds for the run's line, by database."""
    with SearchLog(log_path(), read_only=True) as log:
        return log.load_records(run_id, line)
