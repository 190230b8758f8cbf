"""Parse-and-check (and compile) time of very large strategies.

    python bench/large.py [N ...]          # default: 10000 100000 300000

One line of N ORed words (``term0 OR term1 OR ...``), and the same N words
ANDed, through ``analyze`` (parse + checks, what `querylang lint` does) and
``compile_text`` to PubMed. Building the OR/AND chains must be linear: 10x
the terms should cost about 10x the time, not 100x (issue 11). Strategies
above the size cap (querylang.parser.MAX_TERMS) are refused with QL014 at
once; the figures above the cap measure that refusal, and "build s" (the
parser's tree building alone, no cap) shows the building stays linear.
"""

from __future__ import annotations

import sys
import time


def strategy(terms: int, operator: str) -> str:
    return f" {operator} ".join(f"term{i}" for i in range(terms)) + "\n"


def seconds(function: object, text: str) -> float:
    start = time.perf_counter()
    function(text)  # type: ignore[operator]
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    from querylang import analyze
    from querylang.compiler import compile_text
    from querylang.parser import _driver

    analyze("warm AND up\n")
    print(f"{'terms':>8} {'op':>4} {'build s':>8} {'us/term':>8} {'analyze s':>10} "
          f"{'compile s':>10}  result")
    for terms in sizes:
        for operator in ("OR", "AND"):
            text = strategy(terms, operator)
            analysis = analyze(text)
            codes = sorted({d.code for d in analysis.diagnostics}) or ["ok"]
            parse_s = seconds(analyze, text)
            compile_s = seconds(lambda t: compile_text(t, ["pubmed"]), text)
            build_s = seconds(_driver().parse, text)
            per_term = build_s / terms * 1e6
            print(f"{terms:>8} {operator:>4} {build_s:>8.3f} {per_term:>8.2f} {parse_s:>10.3f} "
                  f"{compile_s:>10.3f}  {','.join(codes)}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 300_000])
