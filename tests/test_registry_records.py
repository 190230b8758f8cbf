"""The records and known-item paths know databases only through the registry
(issue 15): no module of querylang/records/ or querylang/known/ names a
database in its code, and each database's records and known-item parts are
found through its registry entry."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from querylang.databases import REGISTRY, RUNNABLE

ROOT = Path(__file__).parents[1] / "querylang"
GENERIC = sorted([*ROOT.glob("records/*.py"), *ROOT.glob("known/*.py")])
#: Identifier kinds that share a database's name: the arXiv id (a scheme other
#: databases give too), the IEEE article number written ``ieee:NUMBER`` in a
#: known set, and ``pubmed`` as a CSV column heading for PMIDs. They name an
#: identifier, not a database, and stay in the modules that parse identifiers.
IDENTIFIER_KINDS = {
    "known/items.py": {"arxiv", "ieee", "pubmed"},
    "records/dedup.py": {"arxiv"},             # REASON_ARXIV: merged by arXiv id
    "records/export.py": {"arxiv", "arXiv"},   # that reason; BibTeX archiveprefix = {arXiv}
    "records/sources.py": {"arxiv"},           # native_id_kind == "arxiv" (an id kind)
}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _names_in(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    names = {*REGISTRY, *(entry.display for entry in REGISTRY.values())}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and node.value in names]


@pytest.mark.parametrize("path", GENERIC, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_database_name_in_the_generic_records_and_known_modules(path: Path) -> None:
    allowed = IDENTIFIER_KINDS.get(f"{path.parent.name}/{path.name}", set())
    assert [(line, name) for line, name in _names_in(path) if name not in allowed] == []


def test_the_check_finds_database_names(tmp_path: Path) -> None:
    """The scan itself works: a literal, a comparison, a display name."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""PubMed in a docstring is fine."""\n'
                      'def f(x):\n    return x == "wos" or x == "IEEE Xplore"\n')
    assert _names_in(sample) == [(3, "wos"), (3, "IEEE Xplore")]


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
        assert hook.kinds and hook.batch > 0 and hook.size_param


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
