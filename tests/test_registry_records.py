"""The records and known-item paths know databases only through the registry
(issue 15): each database's records and known-item parts are found through
its registry entry (tests/test_registry.py scans querylang/records/ and
querylang/known/ for database names with the other generic modules)."""

from __future__ import annotations

import pytest

from querylang.databases import REGISTRY, RUNNABLE


@pytest.mark.parametrize("name", list(RUNNABLE))
def test_records_and_known_parts_come_from_the_registry(name: str) -> None:
    from querylang.known.clauses import known_hook
    from querylang.known.hook import KnownItems
    from querylang.records.fetch import PAGE_SIZES, fetchable
    from querylang.records.readers import PAGE_READERS

    entry = REGISTRY[name]
    assert fetchable(name) == (entry.paging is not None and entry.records_reader_path is not None)
    if entry.paging is not None:
        assert PAGE_SIZES[name] == entry.paging.page_size
        assert PAGE_READERS[name] is entry.records_reader
        assert entry.paging.page_size > 0
        generic = (entry.paging.start_param, entry.paging.page_param, entry.paging.cursor_param)
        # the generic pager needs one way to page, or the database names its own pager
        assert entry.records_pager_path is not None or sum(p is not None for p in generic) == 1
    hook = known_hook(name)
    assert hook is entry.known
    if hook is not None:
        assert isinstance(hook, KnownItems)
        assert hook.kinds and hook.batch > 0
        assert hook.size_param or (entry.spec is not None and entry.spec.page_size_param)


def test_a_database_without_a_known_hook_cannot_be_checked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from querylang import analyze
    from querylang.known.items import parse_known
    from querylang.known.run import build_check_plans, check_databases
    from querylang.record import replace

    monkeypatch.setitem(REGISTRY, "arxiv", replace(REGISTRY["arxiv"], known_path=None))
    strategy = analyze("1. llm\n").strategy
    assert strategy is not None
    known = parse_known("2301.00001\n")
    plans = build_check_plans(strategy, ["arxiv"], known.items)
    assert not plans[0].checkable and plans[0].estimate() == 0
    result = asyncio.run(check_databases(plans, env={}))["arxiv"]
    assert result.skipped and result.error is not None and result.error.startswith("KC006")
