"""The runner against the loopback fakes: real sockets, real httpx, scripted faults."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest

from querylang.results import Source, Status
from querylang.runner import (
    SPECS,
    CachedCount,
    ProgressEvent,
    RateLimiter,
    RunSettings,
    TargetPlan,
)
from querylang.targets.base import Compiled
from tests.fakes import stable_count
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, compiled, fast, plan, run

#: PubMed terms longer than this go by POST (its spec's post_above).
PUBMED_POST_THRESHOLD = SPECS["pubmed"].post_above or 0


@pytest.fixture
def apis(fake_apis: FakeApis) -> FakeApis:
    """All four fakes; PubMed's 3/s window off (pacing has its own test)."""
    fake_apis.pubmed.rate_limit = None
    return fake_apis


def run_one(target: str, query: str | None = None, **options: Any) -> Any:
    return run(plan(target, query or QUERIES[target]), **options)[target]


# -- success -------------------------------------------------------------------


def test_four_databases_counted(apis: FakeApis) -> None:
    results = run(*(plan(name, query) for name, query in QUERIES.items()))
    for name, query in QUERIES.items():
        result = results[name]
        assert result.status is Status.OK, result.error
        assert result.count == stable_count(query)
        assert result.lines[0].source is Source.FETCHED
        assert result.error is None
    pubmed = apis.pubmed.last_request
    assert (pubmed.param("retmax"), pubmed.param("retmode"), pubmed.param("tool")) == (
        "0", "json", "querylang")
    assert pubmed.param("api_key") is None  # no NCBI_API_KEY in the environment
    assert apis.arxiv.last_request.param("max_results") == "0"
    assert apis.wos.last_request.param("limit") == "1"
    assert apis.wos.last_request.header("X-ApiKey") == apis.wos.api_key
    ieee = apis.ieee.last_request
    assert (ieee.param("max_records"), ieee.param("format")) == ("1", "json")
    assert ieee.param("apikey") == apis.ieee.api_key
    # PubMed spells the tags out ("asthma"[Title/Abstract]): same meaning, no note
    assert not any("read the query as" in n for n in results["pubmed"].api_notes)
    # arXiv echoes the query exactly as sent: nothing worth a note
    assert results["arxiv"].api_notes == []


def test_pubmed_translation_shown_only_when_the_meaning_differs(apis: FakeApis) -> None:
    """Issue 10 item 6c: the fake answers querytranslation as PubMed does
    (tags spelled out, terms quoted and lower-cased, years as dates, extra
    parentheses); only the untagged word, which PubMed maps to MeSH and All
    Fields, is a different search worth a note."""
    tagged = ('("Large Language Model*"[tiab] OR LLM[tiab]) AND "Diagnostic Imaging"[mh] '
              'AND "hip pain"[tiab:~2] AND 2013:2023[dp] AND english[la]')
    result = run(plan("pubmed", tagged, "asthma AND child*[tiab]"))["pubmed"]
    assert result.lines[0].api_notes == []
    echoed = apis.pubmed.requests[0]
    assert echoed.status == 200
    (note,) = result.lines[1].api_notes
    assert note.startswith("PubMed read the query as:") and '"asthma"[MeSH Terms]' in note


@pytest.mark.parametrize("target", ["pubmed", "wos", "arxiv", "ieee"])
def test_zero_hits(apis: FakeApis, target: str) -> None:
    getattr(apis, target).set_zero(QUERIES[target])
    result = run_one(target)
    assert (result.status, result.count) == (Status.OK, 0)


def test_every_line_counted(apis: FakeApis) -> None:
    queries = ["asthma[tiab]", "wheez*[tiab]", "(asthma[tiab] OR wheez*[tiab])"]
    result = run(plan("pubmed", *queries))["pubmed"]
    assert [line.count for line in result.lines] == [stable_count(q) for q in queries]
    assert [line.number for line in result.lines] == [1, 2, 3]
    assert result.count == stable_count(queries[-1])


