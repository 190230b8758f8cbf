"""Serve all four fakes until interrupted: ``python -m tests.fakes``.

For demos and benchmarks of the real CLI against loopback. Prints the
``export`` lines to paste into the shell that runs the client.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType

from .arxiv import FakeArxiv
from .base import FakeServer
from .ieee import FakeIEEE
from .pubmed import FakePubMed
from .wos import FakeWoS


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument(
        "--port-base", type=int, default=0, help="PubMed BASE, WoS +1, arXiv +2, IEEE +3; 0 = any"
    )
    parser.add_argument("--arxiv-interval", type=float, default=3.0, help="arXiv spacing, s")
    parser.add_argument("--no-rate-limits", action="store_true", help="no PubMed/arXiv limits")
    return parser.parse_args(argv)


def _port(args: argparse.Namespace, offset: int) -> int:
    return args.port_base + offset if args.port_base else 0


def _exports(pubmed: FakePubMed, wos: FakeWoS, arxiv: FakeArxiv, ieee: FakeIEEE) -> list[str]:
    """The shell lines that point the client at the fakes, keys included."""
    return [
        f"export QUERYLANG_PUBMED_URL={pubmed.url}",
        f"export QUERYLANG_WOS_URL={wos.url}",
        f"export QUERYLANG_ARXIV_URL={arxiv.url}",
        f"export QUERYLANG_IEEE_URL={ieee.url}",
        f"export NCBI_API_KEY={pubmed.api_key}",
        f"export WOS_API_KEY={wos.api_key}",
        f"export IEEE_API_KEY={ieee.api_key}",
    ]


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
    )
    wos = FakeWoS(latency=latency, port=_port(args, 1))
    interval = 0.0 if free else args.arxiv_interval
    arxiv = FakeArxiv(latency=latency, port=_port(args, 2), min_interval=interval)
    ieee = FakeIEEE(latency=latency, port=_port(args, 3))
    fakes: list[FakeServer] = [pubmed, wos, arxiv, ieee]
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        for fake in fakes:
            fake.start()
        print("\n".join(_exports(pubmed, wos, arxiv, ieee)))
        print("# serving; Ctrl-C to stop", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        for fake in fakes:
            fake.stop()


if __name__ == "__main__":
    sys.exit(main())
