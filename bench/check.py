"""Benchmark of ``querylang check``: requests per database, and wall time
against the slowest database's paced bound.

A known set of N records (default 200: a quarter each DOIs, PMIDs, arXiv
ids and IEEE numbers; every record in every fake, half of them matching
the strategy's words) is checked for examples/llm-medical-imaging.qry (4
lines) against the loopback fakes (started here, in-process, searching
their own records) with 20 ms latency; arXiv paced one request every 0.3 s,
the others 20 requests/s (QUERYLANG_*_INTERVAL). Printed per database: the
requests sent, the announced upper bound, the recall. The bound is the
slowest database's requests times its spacing; target: wall <= 1.15 x bound.
A second check with the search log as cache must send no request.

    .venv/bin/python bench/check.py [N]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querylang import analyze  # noqa: E402
from querylang.known.items import parse_known  # noqa: E402
from querylang.known.log import CheckRecorder, answer_cache  # noqa: E402
from querylang.known.run import build_check_plans, check_databases  # noqa: E402
from querylang.runner import RunSettings, spacing  # noqa: E402
from querylang.store import SearchLog  # noqa: E402
from tests.fakes import FakeArxiv, FakeIEEE, FakePubMed, FakeWoS  # noqa: E402
from tests.fakes.idclause import FakeRecord  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LATENCY = 0.02
INTERVALS = {"pubmed": 0.05, "wos": 0.05, "arxiv": 0.3, "ieee": 0.05}
TARGET_RATIO = 1.15


def records(count: int) -> list[FakeRecord]:
    made = []
    for n in range(count):
        words = ("Large language models in radiology" if n % 2 == 0
                 else "Convolutional networks for weather forecasts")
        made.append(FakeRecord(f"{words} {n}", year=2020, pmid=str(39_000_000 + n),
                               doi=f"10.5555/bench.{n:05d}", uid=f"WOS:003{n:012d}",
                               arxiv_id=f"2001.{n:05d}", ieee=str(40_000_000 + n)))
    return made


def known_text(count: int) -> str:
    lines = []
    for n in range(count):
        kind = n % 4
        lines.append([f"10.5555/bench.{n:05d}", str(39_000_000 + n), f"2001.{n:05d}",
                      f"ieee:{40_000_000 + n}"][kind])
    return "\n".join(lines) + "\n"


def main(count: int) -> int:
    strategy = analyze((ROOT / "examples" / "llm-medical-imaging.qry").read_text()).strategy
    assert strategy is not None
    known = parse_known(known_text(count))
    fakes = {"pubmed": FakePubMed(latency=LATENCY, rate_limit=None, any_key=True),
             "wos": FakeWoS(latency=LATENCY, any_key=True),
             "arxiv": FakeArxiv(latency=LATENCY, min_interval=0.0),
             "ieee": FakeIEEE(latency=LATENCY, any_key=True)}
    held = records(count)
    env = {"WOS_API_KEY": "k", "IEEE_API_KEY": "k"}
    for name, fake in fakes.items():
        fake.searchable_records = held
        fake.start()
        env[f"QUERYLANG_{name.upper()}_URL"] = fake.url
        env[f"QUERYLANG_{name.upper()}_INTERVAL"] = str(INTERVALS[name])
    try:
        plans = build_check_plans(strategy, list(fakes), known.items)
        settings = RunSettings.from_env(env)
        with tempfile.TemporaryDirectory() as folder, SearchLog(Path(folder) / "log") as log:
            recorder = CheckRecorder(log, started="2026-01-01T00:00:00+00:00", version="bench",
                                     source_name="bench", source_text="bench",
                                     known_name="bench", known=[], warn=print)
            import httpx  # noqa: F401  (imported off the clock, as in a warm process)

            started = time.perf_counter()
            results = asyncio.run(check_databases(plans, on_answer=recorder.answer,
                                                  settings=settings, env=env))
            wall = time.perf_counter() - started
            again = asyncio.run(check_databases(plans, cached=answer_cache(log, 1.0),
                                                settings=settings, env=env))
    finally:
        for fake in fakes.values():
            fake.stop()
    print(f"{count} known records, {len(strategy.lines)} lines")
    bound = 0.0
    for plan in plans:
        result = results[plan.target]
        bound = max(bound, result.requests * spacing(INTERVALS[plan.target]))
        print(f"  {plan.target:7} {result.requests:4} requests (announced at most "
              f"{plan.estimate():4}), indexed {len(result.indexed or []):4}, final recall "
              f"{result.final_recall}, error {result.error}")
    ratio = wall / bound if bound else 0.0
    print(f"wall {wall:.2f} s, paced bound {bound:.2f} s, ratio {ratio:.2f} "
          f"(target <= {TARGET_RATIO})")
    resent = sum(result.requests for result in again.values())
    print(f"second check: {resent} requests sent (target 0)")
    return 0 if ratio <= TARGET_RATIO and resent == 0 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
