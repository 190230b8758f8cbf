"""Parse and compile 1,000 generated strategies to all four targets.

Each strategy has about 20 terms: three OR blocks of words, phrases and
truncated words, combined on a fourth line with a year and a language limit.
Prints milliseconds per strategy (target: under 1 ms for the four targets
together). A figure to read, not a test.

    python bench/compile.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from querylang import analyze
from querylang.compiler import TARGETS, expand_references

WORDS = (
    "asthma wheeze child infant adolescent radiology imaging segmentation model network "
    "transformer language patient therapy outcome diagnosis screening cohort trial review"
).split()


def term(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f'"{rng.choice(WORDS)} {rng.choice(WORDS)[:6]}*"'
    if kind < 0.5:
        return f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"'
    if kind < 0.75:
        return rng.choice(WORDS)[:5] + "*"
    return rng.choice(WORDS)


def strategy(rng: random.Random) -> str:
    blocks = [" OR ".join(term(rng) for _ in range(rng.choice((6, 7)))) for _ in range(3)]
    lines = [f"{i}. {block}" for i, block in enumerate(blocks, start=1)]
    lines.append("4. #1 AND #2 AND #3 AND year:2013-2023 AND lang:english")
    return "\n".join(lines)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(7)
    texts = [strategy(rng) for _ in range(count)]
    analyze(texts[0])  # build (or load) the parser tables outside the timing
    parse_ms: list[float] = []
    compile_ms: list[float] = []
    for text in texts:
        t0 = time.perf_counter()
        analysis = analyze(text)
        t1 = time.perf_counter()
        assert analysis.strategy is not None and analysis.ok, text
        final = expand_references(analysis.strategy)[-1]  # the strategy's query, #n expanded
        for cls in TARGETS.values():
            cls().compile_line(final, len(analysis.strategy.lines))
        t2 = time.perf_counter()
        parse_ms.append((t1 - t0) * 1000)
        compile_ms.append((t2 - t1) * 1000)
    total = [a + b for a, b in zip(parse_ms, compile_ms, strict=True)]
    print(f"{count} strategies of ~20 terms, final query compiled for all {len(TARGETS)} targets")
    print(f"parse + checks : {statistics.mean(parse_ms):.3f} ms/strategy (median {statistics.median(parse_ms):.3f})")
    print(f"compile (x4)   : {statistics.mean(compile_ms):.3f} ms/strategy (median {statistics.median(compile_ms):.3f})")
    print(f"total          : {statistics.mean(total):.3f} ms/strategy (median {statistics.median(total):.3f}); target < 1 ms")


if __name__ == "__main__":
    main()
