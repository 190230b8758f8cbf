"""Import the Web of Science round-trip strategies, and one long search history.

Prints milliseconds per strategy for ``import_strategy(text, "wos")``
(split, read, renumber, and the portable checks of the result) over the
strategies in tests/fixtures/native/wos/, then for one generated history of
N searches (default 200) of 20 terms each under TS= plus the combining
lines. A figure to read, not a test.

    python bench/import_wos.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from querylang.imports import import_strategy

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "native" / "wos"


def _best(text: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = import_strategy(text, "wos")
        best = min(best, time.perf_counter() - start)
    assert result.ok, result.diagnostics
    return best * 1000


def history(searches: int) -> str:
    lines = []
    for n in range(1, searches + 1):
        terms = " OR ".join(f'"topic{n} word{i}*"' if i % 3 else f"word{n}x{i}"
                            for i in range(20))
        lines.append(f"#{n} TS=({terms})")
    lines.append(f"#{searches + 1} " + " AND ".join(f"#{n}" for n in range(1, searches + 1)))
    lines.append(f"#{searches + 2} #{searches + 1} AND PY=(2013-2023) AND LA=(English)")
    return "\n".join(lines) + "\n"


def main() -> None:
    searches = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    files = sorted(FIXTURES.glob("*.txt"))
    import_strategy(files[0].read_text(encoding="utf-8"), "wos")  # parser tables, imports
    times = [_best(p.read_text(encoding="utf-8")) for p in files]
    print(f"{len(files)} fixture strategies: median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms per strategy")
    text = history(searches)
    terms = searches * 20
    took = _best(text, repeat=3)
    print(f"one history of {searches + 2} searches ({terms} terms, {len(text):,} characters): "
          f"{took:.0f} ms, {took * 1000 / terms:.1f} us per term")


if __name__ == "__main__":
    main()
