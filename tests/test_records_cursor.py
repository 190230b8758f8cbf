"""Cursor paging through the records hook (``Paging.cursor_param``): a test
database, registered for the test only, paged by ``cursorMark`` against the
Europe PMC fake (cursors as the real service hands them out: first ``*``,
then each answer's ``nextCursorMark``). The fetch saves the cursor with each
page; a fetch stopped half way resumes with the saved cursor, never from
``*`` again, and never asks a record twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import querylang.databases as databases
import querylang.records.fetch as fetch
import querylang.runner as runner
from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging
from querylang.records.fetch import fetch_records, plan_fetch, sources_from_run
from querylang.records.model import FetchedRecord, normalize_doi
from querylang.records.paging import CURSOR, PageContext, generic_pager
from querylang.records.readers import Page
from querylang.responses import PermanentApiError
from querylang.results import LineResult, RunResult, Source, Status, TargetResult
from querylang.runner import RunSettings
from querylang.store import SearchLog
from querylang.targets.base import ApiRequest
from tests.fakes.europepmc import REST_PATH, FakeEuropePMC, read_cursor

NAME = "cursortest"
QUERY = "cursor paging test"
COUNT = 130
PAGE = 50


def read_page(status: int, headers: Mapping[str, str], body: bytes, start: int = 1) -> Page:
    """A page of the fake's JSON: ``hitCount``, ``resultList.result`` and
    ``nextCursorMark`` (the next page's cursor)."""
    assert status == 200, body[:200]
    data = json.loads(body)
    results = data.get("resultList", {}).get("result", [])
    records = tuple(
        FetchedRecord(NAME, str(item["id"]), start + offset, doi=normalize_doi(item.get("doi")),
                      title=item.get("title"))
        for offset, item in enumerate(results))
    return Page(records, int(data["hitCount"]), None, (), data.get("nextCursorMark"))


@pytest.fixture()
def epmc() -> Iterator[FakeEuropePMC]:
    fake = FakeEuropePMC(counts={QUERY: COUNT}).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture()
def cursor_database(epmc: FakeEuropePMC, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A database paged by cursor, in the registry for this test only."""
    spec = DatabaseSpec(NAME, "QUERYLANG_CURSORTEST_URL", epmc.base_url + REST_PATH + "/search",
                        rate=200.0, params={"format": "json"}, query_param="query")
    paging = Paging(PAGE, cursor_param="cursorMark", size_param="pageSize")
    entry = Database(
        name=NAME, display="Cursor Test", short="Cursor", order=99,
        report=DatabaseInfo("Cursor Test", "Cursor Test API", "Cursor Test web", NAME),
        target_path="querylang.databases.pubmed.target:PubMed",  # never loaded
        spec=spec, reader_path="tests.test_records_cursor:read_page",
        records_reader_path="tests.test_records_cursor:read_page", paging=paging)
    monkeypatch.setitem(databases.REGISTRY, NAME, entry)
    monkeypatch.setitem(runner.SPECS, NAME, spec)
    monkeypatch.setitem(fetch.PAGINGS, NAME, paging)  # type: ignore[index]
    return entry


def _log_with_run(path: Path) -> tuple[SearchLog, int]:
    log = SearchLog(path)
    request = {"method": "GET", "params": {"query": QUERY, "format": "json", "pageSize": "1"}}
    line = LineResult(1, QUERY, QUERY, request, Status.OK, COUNT, source=Source.FETCHED)
    target = TargetResult(NAME, QUERY, Status.OK, COUNT, lines=[line])
    run = RunResult("2026-12-03T08:00:00+00:00", "2026-12-03T08:00:01+00:00", "test",
                    "1. cursor paging test\n", "cursor.qry", {NAME: target})
    return log, log.save_run(run)


def _fetch(log: SearchLog, run_id: int, tmp_path: Path, **caps: Any) -> dict[str, Any]:
    stored = log.load_run(run_id)
    line, sources, skipped = sources_from_run(stored)
    assert skipped == []
    plan = plan_fetch(run_id, line, sources, log.fetch_states(run_id, line), yes=True, **caps)
    return asyncio.run(fetch_records(plan, sources, log, settings=RunSettings(),
                                     env={}, pace_dir=tmp_path))


def _cursors(epmc: FakeEuropePMC) -> list[str]:
    return [request.param("cursorMark") or "" for request in epmc.requests]


def test_cursor_paging_fetches_every_record_once_and_resumes_with_the_saved_cursor(
        cursor_database: Database, epmc: FakeEuropePMC, tmp_path: Path) -> None:
    log, run_id = _log_with_run(tmp_path / "log.sqlite")
    first = _fetch(log, run_id, tmp_path, max_requests=2)[NAME]
    assert first.error is None and first.requests == 2
    state = log.fetch_states(run_id, 1)[NAME]
    assert state.fetched == 2 * PAGE and not state.complete
    saved = state.state[CURSOR]
    assert read_cursor(saved) == 2 * PAGE  # the cursor of record 101, saved with page 2
    assert len(_cursors(epmc)) == 2 and _cursors(epmc)[0] == "*"
    assert read_cursor(_cursors(epmc)[1]) == PAGE

    second = _fetch(log, run_id, tmp_path)[NAME]
    assert second.error is None and second.requests == 1
    cursors = _cursors(epmc)
    assert len(cursors) == 3 and cursors.count("*") == 1  # resumed, not restarted
    assert cursors[2] == saved
    records = log.load_records(run_id, 1)[NAME]
    assert [r.position for r in records] == list(range(1, COUNT + 1))
    assert len({r.native_id for r in records}) == COUNT
    assert log.fetch_states(run_id, 1)[NAME].complete
    assert [request.param("pageSize") for request in epmc.requests] == ["50", "50", "30"]

    again = _fetch(log, run_id, tmp_path)[NAME]  # nothing left: no request at all
    assert again.requests == 0 and len(epmc.requests) == 3


def test_a_short_cursor_page_is_asked_again_with_the_same_cursor(
        cursor_database: Database, epmc: FakeEuropePMC, tmp_path: Path) -> None:
    log, run_id = _log_with_run(tmp_path / "log.sqlite")
    epmc.script(["short_page"])
    outcome = _fetch(log, run_id, tmp_path)[NAME]
    assert outcome.error is None
    cursors = _cursors(epmc)
    assert cursors[:2] == ["*", "*"]  # the short first page, asked again from the same cursor
    assert len(log.load_records(run_id, 1)[NAME]) == COUNT


def _context(state: dict[str, Any], asked: list[ApiRequest]) -> PageContext:
    async def ask(api: ApiRequest, reader: Any, url: str | None = None) -> Page:
        asked.append(api)
        return Page((), COUNT, cursor=None)

    return PageContext(
        database=NAME, display="Cursor Test",
        request=ApiRequest("GET", "http://127.0.0.1:9/", {"query": QUERY}),
        start=PAGE, size=PAGE, count=COUNT,
        paging=Paging(PAGE, cursor_param="cursorMark", size_param="pageSize"),
        reader=read_page, state=state, memory={}, ask=ask, endpoint=lambda: "",
        recount=lambda total: None, tell=lambda detail: None)


def test_an_answer_without_a_next_cursor_ends_the_paging_clearly() -> None:
    asked: list[ApiRequest] = []
    context = _context({CURSOR: "AoIIabc"}, asked)
    asyncio.run(generic_pager(context))
    assert asked[0].params == {"query": QUERY, "pageSize": "50", "cursorMark": "AoIIabc"}
    assert context.state[CURSOR] is None  # saved with the page: no further page
    with pytest.raises(PermanentApiError, match="gave no cursor past record 50"):
        asyncio.run(generic_pager(_context({CURSOR: None}, asked)))
    assert len(asked) == 1  # never restarted from "*"
