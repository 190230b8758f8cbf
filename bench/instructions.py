"""Instructions per strategy, counted by valgrind: figures a noisy machine cannot move.

    python bench/instructions.py [--count 100] [--seed 6]
    python bench/instructions.py --cold-start

Timings on a shared VM drift by up to 2x from one minute to the next; the
number of machine instructions a piece of work executes does not. This
script runs each pipeline of bench/vs_search_query.py on the same generated
strategies under ``valgrind --tool=callgrind`` and prints the instructions
per strategy, the work of preparing the strategies (imports, generation,
warm-up) subtracted by running the same child once without the work:

- querylang: parse and check (``analyze``);
- querylang: parse, check and compile for every database with an API
  (``querylang.compile(text)``), and for Web of Science alone
  (``querylang.compile(text, "wos")``, the work search-query does);
- search-query: parse the PubMed form and translate it to WoS.

With ``--cold-start`` it counts instead the whole start of the commands a
user meets, ``querylang lint`` and ``querylang compile`` (all databases, and
``--to pubmed``) on the example strategy, as ``python -m querylang`` with
its bytecode already written (bench/coldstart.py).

The ratio of instructions is no stand-in for the timed ratio (memory and
caches count too) but it is the same on every run, so it shows what a
change to the code did. Needs valgrind (``apt install valgrind``); each
child runs about 50 times slower under it, hence the small default count.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The child: prepare the strategies, warm every pipeline up, then run one
#: of them (or none: the baseline) over all the strategies.
CHILD = """
import sys
sys.path.insert(0, {here!r})
from vs_search_query import (ONE_TARGET, make_strategies, querylang_pipeline,
                             search_query_pipeline)
from querylang import analyze
strategies = make_strategies({count}, {seed})
pipelines = {{
    "analyze": lambda s: analyze(s.portable),
    "querylang": lambda s, run=querylang_pipeline(): run(s.portable),
    "querylang-one": lambda s, run=querylang_pipeline([ONE_TARGET]): run(s.portable),
    "search-query": lambda s, run=search_query_pipeline(): run(s.pubmed),
}}
for strategy in strategies[:10]:
    for pipeline in pipelines.values():
        pipeline(strategy)
chosen = pipelines.get(sys.argv[1])
if chosen is not None:
    for strategy in strategies:
        chosen(strategy)
"""

_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(child: str, pipeline: str) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", child, pipeline],
        capture_output=True, text=True, check=False,
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed for {pipeline}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


EXAMPLE = HERE.parent / "examples" / "llm-medical-imaging.qry"
#: The commands whose start ``--cold-start`` counts.
COLD_STARTS = (["lint"], ["compile"], ["compile", "--to", "pubmed"])


def cold_start_instructions(command: Sequence[str]) -> int:
    """Instructions of one ``python -m querylang COMMAND example`` run."""
    sys.path.insert(0, str(HERE))
    from coldstart import startup_env

    argv = [sys.executable, "-m", "querylang", *command, str(EXAMPLE)]
    env = startup_env()
    subprocess.run(argv, capture_output=True, check=False, env=env)  # writes the bytecode
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True, text=True, check=False, env=env,
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode not in (0, 1) or found is None:  # 1: the example's warnings
        raise SystemExit(f"valgrind failed for {' '.join(command)}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--count", type=int, default=100, help="strategies (default 100)")
    options.add_argument("--seed", type=int, default=6, help="generator seed (default 6)")
    options.add_argument("--cold-start", action="store_true",
                         help="count the start of lint and compile instead")
    args = options.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count")
        return 1
    if args.cold_start:
        print("cold start, million instructions (python -m querylang ... example):")
        for command in COLD_STARTS:
            print(f"  {' '.join(command):<22} {cold_start_instructions(command) / 1e6:7.1f}")
        return 0
    child = CHILD.format(here=str(HERE), count=args.count, seed=args.seed)
    base = instructions(child, "none")
    per = {
        name: (instructions(child, name) - base) / args.count / 1e6
        for name in ("analyze", "querylang", "querylang-one", "search-query")
    }
    from vs_search_query import ONE_TARGET, TARGETS

    every = f"querylang.compile, {len(TARGETS)} databases"
    one = f"querylang.compile, {ONE_TARGET} alone"
    print(f"strategies: {args.count} (seed {args.seed}), million instructions per strategy:")
    rows = (("querylang", "parse + check", per["analyze"]),
            ("querylang", every, per["querylang"]),
            ("querylang", one, per["querylang-one"]),
            ("search-query", "parse PubMed + translate to WoS", per["search-query"]))
    width = max(len(label) for _, label, _ in rows) + 1
    for who, label, value in rows:
        print(f"  {who:<14}{label + ':':<{width}} {value:7.3f}")
    sq = per["search-query"]
    print(f"  ratio (search-query / {every}): {sq / per['querylang']:.1f}x")
    print(f"  ratio (search-query / {one}): {sq / per['querylang-one']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