def test_ncbi_key_and_email(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", apis.pubmed.api_key)
    monkeypatch.setenv("NCBI_EMAIL", "librarian@example.org")
    assert run_one("pubmed").status is Status.OK
    assert apis.pubmed.last_request.param("api_key") == apis.pubmed.api_key
    assert apis.pubmed.last_request.param("email") == "librarian@example.org"
    assert RunSettings.from_env(os.environ).interval("pubmed") == pytest.approx(0.1)


def test_long_pubmed_term_goes_by_post(apis: FakeApis) -> None:
    term = " OR ".join(f"term{i}[tiab]" for i in range(PUBMED_POST_THRESHOLD // 10))
    result = run_one("pubmed", term)
    assert result.status is Status.OK, result.error
    assert apis.pubmed.last_request.method == "POST"
    assert apis.pubmed.last_request.form_params["term"] == [term]


HOSTILE = 'x&y=z #frag %41 a+b "quoted" é/ü? [tiab] \\ ; ,'


def test_hostile_terms_arrive_intact(apis: FakeApis) -> None:
    pubmed_term = f'"{HOSTILE}"[tiab]'
    arxiv_query = f'ti:"{HOSTILE}"'
    wos_query = f'TS=("{HOSTILE}")'
    ieee_query = f'"Document Title":"{HOSTILE}"'
    results = run(plan("pubmed", pubmed_term), plan("arxiv", arxiv_query),
                  plan("wos", wos_query), plan("ieee", ieee_query))
    assert all(r.status is Status.OK for r in results.values()), results
    assert apis.pubmed.last_request.param("term") == pubmed_term
    assert apis.arxiv.last_request.param("search_query") == arxiv_query
    assert apis.wos.last_request.param("q") == wos_query
    assert apis.ieee.last_request.param("querytext") == ieee_query
    assert results["pubmed"].count == stable_count(pubmed_term)


# -- in-band errors ----------------------------------------------------------------


def test_pubmed_backend_error_is_retried(apis: FakeApis) -> None:
    apis.pubmed.script(["error_field"])
    result = run_one("pubmed")
    assert result.status is Status.OK
    assert apis.pubmed.request_count == 2


def test_pubmed_permanent_error_field(apis: FakeApis) -> None:
    apis.pubmed.script(["error_field:Invalid query syntax near ("])
    result = run_one("pubmed")
    assert result.status is Status.ERROR
    assert "Invalid query syntax near (" in result.error
    assert apis.pubmed.request_count == 1


def test_pubmed_phrase_not_found_is_an_error(apis: FakeApis) -> None:
    apis.pubmed.script(["phrasesnotfound:xyzzy"])
    result = run_one("pubmed")
    assert result.status is Status.ERROR and result.count is None
    assert "xyzzy" in result.error and str(stable_count(QUERIES["pubmed"])) in result.error
    assert apis.pubmed.request_count == 1


def test_pubmed_quoted_phrase_warning_is_a_note(apis: FakeApis) -> None:
    apis.pubmed.script(["quotedphrasesnotfound:llm x"])
    result = run_one("pubmed")
    assert result.status is Status.OK
    assert any("quotedphrasesnotfound: llm x" in n for n in result.api_notes)


def test_arxiv_error_feed(apis: FakeApis) -> None:
    apis.arxiv.script(["error_feed:malformed query"])
    result = run_one("arxiv")
    assert result.status is Status.ERROR and result.count is None
    assert "arXiv reported an error: malformed query" in result.error
    assert apis.arxiv.request_count == 1


def test_arxiv_syntax_error_from_validation(apis: FakeApis) -> None:
    result = run_one("arxiv", "ti:llm AND")
    assert result.status is Status.ERROR
    assert "lacks a right operand" in result.error


def test_wos_syntax_error_shows_the_database_message(apis: FakeApis) -> None:
    result = run_one("wos", "AB=(asthma)")
    assert result.status is Status.ERROR
    assert "Invalid field tag 'AB'" in result.error
    assert apis.wos.request_count == 1


def test_wos_bad_key_not_retried(apis: FakeApis) -> None:
    apis.wos.script(["unauthorized"])
    result = run_one("wos")
    assert result.status is Status.ERROR and "WOS_API_KEY" in result.error
    assert apis.wos.request_count == 1


def test_ieee_inactive_key(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEEE_API_KEY", "not-the-right-key")
    result = run_one("ieee")
    assert result.status is Status.ERROR
    assert "Developer Inactive" in result.error and "not-the-right-key" not in result.error
    assert apis.ieee.request_count == 1


def test_ieee_over_rate_403_is_retried(apis: FakeApis) -> None:
    apis.ieee.script(["over_rate:0.2"])
    started = time.monotonic()
    result = run_one("ieee")
    assert result.status is Status.OK
    assert apis.ieee.request_count == 2
    assert time.monotonic() - started >= 0.2


def test_ieee_daily_quota_beyond_budget_fails_fast(apis: FakeApis) -> None:
    apis.ieee.script(["over_rate:3600"])
    started = time.monotonic()
    result = run_one("ieee")
    assert result.status is Status.ERROR
    assert "3600" in result.error and "retry budget" in result.error
    assert time.monotonic() - started < 1.0


# -- transport faults ---------------------------------------------------------------


def test_429_with_retry_after_then_success(apis: FakeApis) -> None:
    apis.pubmed.script(["429:0.3"])
    result = run_one("pubmed")
    assert result.status is Status.OK
    first, second = apis.pubmed.requests
    assert first.status == 429
    assert second.arrived - first.arrived >= 0.3


def test_5xx_retried_until_success(apis: FakeApis) -> None:
    apis.wos.script(["503", "502", "500"])
    result = run_one("wos")
    assert result.status is Status.OK
    assert apis.wos.request_count == 4


def test_5xx_gives_up_after_attempts(apis: FakeApis) -> None:
    apis.wos.script(["503"] * 5)
    result = run_one("wos")
    assert result.status is Status.ERROR
    assert "HTTP 503" in result.error and "gave up after 4 attempts" in result.error
    assert apis.wos.request_count == 4


def test_slow_answer_times_out(apis: FakeApis) -> None:
    apis.ieee.script(["slow:1.5"])
    result = run_one("ieee", settings=fast(timeout=0.3, attempts=1))
    assert result.status is Status.ERROR
    assert "did not answer within 0.3 s" in result.error


def test_slow_answer_then_retry_succeeds(apis: FakeApis) -> None:
    apis.ieee.script(["slow:1.5"])
    result = run_one("ieee", settings=fast(timeout=0.3))
    assert result.status is Status.OK
    assert apis.ieee.request_count == 2


def test_dropped_connection_is_retried(apis: FakeApis) -> None:
    apis.arxiv.script(["drop", "drop"])
    result = run_one("arxiv")
    assert result.status is Status.OK
    assert apis.arxiv.request_count == 3


def test_dropped_every_time(apis: FakeApis) -> None:
    apis.arxiv.script(["drop"] * 4)
    result = run_one("arxiv")
    assert result.status is Status.ERROR
    assert "connection failed" in result.error


@pytest.mark.parametrize("target", ["pubmed", "wos", "arxiv", "ieee"])
def test_malformed_body_is_a_clear_error(apis: FakeApis, target: str) -> None:
    getattr(apis, target).script(["malformed"])
    result = run_one(target)
    assert result.status is Status.ERROR
    assert "malformed" in result.error
    assert getattr(apis, target).request_count == 1


def test_unreachable_endpoint(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    apis.wos.stop()  # nothing listens on its port any more
    result = run(plan("wos", QUERIES["wos"]), plan("pubmed", QUERIES["pubmed"]),
                 settings=fast(attempts=2))
    assert result["wos"].status is Status.ERROR
    assert "connection failed" in result["wos"].error
    assert result["pubmed"].status is Status.OK  # one failing never loses the others


def test_bad_endpoint_url(apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERYLANG_IEEE_URL", "ftp://127.0.0.1/x")
    result = run_one("ieee")
    assert result.status is Status.ERROR and "QUERYLANG_IEEE_URL" in result.error


# -- keys, manual counts, cache, refused lines ----------------------------------------------


def test_missing_key_skips_that_database_only(
    apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WOS_API_KEY")
    results = run(*(plan(name, query) for name, query in QUERIES.items()))
    wos = results["wos"]
    assert wos.status is Status.SKIPPED
    assert wos.query == QUERIES["wos"]
    assert "WOS_API_KEY" in wos.error and "--count wos=N" in wos.error
    assert apis.wos.request_count == 0
    assert all(results[n].status is Status.OK for n in ("pubmed", "arxiv", "ieee"))


def test_manual_count(apis: FakeApis) -> None:
    result = run(plan("wos", "TS=a", "TS=b", manual={2: 1234}))["wos"]
    assert (result.status, result.count) == (Status.MANUAL, 1234)
    assert result.lines[1].source is Source.MANUAL
    # Issue 10 item 7: the count replaces line 2 only; line 1 still runs.
    assert result.lines[0].status is Status.OK and result.lines[0].source is Source.FETCHED
    assert result.lines[0].count == stable_count("TS=a")
    assert apis.wos.request_count == 1
    assert [r.param("q") for r in apis.wos.requests] == ["TS=a"]


def test_manual_count_for_a_middle_line_leaves_the_others_running(apis: FakeApis) -> None:
    queries = [f"TS=q{i}" for i in range(1, 13)]
    result = run(plan("wos", *queries, manual={10: 5600}))["wos"]
    by_number = {line.number: line for line in result.lines}
    assert (by_number[10].status, by_number[10].count) == (Status.MANUAL, 5600)
    others = [line for number, line in by_number.items() if number != 10]
    assert all(line.status is Status.OK for line in others), [line.error for line in others]
    assert sorted(r.param("q") for r in apis.wos.requests) == sorted(
        q for n, q in enumerate(queries, start=1) if n != 10
    )
    assert result.status is Status.OK and result.count == stable_count("TS=q12")


def test_manual_count_without_a_key_skips_the_other_lines_for_the_key(
    apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WOS_API_KEY")
    result = run(plan("wos", "TS=a", "TS=b", manual={2: 1234}))["wos"]
    assert result.lines[0].status is Status.SKIPPED
    assert "WOS_API_KEY" in result.lines[0].error
    assert (result.status, result.count) == (Status.MANUAL, 1234)
    assert apis.wos.request_count == 0


def test_manual_count_for_a_refused_line_is_not_a_count(apis: FakeApis) -> None:
    refused = Compiled("ieee", 1, None, None, None)
    result = run(TargetPlan("ieee", (refused,), {1: 50}))["ieee"]
    assert result.count is None and result.status is Status.SKIPPED
    assert "no search string" in result.lines[0].error


class DictCache:
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.asked: list[tuple[str, dict[str, Any]]] = []

    def get(self, target: str, request: dict[str, Any]) -> CachedCount | None:
        self.asked.append((target, request))
        query = request["params"].get("term")
        if query in self.counts:
            return CachedCount(self.counts[query], "2024-01-01T00:00:00+00:00")
        return None


def test_cache_answers_without_a_request(apis: FakeApis) -> None:
    cache = DictCache({"cached[tiab]": 77})
    result = run(plan("pubmed", "cached[tiab]", "fresh[tiab]"), cache=cache)["pubmed"]
    assert result.lines[0].source is Source.CACHED and result.lines[0].count == 77
    assert result.lines[1].source is Source.FETCHED
    assert apis.pubmed.request_count == 1
    target, request = cache.asked[0]
    assert target == "pubmed" and request["url"] == apis.pubmed.url
    assert "api_key" not in request["params"]


def test_refused_line_is_skipped(apis: FakeApis) -> None:
    refused = Compiled("arxiv", 1, None, None, None)
    result = run(TargetPlan("arxiv", (refused, compiled("arxiv", "ti:x", 2))))["arxiv"]
    assert result.lines[0].status is Status.SKIPPED
    assert result.lines[1].status is Status.OK
    assert result.status is Status.SKIPPED
    assert result.count == stable_count("ti:x")


def test_progress_events(apis: FakeApis) -> None:
    events: list[ProgressEvent] = []
    apis.pubmed.script(["503"])
    run(plan("pubmed", "a[tiab]", "b[tiab]"), progress=events.append)
    kinds = [e.kind for e in events]
    assert kinds.count("start") == 2 and kinds.count("done") == 2 and "retry" in kinds
    assert all(e.total == 2 for e in events)


# -- pacing and concurrency ---------------------------------------------------------


def test_arxiv_one_request_at_a_time_and_spaced(apis: FakeApis) -> None:
    interval = 0.15
    # The fake stamps arrivals when its handler thread starts: on a loaded
    # machine that stamp can lag by some milliseconds, so the fake (and the
    # check below) allow that much scheduling jitter, and no more.
    jitter = 0.03
    apis.arxiv.min_interval = interval - jitter
    apis.arxiv.latency = 0.05
    settings = fast(intervals={"arxiv": interval})
    result = run(plan("arxiv", *(f"ti:q{i}" for i in range(5))), settings=settings)["arxiv"]
    assert result.status is Status.OK, result.error
    assert apis.arxiv.max_in_flight == 1
    assert [r.status for r in apis.arxiv.requests] == [200] * 5
    arrivals = [r.arrived for r in apis.arxiv.requests]
    assert min(b - a for a, b in zip(arrivals, arrivals[1:], strict=False)) >= interval - jitter


def test_pubmed_three_per_second_by_default(apis: FakeApis) -> None:
    apis.pubmed.rate_limit = 3  # the real limit; the runner must stay under it
    # The fake stamps arrivals when its handler thread starts, which can lag
    # on a loaded machine: a 0.95 s window absorbs that jitter and nothing more.
    apis.pubmed.rate_window = 0.95
    settings = RunSettings.from_env({})
    started = time.monotonic()
    result = run(plan("pubmed", *(f"q{i}[tiab]" for i in range(4))), settings=settings)
    assert result["pubmed"].status is Status.OK
    assert [r.status for r in apis.pubmed.requests] == [200] * 4
    assert time.monotonic() - started >= 1.0  # 4 requests at 3/s span a second


def most_in_any_window(arrivals: list[float], width: float = 1.0) -> int:
    """The most arrivals in any sliding window of ``width`` seconds."""
    stamps = sorted(arrivals)
    return max(
        sum(1 for later in stamps[i:] if later - first < width) for i, first in enumerate(stamps)
    )


def test_pubmed_limit_holds_in_every_window_under_jitter(apis: FakeApis) -> None:
    """Issue 10 item 14: on a loaded machine four requests reached an
    independent PubMed fake within one second. Here the event loop is
    blocked at random for up to 40 ms and a busy thread competes for the
    interpreter (which delays the fake's arrival stamps too); PubMed's
    real window (3 in any 1 s, no key) must still hold for every request."""
    import random
    import threading

    apis.pubmed.rate_limit = 3
    apis.pubmed.rate_window = 1.0
    apis.pubmed.latency = 0.02
    settings = RunSettings.from_env({})
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            sum(range(2000))

    async def jittered() -> dict[str, Any]:
        rng = random.Random(10)

        async def jitter() -> None:
            while True:
                time.sleep(rng.uniform(0, 0.04))  # the loop blocked, as by a slow callback
                await asyncio.sleep(rng.uniform(0, 0.02))

        from querylang.runner import run_plans

        noise = asyncio.create_task(jitter())
        try:
            return await run_plans(
                [plan("pubmed", *(f"q{i}[tiab]" for i in range(7)))], settings=settings
            )
        finally:
            noise.cancel()

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    try:
        result = asyncio.run(jittered())["pubmed"]
    finally:
        stop.set()
        thread.join()
    assert result.status is Status.OK, result.error
    assert [r.status for r in apis.pubmed.requests] == [200] * 7
    assert most_in_any_window([r.arrived for r in apis.pubmed.requests]) <= 3


def test_spacing_covers_the_jitter_margin_in_every_window() -> None:
    from querylang.runner import JITTER_MARGIN, spacing

    # k requests per window W: request i and i + k are W + margin apart.
    for per_second in (3, 10, 1, 20):
        assert per_second * spacing(1 / per_second) >= 1 + JITTER_MARGIN - 1e-9
    assert spacing(3.0) >= 3.0 + JITTER_MARGIN  # arXiv: one request every 3 s


def test_databases_run_concurrently(apis: FakeApis) -> None:
    latency = 0.4
    for fake in (apis.pubmed, apis.wos, apis.arxiv, apis.ieee, apis.scopus):
        fake.latency = latency
    started = time.monotonic()
    results = run(*(plan(name, query) for name, query in QUERIES.items()))
    elapsed = time.monotonic() - started
    assert all(r.status is Status.OK for r in results.values())
    assert elapsed < 2 * latency  # the sum would be 5 x latency


def test_lines_of_one_database_overlap_within_its_rate(apis: FakeApis) -> None:
    apis.wos.latency = 0.3
    started = time.monotonic()
    run(plan("wos", *(f"TS=q{i}" for i in range(5))))
    assert time.monotonic() - started < 0.9
    assert apis.wos.max_in_flight > 1


def test_rate_limiter_spacing() -> None:
    async def take_four() -> list[float]:
        limiter = RateLimiter(0.05)
        stamps = []
        for _ in range(4):
            async with limiter.slot():
                stamps.append(time.monotonic())
        return stamps

    stamps = asyncio.run(take_four())
    assert min(b - a for a, b in zip(stamps, stamps[1:], strict=False)) >= 0.05


def test_rate_limiter_spaces_from_the_real_send_not_the_turn() -> None:
    """A request that leaves late (connection set-up, a busy loop) must push
    the next one back: the spacing runs from when it actually left."""

    async def two() -> list[float]:
        limiter = RateLimiter(0.1)
        sends: list[float] = []

        async def request(delay: float) -> None:
            async with limiter.slot() as sent:
                await asyncio.sleep(delay)  # the turn came; the bytes leave later
                sent()
                sends.append(time.monotonic())

        await asyncio.gather(request(0.06), request(0.0))
        return sends

    first, second = asyncio.run(two())
    assert second - first >= 0.1  # main sent it 0.05 s after the first


# -- settings from the environment ----------------------------------------------------


def test_settings_from_env() -> None:
    env = {
        "QUERYLANG_ARXIV_INTERVAL": "0.3",
        "QUERYLANG_WOS_RATE": "5",
        "QUERYLANG_RETRY_ATTEMPTS": "2",
        "QUERYLANG_RETRY_BUDGET": "0",
        "QUERYLANG_BACKOFF": "0.25",
    }
    settings = RunSettings.from_env(env, timeout=7)
    assert settings.interval("arxiv") == pytest.approx(0.3)
    assert settings.interval("wos") == pytest.approx(0.2)
    assert settings.interval("ieee") == pytest.approx(1.0)
    assert settings.interval("pubmed") == pytest.approx(1 / 3)
    assert (settings.attempts, settings.retry_budget, settings.backoff) == (2, 0.0, 0.25)
    assert settings.timeout == 7
    with pytest.raises(ValueError, match="QUERYLANG_IEEE_RATE"):
        RunSettings.from_env({"QUERYLANG_IEEE_RATE": "fast"})
    with pytest.raises(ValueError, match="QUERYLANG_RETRY_BUDGET"):
        RunSettings.from_env({"QUERYLANG_RETRY_BUDGET": "-1"})
    with pytest.raises(ValueError, match="QUERYLANG_ARXIV_INTERVAL"):
        RunSettings.from_env({"QUERYLANG_ARXIV_INTERVAL": "0"})


def test_backoff_is_exponential_with_jitter_and_honours_retry_after() -> None:
    settings = fast(backoff=1.0)
    for attempt, step in ((1, 1.0), (2, 2.0), (3, 4.0)):
        delay = settings.delay(attempt, None)
        assert step * 0.5 <= delay <= step
    assert settings.delay(1, 5.0) == 5.0
    assert settings.delay(10, None) <= 16.0


def test_a_cached_count_says_when_it_was_asked_in_words() -> None:
    from querylang.runner import _readable_time

    assert _readable_time("2026-12-03T10:15:29.000000+00:00") == "2026-12-03 10:15 UTC"
    assert _readable_time("2026-12-03T11:15:29+01:00") == "2026-12-03 10:15 UTC"
    assert _readable_time("yesterday") == "yesterday"
