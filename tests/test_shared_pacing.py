"""Issue 11 item 13: runs at once on one machine keep a database's limit
together (querylang.pacing), not each on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from querylang import pacing
from querylang.pacing import SharedPace, pace_file
from querylang.runner import spacing
from tests.fakes.arxiv import FakeArxiv

REPO = Path(__file__).parents[1]
STRATEGY = "1. asthma\n2. wheez*\n3. #1 OR #2\n"
INTERVAL = 0.3
PROCESSES = 4


@pytest.mark.skipif(not pacing.available(), reason="shared pacing needs fcntl (POSIX)")
def test_concurrent_runs_together_keep_arxivs_interval(
    fake_arxiv: FakeArxiv, tmp_path: Path
) -> None:
    """Four runs at once, each counting 3 lines in arXiv, against one fake
    that stamps every arrival: in every window of one interval at most one
    request arrives, and none is refused (429)."""
    source = tmp_path / "s.qry"
    source.write_text(STRATEGY, encoding="utf-8")
    env = {**os.environ, "QUERYLANG_ARXIV_INTERVAL": str(INTERVAL), "PYTHONPATH": str(REPO)}
    fake_arxiv.min_interval = INTERVAL  # the fake refuses (429) what comes sooner
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "querylang", "run", str(source), "--db", "arxiv", "--lines",
             "--refresh", "--format", "json", "--log", str(tmp_path / "log.sqlite3")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
        )
        for _ in range(PROCESSES)
    ]
    errors = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            errors.append(err)
    arrivals = sorted(request.arrived for request in fake_arxiv.requests)
    assert len(arrivals) == PROCESSES * 3, (len(arrivals), errors)
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    # k = 1 request per window of INTERVAL: consecutive arrivals more than
    # one window apart is the limit held in every window.
    assert min(gaps) >= INTERVAL, [round(gap, 3) for gap in gaps]
    assert not errors, errors


def _two_processes(tmp_path: Path, gap: float) -> tuple[SharedPace, SharedPace]:
    path = pace_file(tmp_path, "arxiv")
    return SharedPace(path, gap), SharedPace(path, gap)


@pytest.mark.skipif(not pacing.available(), reason="shared pacing needs fcntl (POSIX)")
def test_a_pending_claim_holds_the_others_until_it_has_left(tmp_path: Path) -> None:
    first, second = _two_processes(tmp_path, 0.2)
    assert first.try_claim() == 0.0
    assert second.try_claim() == pacing.POLL  # first has its turn, not yet sent
    time.sleep(0.05)
    first.sent()
    wait = second.try_claim()
    assert 0.1 < wait <= 0.2  # a full spacing from the actual send
    time.sleep(wait)
    assert second.try_claim() == 0.0
    second.release()  # gave up before sending: the claim is dropped
    assert first.try_claim() > 0  # but the spacing from its turn still holds
    first.close()
    second.close()


@pytest.mark.skipif(not pacing.available(), reason="shared pacing needs fcntl (POSIX)")
def test_a_garbled_or_stale_pace_file_never_blocks(tmp_path: Path) -> None:
    path = pace_file(tmp_path, "wos")
    path.write_text("{not json", encoding="ascii")
    pace = SharedPace(path, 1.0)
    assert pace.try_claim() == 0.0
    pace.close()
    # a claim from a process that died long ago, and a clock set back
    stale = {"last": time.time() + 3600, "pending": "1-1", "since": time.time() - 3600}
    path.write_text(json.dumps(stale), encoding="ascii")
    pace = SharedPace(path, 1.0)
    assert pace.try_claim() <= 1.0  # at most one spacing
    pace.close()


def test_without_fcntl_each_process_paces_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "fcntl", None)
    pace = SharedPace(pace_file(tmp_path, "arxiv"), spacing(3.0))
    assert pace.disabled and pace.try_claim() == 0.0
    pace.sent()
    assert not pace_file(tmp_path, "arxiv").exists()
