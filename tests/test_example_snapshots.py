"""Every examples/*.qry compiled for every target, checked against a
snapshot in tests/snapshots/<example>.<target>.txt.

Regenerate with QUERYLANG_UPDATE_SNAPSHOTS=1 (then review the diff by eye).
A missing snapshot fails the test: it never silently passes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from querylang.compiler import TARGETS, compile_query
from querylang.databases import REGISTRY
from querylang.diagnostics import sort_key
from querylang.targets.base import Compiled

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.qry"))
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("QUERYLANG_UPDATE_SNAPSHOTS") == "1"


def render(result: Compiled) -> str:
    """A stable, reviewable text form: query, API request, notes, diagnostics."""
    out = [f"query: {result.query}"]
    if result.api is not None:
        out.append(f"api: {result.api.method} {result.api.url}")
        out.extend(f"  {key}={value}" for key, value in result.api.params.items())
        out.extend(f"  header {name}" for name in result.api.headers)
    out.extend(f"note: {note}" for note in result.notes)
    for d in sorted(result.diagnostics, key=sort_key):
        out.append(f"{d.span.line}:{d.span.column} {d.code} {d.severity.value}: {d.message}")
    return "\n".join(out) + "\n"


@pytest.mark.skipif(not EXAMPLES, reason="no examples/*.qry yet")
@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_snapshot(example: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for entry in REGISTRY.values():
        if entry.spec is not None:  # snapshots hold the real URLs
            monkeypatch.delenv(entry.spec.url_env, raising=False)
    text = example.read_text(encoding="utf-8")
    actual = render(compile_query(text, target))
    snapshot = SNAPSHOTS / f"{example.stem}.{target}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
        return
    assert snapshot.exists(), (
        f"missing snapshot {snapshot.name}: run QUERYLANG_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    )
    assert actual == snapshot.read_text(encoding="utf-8")
