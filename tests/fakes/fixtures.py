"""Pytest fixtures starting one fresh fake per test.

Each fixture points the client at its fake through the QUERYLANG_*_URL
variable and sets the key variable the client reads (WOS_API_KEY,
IEEE_API_KEY, SCOPUS_API_KEY, OPENALEX_API_KEY) to the fake's valid key;
NCBI_API_KEY is removed so PubMed runs keyless (3 requests/s) unless a
test sets it to ``fake.api_key``.
The arXiv fake is built with ``min_interval=0`` so tests are not slowed
by the 3-second rule; a test about pacing sets ``fake_arxiv.min_interval``.
``pooled_apis`` makes every fake serve the records of one shared pool
(tests/fakes/pool.py), whose truth says which records are the same work.
Load with ``pytest_plugins = ["tests.fakes.fixtures"]`` in the root conftest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .arxiv import FakeArxiv
from .base import FakeServer
from .europepmc import FakeEuropePMC
from .ieee import FakeIEEE
from .openalex import FakeOpenAlex
from .openalex_pool import add_openalex_share
from .pool import RecordPool, make_pool
from .pubmed import FakePubMed
from .scopus import FakeScopus
from .wos import FakeWoS


@pytest.fixture
def fake_pubmed(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePubMed]:
    with FakePubMed() as fake:
        monkeypatch.setenv("QUERYLANG_PUBMED_URL", fake.url)
        monkeypatch.delenv("NCBI_API_KEY", raising=False)
        yield fake


@pytest.fixture
def fake_wos(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWoS]:
    with FakeWoS() as fake:
        monkeypatch.setenv("QUERYLANG_WOS_URL", fake.url)
        monkeypatch.setenv("WOS_API_KEY", fake.api_key)
        yield fake


@pytest.fixture
def fake_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    with FakeArxiv(min_interval=0.0) as fake:
        monkeypatch.setenv("QUERYLANG_ARXIV_URL", fake.url)
        yield fake


@pytest.fixture
def fake_ieee(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIEEE]:
    with FakeIEEE() as fake:
        monkeypatch.setenv("QUERYLANG_IEEE_URL", fake.url)
        monkeypatch.setenv("IEEE_API_KEY", fake.api_key)
        yield fake


@pytest.fixture
def fake_scopus(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeScopus]:
    with FakeScopus() as fake:
        monkeypatch.setenv("QUERYLANG_SCOPUS_URL", fake.url)
        monkeypatch.setenv("SCOPUS_API_KEY", fake.api_key)
        yield fake


@pytest.fixture
def fake_europepmc(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEuropePMC]:
    with FakeEuropePMC() as fake:
        monkeypatch.setenv("QUERYLANG_EUROPEPMC_URL", fake.url)
        yield fake


@pytest.fixture
def fake_openalex(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAlex]:
    with FakeOpenAlex() as fake:
        monkeypatch.setenv("QUERYLANG_OPENALEX_URL", fake.url)
        monkeypatch.setenv("OPENALEX_API_KEY", fake.api_key)
        yield fake


#: The databases :class:`FakeApis` holds a fake of (every database with an
#: API), in the registry's order.
FAKE_NAMES = ("pubmed", "wos", "arxiv", "ieee", "scopus", "europepmc", "openalex")


@dataclass
class FakeApis:
    """Every database's fake of one test, for end-to-end runs across databases."""

    pubmed: FakePubMed
    wos: FakeWoS
    arxiv: FakeArxiv
    ieee: FakeIEEE
    scopus: FakeScopus
    europepmc: FakeEuropePMC
    openalex: FakeOpenAlex

    def all(self) -> tuple[FakeServer, ...]:
        """Every fake, in the registry's order."""
        return tuple(getattr(self, name) for name in FAKE_NAMES)


@pytest.fixture
def fake_apis(
    fake_pubmed: FakePubMed, fake_wos: FakeWoS, fake_arxiv: FakeArxiv, fake_ieee: FakeIEEE,
    fake_scopus: FakeScopus, fake_europepmc: FakeEuropePMC, fake_openalex: FakeOpenAlex,
) -> FakeApis:
    return FakeApis(fake_pubmed, fake_wos, fake_arxiv, fake_ieee, fake_scopus, fake_europepmc,
                    fake_openalex)


#: Works in the pool of :func:`pooled_apis` (about 1,300 records over four
#: databases: PubMed two esummary pages, Web of Science eight).
TEST_POOL_WORKS = 900


@pytest.fixture
def record_pool() -> RecordPool:
    """The shared pool the pooled fakes serve records from (and its truth)."""
    return make_pool(TEST_POOL_WORKS)


@dataclass
class PooledApis(FakeApis):
    """All four fakes serving the records of one shared :class:`RecordPool`."""

    pool: RecordPool


@pytest.fixture
def pooled_apis(fake_apis: FakeApis, record_pool: RecordPool) -> PooledApis:
    """:func:`fake_apis` serving records (and counts) from :func:`record_pool`."""
    # OpenAlex's share is drawn apart: the four's records and figures stay as they were.
    add_openalex_share(record_pool)
    for fake in fake_apis.all():
        fake.pool = record_pool
    return PooledApis(fake_apis.pubmed, fake_apis.wos, fake_apis.arxiv, fake_apis.ieee,
                      fake_apis.scopus, fake_apis.europepmc, fake_apis.openalex, record_pool)


#: Seconds between requests in the fast fixtures (every database).
FAST_INTERVAL = "0.005"


@pytest.fixture
def fast_pooled_apis(pooled_apis: PooledApis, monkeypatch: pytest.MonkeyPatch) -> PooledApis:
    """:func:`pooled_apis` with every pace and backoff scaled down (PubMed's
    own limit off), for end-to-end ``run`` + ``records`` tests in seconds."""
    pooled_apis.pubmed.rate_limit = None
    for name in FAKE_NAMES:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", FAST_INTERVAL)
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    return pooled_apis
