"""Serve every database's fake until interrupted: ``python -m tests.fakes``.

For demos and benchmarks of the real CLI against loopback. It keeps running
(Ctrl-C stops it) and prints shell lines for a second terminal, to paste or
to ``eval``; the whole output is a valid shell script::

    python -m tests.fakes > fakes.env &      # or in a terminal of its own
    . ./fakes.env && querylang run examples/llm-medical-imaging.qry

With ``--demo-records`` the fakes search the records of
``tests/fakes/demo_records.py`` (their counts are then of those records),
for ``querylang check examples/llm-medical-imaging.qry --known
examples/llm-medical-imaging.known`` (docs/known-items.md).
The fakes serve records (``querylang records``) from one shared pool of
about 900 works with known duplicates across the databases
(tests/fakes/pool.py); every query then counts that database's share of the
pool (``--pool 0``: no pool, counts made up from the query text).

The lines point querylang at the fakes and at a search log of their own
(``QUERYLANG_HOME``, removed when the fakes stop), so that made-up counts
never land in the real log. A key variable already set (``NCBI_API_KEY``,
``WOS_API_KEY``, ``IEEE_API_KEY``, ``SCOPUS_API_KEY``, ``OPENALEX_API_KEY``) is
kept as it is (``${VAR:-fake}``), and these fakes accept any key, so a
user's real key is neither overwritten nor needed; they never print or log
a key.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import signal
import sys
import tempfile
import time
from types import FrameType

from .arxiv import FakeArxiv
from .base import FakeServer
from .europepmc import FakeEuropePMC
from .ieee import FakeIEEE
from .openalex import FakeOpenAlex
from .openalex_pool import add_openalex_share
from .pool import DEMO_POOL_SIZE, make_pool
from .pubmed import FakePubMed
from .scopus import FakeScopus
from .wos import FakeWoS


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument(
        "--port-base", type=int, default=0,
        help="PubMed BASE, WoS +1, arXiv +2, IEEE +3, Scopus +4, Europe PMC +5, OpenAlex +6 "
        "(each database's registry order - 1); 0 = any",
    )
    parser.add_argument("--arxiv-interval", type=float, default=3.0, help="arXiv spacing, s")
    parser.add_argument("--no-rate-limits", action="store_true", help="no PubMed/arXiv limits")
    parser.add_argument("--demo-records", action="store_true",
                        help="search the records of tests/fakes/demo_records.py (querylang check)")
    parser.add_argument("--pool", type=int, default=DEMO_POOL_SIZE, metavar="WORKS",
                        help="serve records from a shared pool of about WORKS works "
                        "(counts are then the pool's; 0: no pool, counts from the query text)")
    return parser.parse_args(argv)


def _port(args: argparse.Namespace, offset: int) -> int:
    return args.port_base + offset if args.port_base else 0


#: The variables the printed lines set, for the line that undoes them.
URL_VARIABLES = (
    "QUERYLANG_PUBMED_URL", "QUERYLANG_WOS_URL", "QUERYLANG_ARXIV_URL", "QUERYLANG_IEEE_URL",
    "QUERYLANG_SCOPUS_URL", "QUERYLANG_EUROPEPMC_URL", "QUERYLANG_OPENALEX_URL",
)


def _exports(
    pubmed: FakePubMed, wos: FakeWoS, arxiv: FakeArxiv, ieee: FakeIEEE, scopus: FakeScopus,
    europepmc: FakeEuropePMC, openalex: FakeOpenAlex, home: str,
) -> list[str]:
    """The shell lines that point the client at the fakes. A key is given only
    where the shell has none (``${VAR:-...}``): a real key is never replaced."""
    urls = (pubmed.url, wos.url, arxiv.url, ieee.url, scopus.url, europepmc.url, openalex.url)
    lines = [
        f"export {name}={shlex.quote(url)}"
        for name, url in zip(URL_VARIABLES, urls, strict=True)
    ]
    lines.append(f"export QUERYLANG_HOME={shlex.quote(home)}")
    for name, key in (("NCBI_API_KEY", pubmed.api_key), ("WOS_API_KEY", wos.api_key),
                      ("IEEE_API_KEY", ieee.api_key), ("SCOPUS_API_KEY", scopus.api_key),
                      ("OPENALEX_API_KEY", openalex.api_key)):
        lines.append(f'export {name}="${{{name}:-{key}}}"')
    lines.append(f"# when done: unset {' '.join(URL_VARIABLES)} QUERYLANG_HOME "
                 "(and any key still set to fake-...)")
    return lines


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    free, latency = args.no_rate_limits, args.latency
    pubmed = FakePubMed(
        latency=latency,
        port=_port(args, 0),
        rate_limit=None if free else 3,
        rate_limit_with_key=None if free else 10,
        any_key=True,
    )
    wos = FakeWoS(latency=latency, port=_port(args, 1), any_key=True)
    interval = 0.0 if free else args.arxiv_interval
    arxiv = FakeArxiv(latency=latency, port=_port(args, 2), min_interval=interval)
    ieee = FakeIEEE(latency=latency, port=_port(args, 3), any_key=True)
    scopus = FakeScopus(latency=latency, port=_port(args, 4), any_key=True)
    europepmc = FakeEuropePMC(latency=latency, port=_port(args, 5))
    # OpenAlex's real tiers (10 a second keyless, 30 with a key) unless told otherwise.
    openalex = FakeOpenAlex(latency=latency, port=_port(args, 6), any_key=True,
                            rate_limit=0 if free else None)
    fakes: list[FakeServer] = [pubmed, wos, arxiv, ieee, scopus, europepmc, openalex]
    if args.demo_records:
        from .demo_records import DEMO_RECORDS

        for fake in (pubmed, wos, arxiv, ieee, scopus):
            fake.searchable_records = DEMO_RECORDS
        europepmc.searchable_records = DEMO_RECORDS
    if args.pool > 0:
        pool = make_pool(args.pool)
        add_openalex_share(pool)  # drawn apart: the four's shares stay as they were
        for fake in fakes:
            fake.pool = pool
    home = tempfile.mkdtemp(prefix="querylang-fakes-")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        for fake in fakes:
            fake.start()
        print("\n".join(_exports(pubmed, wos, arxiv, ieee, scopus, europepmc, openalex, home)))
        print("# serving until Ctrl-C; in another terminal, paste the lines above "
              "(or eval them) and run querylang", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        for fake in fakes:
            fake.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
