"""Import the round-trip strategies of each dialect, and one long search history.

Prints milliseconds per strategy for ``import_strategy(text, dialect)``
(split, read, renumber, portable checks) over the round-trip strategies in
tests/fixtures/native/<dialect>/, then for one generated history of N
searches (default 200) of 20 terms each plus the combining search and a
limits line, to show that time per term stays flat as N grows::

    python bench/imports.py [N] [--from pubmed|wos|ovid]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from querylang.imports import import_strategy

NATIVE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "native"


def _pubmed_term(n: int, i: int) -> str:
    return f'"topic{n} word{i}*"[tiab]' if i % 3 else f"Heading {n}-{i}[mh]"


def _wos_term(n: int, i: int) -> str:
    return f'"topic{n} word{i}*"' if i % 3 else f"word{n}x{i}"


def _ovid_term(n: int, i: int) -> str:
    return f"topic{n} word{i}$" if i % 3 else f"word{n}x{i}"


#: per dialect: one term, how a search holds its terms, the limits line's limits
SHAPES: dict[str, tuple[Callable[[int, int], str], str, str]] = {
    "pubmed": (_pubmed_term, "{terms}", "2013:2023[dp] AND english[la]"),
    "wos": (_wos_term, "TS=({terms})", "PY=(2013-2023) AND LA=(English)"),
    "ovid": (_ovid_term, "({terms}).ti,ab.", '(english language and yr="2013 - 2023")'),
}


def _ovid_history(searches: int) -> str:
    """Ovid's own shape: bare numbers, "1 and 2", and a limit line."""
    term, search, limits = SHAPES["ovid"]
    lines = [f"{n} " + search.format(terms=" or ".join(term(n, i) for i in range(20)))
             for n in range(1, searches + 1)]
    lines.append(f"{searches + 1} " + " and ".join(str(n) for n in range(1, searches + 1)))
    lines.append(f"{searches + 2} limit {searches + 1} to {limits}")
    return "\n".join(lines) + "\n"


def history(dialect: str, searches: int) -> str:
    if dialect == "ovid":
        return _ovid_history(searches)
    term, search, limits = SHAPES[dialect]
    lines = [f"#{n} " + search.format(terms=" OR ".join(term(n, i) for i in range(20)))
             for n in range(1, searches + 1)]
    lines.append(f"#{searches + 1} " + " AND ".join(f"#{n}" for n in range(1, searches + 1)))
    lines.append(f"#{searches + 2} #{searches + 1} AND {limits}")
    return "\n".join(lines) + "\n"


def _best(text: str, dialect: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = import_strategy(text, dialect)
        best = min(best, time.perf_counter() - start)
    assert result.ok, result.diagnostics
    return best * 1000


def measure(dialect: str, searches: int) -> None:
    files = sorted(p for p in (NATIVE / dialect).iterdir() if p.suffix in (".txt", ".csv"))
    import_strategy(files[0].read_text(encoding="utf-8"), dialect)  # parser tables, imports
    times = [_best(p.read_text(encoding="utf-8"), dialect) for p in files]
    print(f"{dialect}: {len(files)} fixture strategies: median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms per strategy")
    text = history(dialect, searches)
    terms = searches * 20
    took = _best(text, dialect, repeat=3)
    print(f"{dialect}: one history of {searches + 2} searches ({terms} terms, "
          f"{len(text):,} characters): {took:.0f} ms, {took * 1000 / terms:.1f} us per term")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("searches", nargs="?", type=int, default=200)
    parser.add_argument("--from", dest="dialect", choices=sorted(SHAPES))
    args = parser.parse_args()
    for dialect in [args.dialect] if args.dialect else sorted(SHAPES):
        measure(dialect, args.searches)


if __name__ == "__main__":
    main()
