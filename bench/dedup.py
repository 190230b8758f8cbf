"""Deduplication of synthetic records: time, memory, precision and recall.

    python bench/dedup.py [--count 100000] [--share 0.3] [--seed 13] [--repeat 3]

Builds ``--count`` synthetic records (``tests/records_synth.py``: shared
DOIs, WoS records with PMIDs, arXiv preprints without DOI a year early,
title variants, records without identifiers, typos, and distractors with
the same title but another DOI), about ``--share`` of them duplicates, with
the truth of which records are one work. Prints the wall time of
``deduplicate`` (median of ``--repeat``), the memory it allocated at peak
(tracemalloc, a separate run: tracing slows it down) and the process's
peak resident size, and pairwise precision and recall of the merges
against the truth. On a shared machine the wall time follows the load; the
process's CPU time is printed beside it. Targets (issue 13 item 9): < 2 s and < 500 MB for
100,000 records with 30% duplicates; precision 1.0, recall >= 0.98.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querylang.records.dedup import deduplicate  # noqa: E402
from tests.records_synth import pair_scores, synthetic_records  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    synthetic = synthetic_records(args.count, args.share, args.seed)
    records = synthetic.records
    works_true = len(set(synthetic.truth))
    print(
        f"{len(records):,} records, {works_true:,} works: "
        f"{1 - works_true / len(records):.1%} duplicates"
    )
    for kind, number in synthetic.kinds.most_common():
        print(f"  {number:>7,}  {kind}")

    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = deduplicate(records)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tracemalloc.start()
    deduplicate(records)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    index = {record.key: i for i, record in enumerate(records)}
    predicted = [[index[r.key] for r in work.records] for work in result.works]
    precision, recall = pair_scores(predicted, synthetic.truth)
    reasons = Counter(merge.reason for merge in result.merges())
    print(
        f"deduplicate: {statistics.median(times):.2f} s median of {args.repeat} "
        f"(min {min(times):.2f} s; CPU {statistics.median(cpu):.2f} s, the figure to "
        f"trust on a busy machine); allocated at peak {peak / 2**20:.0f} MB; "
        f"process peak resident {resident:.0f} MB (records included)"
    )
    print(
        f"works {len(result.works):,}, duplicates removed {result.duplicates_removed:,}; "
        f"merges by reason: "
        + ", ".join(f"{reason} {number:,}" for reason, number in sorted(reasons.items()))
    )
    print(
        f"possible duplicates {len(result.possible):,}; same-title groups left apart "
        f"{result.ambiguous_titles:,}; oversized title blocks {len(result.oversized_titles)}"
    )
    print(f"precision {precision:.4f}  recall {recall:.4f}  (pairs of records)")


if __name__ == "__main__":
    main()
