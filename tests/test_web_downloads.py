"""The web page's downloads of what `querylang records` and `querylang
check` add to a run: the PRISMA 2020 flow, the overlap picture and the
deduplicated records, the same bytes as the command line writes."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient  # noqa: F401 (the client is made in test_web_api)

from querylang.cli import app
from tests.fakes.fixtures import PooledApis
from tests.recordhelp import cli, log_path, records, run_example
from tests.test_web_api import AUTH, make_client, refusal

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def test_pictures_and_records_download_once_fetched(fast_pooled_apis: PooledApis) -> None:
    run_example()
    with make_client(log_path()) as client:
        names = [d["name"] for d in client.get("/api/status", headers=AUTH).json()["downloads"]]
        assert {"prisma", "overlap", "ris", "bibtex"} <= set(names)
        # before `querylang records`: a clear 409 with what to do, no file
        for name in ("prisma", "overlap", "ris"):
            refused = refusal(client.get(f"/api/download/{name}?run=1", headers=AUTH), 409,
                              "no records fetched for run 1")
            assert refused["hint"] == "fetch them first: querylang records 1"
        assert records("--yes").exit_code == 0
        for name, kind, command in (
            ("prisma", "image/svg+xml", ["report", "1", "--format", "prisma"]),
            ("overlap", "image/svg+xml", ["report", "1", "--format", "overlap"]),
            ("ris", "application/x-research-info-systems", ["export", "1", "--format", "ris"]),
        ):
            answer = client.get(f"/api/download/{name}?run=1", headers=AUTH)
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"].startswith(kind)
            assert "attachment" in answer.headers["content-disposition"]
            written = cli.invoke(app, command)
            assert written.exit_code == 0, written.stderr
            assert answer.text == written.stdout
        # the Markdown report carries the PRISMA flow, as `querylang report` does
        report = client.get("/api/download/markdown?run=1", headers=AUTH).text
        assert "PRISMA 2020" in report
        assert report == cli.invoke(app, ["report", "1"]).stdout
