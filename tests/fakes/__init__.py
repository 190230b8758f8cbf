"""Fake database APIs on 127.0.0.1 (PubMed, Web of Science, arXiv, IEEE Xplore,
Scopus, Europe PMC, OpenAlex).

Real HTTP servers (standard library only) that validate requests as the
real services do and answer in their exact shapes, with deterministic hit
counts and scriptable faults, so client code is tested end to end without
the internet. Pytest fixtures live in ``tests.fakes.fixtures``; run
``python -m tests.fakes`` to serve every database's fake for a demo or a benchmark.
"""

from .arxiv import FakeArxiv
from .base import FakeServer, Fault, FaultSpec, RecordedRequest, Reply, stable_count
from .europepmc import FakeEuropePMC
from .ieee import FakeIEEE
from .openalex import FakeOpenAlex
from .pool import PoolRecord, RecordPool, make_pool
from .pubmed import FakePubMed
from .scopus import FakeScopus
from .wos import FakeWoS

#: Environment variable that points the client at each fake's ``url``.
URL_ENV = {
    FakePubMed: "QUERYLANG_PUBMED_URL",
    FakeWoS: "QUERYLANG_WOS_URL",
    FakeArxiv: "QUERYLANG_ARXIV_URL",
    FakeIEEE: "QUERYLANG_IEEE_URL",
    FakeScopus: "QUERYLANG_SCOPUS_URL",
    FakeEuropePMC: "QUERYLANG_EUROPEPMC_URL",
}

__all__ = [
    "URL_ENV",
    "FakeArxiv",
    "FakeEuropePMC",
    "FakeIEEE",
    "FakeOpenAlex",
    "FakePubMed",
    "FakeScopus",
    "FakeServer",
    "FakeWoS",
    "PoolRecord",
    "RecordPool",
    "make_pool",
    "Fault",
    "FaultSpec",
    "RecordedRequest",
    "Reply",
    "stable_count",
]
