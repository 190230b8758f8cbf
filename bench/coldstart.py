"""Timing a command's cold start the way a user meets it.

An installed package starts from bytecode: pip compiles every module to
``__pycache__`` when it installs. A shell with ``PYTHONDONTWRITEBYTECODE``
set (this development box sets it) would instead make each run of an
editable checkout compile querylang's sources again, while the packages it
is compared with start from the bytecode pip wrote. So the commands run
without that variable, and one warm-up run writes the bytecode first.
"""

from __future__ import annotations

import os
import subprocess
import time

__all__ = ["startup_env", "wall"]


def startup_env() -> dict[str, str]:
    """This environment, minus the switch that keeps bytecode from being written."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wall(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds from starting ``argv`` to its exit, and what it printed."""
    env = startup_env()
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    return time.perf_counter() - start, done
