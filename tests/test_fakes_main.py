"""``python -m tests.fakes`` from a second terminal (issue 10, item 15b):
its lines never replace a key the user has set, the served fakes take that
key, the demo's runs go to a log of their own, and no key is printed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from querylang.databases import RUNNABLE

REPO = Path(__file__).resolve().parent.parent
REAL_KEYS = {"NCBI_API_KEY": "my-real-ncbi-key-0123456789",
             "WOS_API_KEY": "my-real-wos-key-0123456789"}


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The fakes running as a user starts them; yields the process and the
    shell lines it printed (up to its "serving" line)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "--arxiv-interval", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("# serving"):
        line = process.stdout.readline()
        assert line, "the fakes stopped before serving"
        lines.append(line)
    try:
        yield process, "".join(lines)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0


def _shell(script: str, env: dict[str, str]) -> dict[str, str]:
    """Run ``script`` in sh, then print the environment as JSON."""
    done = subprocess.run(
        ["sh", "-c", script + f'\n"{sys.executable}" -c "import json, os; '
         'print(json.dumps(dict(os.environ)))"'],
        capture_output=True, text=True, check=True, env=env,
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_eval_keeps_a_key_the_user_has_set(served: tuple[subprocess.Popen[str], str]) -> None:
    _, lines = served
    base = {"PATH": os.environ.get("PATH", "")}
    after = _shell(f"eval '{lines}'", {**base, **REAL_KEYS})
    assert after["NCBI_API_KEY"] == REAL_KEYS["NCBI_API_KEY"]
    assert after["WOS_API_KEY"] == REAL_KEYS["WOS_API_KEY"]
    assert after["IEEE_API_KEY"] == "fake-ieee-key"  # none set: the fake's own
    assert after["SCOPUS_API_KEY"] == "fake-scopus-key"
    assert after["QUERYLANG_SCOPUS_URL"].startswith("http://127.0.0.1:")
    assert after["QUERYLANG_PUBMED_URL"].startswith("http://127.0.0.1:")
    # The demo's runs go to a log of their own, not the user's.
    assert "querylang-fakes-" in after["QUERYLANG_HOME"]
    fresh = _shell(f"eval '{lines}'", base)
    assert fresh["NCBI_API_KEY"] == "fake-ncbi-key"


def test_a_run_from_a_second_terminal_with_real_keys(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    process, lines = served
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **REAL_KEYS}
    env = _shell(f"eval '{lines}'", base)
    done = subprocess.run(
        [sys.executable, "-m", "querylang", "run", "-q", "asthma", "--format", "json"],
        capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    targets = json.loads(done.stdout)["targets"]
    # every database with an API, each served by its fake
    assert {name: t["status"] for name, t in targets.items()} == {name: "ok" for name in RUNNABLE}
    assert Path(env["QUERYLANG_HOME"], "log.sqlite3").exists()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=5)
    for key in REAL_KEYS.values():
        assert key not in done.stdout + done.stderr + lines + out + err
    assert not Path(env["QUERYLANG_HOME"]).exists()  # removed when the fakes stop
