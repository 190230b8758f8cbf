"""Parse-and-check speed, and the cold start of `querylang lint`.

    python bench/parse.py

Targets (issue 2): parse + check of the example strategy under 1 ms after
warm-up; cold start of `querylang lint examples/llm-medical-imaging.qry`
under 250 ms.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

from coldstart import wall

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "llm-medical-imaging.qry"


def parse_and_check_ms(rounds: int = 2000) -> float:
    from querylang import analyze

    text = EXAMPLE.read_text(encoding="utf-8")
    for _ in range(200):  # warm-up: grammar built, caches filled
        analyze(text)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        analysis = analyze(text)
        samples.append(time.perf_counter() - start)
    assert analysis.ok
    return statistics.median(samples) * 1000


def cold_start_ms(runs: int = 10) -> tuple[float, float]:
    command = shutil.which("querylang")
    argv = [command] if command else [sys.executable, "-m", "querylang"]
    argv += ["lint", str(EXAMPLE)]
    wall(argv)  # writes the bytecode (see bench/coldstart.py)
    samples = []
    for _ in range(runs):
        seconds, done = wall(argv)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr}")
        samples.append(seconds)
    return statistics.median(samples) * 1000, min(samples) * 1000


def main() -> None:
    per_parse = parse_and_check_ms()
    print(f"parse + check, example strategy: {per_parse:.3f} ms median (target < 1 ms)")
    median, best = cold_start_ms()
    print(
        f"cold start, querylang lint example: {median:.0f} ms median, {best:.0f} ms best (target < 250 ms)"
    )


if __name__ == "__main__":
    main()
