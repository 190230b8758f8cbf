"""Hand-built compiled lines and fast settings for the runner's tests.

The runner is tested on its own contract (``Compiled`` + ``ApiRequest``),
so these tests do not depend on the compiler.
"""

from __future__ import annotations

import random
from typing import Any

from querylang.runner import SPECS, RunSettings, TargetPlan, run_plans_sync
from querylang.targets.base import ApiRequest, Compiled

#: Scaled-down pace and backoff: the whole file runs in seconds.
FAST_INTERVAL = 0.005


def api_request(target: str, query: str, *, method: str = "GET") -> ApiRequest:
    spec = SPECS[target]
    return ApiRequest(
        method=method,
        url=spec.default_url,  # the QUERYLANG_*_URL variable points it at the fake
        params={spec.query_param: query, **spec.params},
        headers=(spec.key_header,) if spec.key_header else (),
        key_env=spec.key_env,
        key_param=spec.key_param,
        key_header=spec.key_header,
        key_required=spec.key_required,
    )


def compiled(target: str, query: str, line: int = 1) -> Compiled:
    return Compiled(target, line, query, api_request(target, query), query)


def plan(target: str, *queries: str, manual: dict[int, int] | None = None) -> TargetPlan:
    lines = tuple(compiled(target, q, n) for n, q in enumerate(queries, start=1))
    return TargetPlan(target, lines, manual or {})


def fast(**changes: object) -> RunSettings:
    options: dict[str, object] = {
        "timeout": 2.0,
        "attempts": 4,
        "retry_budget": 2.0,
        "backoff": 0.01,
        "intervals": {name: FAST_INTERVAL for name in SPECS},
        "rng": random.Random(7),
    }
    options.update(changes)
    return RunSettings(**options)  # type: ignore[arg-type]


QUERIES = {
    "pubmed": "(asthma[tiab] OR wheez*[tiab])",
    "wos": "TS=(asthma OR wheez*)",
    "arxiv": "(ti:asthma OR abs:asthma)",
    "ieee": '("Document Title":asthma OR "Abstract":asthma)',
    "scopus": "(TITLE(asthma OR wheez*) OR ABS(asthma OR wheez*))",
    "europepmc": "(TITLE_ABS:asthma OR TITLE_ABS:wheez*)",
    "openalex": "asthma OR wheeze",
}


def run(*plans: TargetPlan, **options: Any) -> dict[str, Any]:
    """Run ``plans`` against the fakes with :func:`fast` settings unless given."""
    options.setdefault("settings", fast())
    return run_plans_sync(list(plans), **options)
