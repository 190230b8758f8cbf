"""Checking the numbers and URLs a run is configured with.

Every numeric setting, whether it comes from the environment or from an
option, must be a finite number within a documented range, and every
endpoint URL must be an absolute http(s) URL with a host and a valid port:
``inf`` would hang a run (an infinite interval), ``nan`` slips through
every comparison, and port 99999 only fails deep inside the HTTP stack.
A bad value raises :class:`SettingError` (a ``ValueError``) that names the
variable or option and the range; the CLI turns it into a usage error
(exit 2). The ranges are listed in docs/running.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "Range",
    "SettingError",
    "RATE_RANGE",
    "INTERVAL_RANGE",
    "ATTEMPTS_RANGE",
    "RETRY_BUDGET_RANGE",
    "BACKOFF_RANGE",
    "TIMEOUT_RANGE",
    "DEADLINE_RANGE",
    "MAX_AGE_RANGE",
    "check_number",
    "env_number",
    "env_integer",
    "check_endpoint",
]


class SettingError(ValueError):
    """A setting out of range or malformed; the message names the setting."""


@dataclass(frozen=True)
class Range:
    """Inclusive bounds; ``low_open`` excludes the lower bound (``> 0``)."""

    low: float
    high: float
    low_open: bool = False

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def describe(self) -> str:
        low = f"greater than {self.low:g}" if self.low_open else f"at least {self.low:g}"
        return f"{low} and at most {self.high:g}"


#: Requests per second (``QUERYLANG_<DB>_RATE``): one an hour (the longest
#: interval) up to 1000.
RATE_RANGE = Range(1 / 3600, 1000)
#: Seconds between requests (``QUERYLANG_<DB>_INTERVAL``): up to an hour.
INTERVAL_RANGE = Range(0, 3600, low_open=True)
#: Attempts per request (``QUERYLANG_RETRY_ATTEMPTS``), a whole number.
ATTEMPTS_RANGE = Range(1, 20)
#: Seconds slept on retries per request (``QUERYLANG_RETRY_BUDGET``; 0: never retry).
RETRY_BUDGET_RANGE = Range(0, 3600)
#: First backoff delay in seconds (``QUERYLANG_BACKOFF``).
BACKOFF_RANGE = Range(0, 600, low_open=True)
#: Seconds for one whole request (``run --timeout``).
TIMEOUT_RANGE = Range(0.01, 3600)
#: Seconds for the whole run (``run --deadline``): up to a day.
DEADLINE_RANGE = Range(0, 86400, low_open=True)
#: Hours a logged count may be reused (``run --max-age``): up to ten years.
MAX_AGE_RANGE = Range(0, 87600)


def check_number(name: str, value: float, allowed: Range) -> float:
    """``value`` itself when finite and within ``allowed``; else a SettingError naming ``name``."""
    if not math.isfinite(value) or not allowed.holds(value):
        raise SettingError(f"{name} must be a finite number {allowed.describe()}, got {value:g}")
    return value


def _read(env: Mapping[str, str], name: str) -> str | None:
    text = env.get(name)
    return text.strip() if text is not None and text.strip() else None


def env_number(env: Mapping[str, str], name: str, allowed: Range) -> float | None:
    """A number from the environment variable ``name``, or None when unset or blank."""
    text = _read(env, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise SettingError(f"{name} must be a number, got {text!r}") from None
    if not math.isfinite(value) or not allowed.holds(value):
        raise SettingError(f"{name} must be a finite number {allowed.describe()}, got {text!r}")
    return value


def env_integer(env: Mapping[str, str], name: str, allowed: Range) -> int | None:
    """A whole number from the environment variable ``name``, or None when unset or blank."""
    text = _read(env, name)
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        raise SettingError(f"{name} must be a whole number {allowed.describe()}, "
                           f"got {text!r}") from None
    if not allowed.holds(value):
        raise SettingError(f"{name} must be a whole number {allowed.describe()}, got {text!r}")
    return value


def check_endpoint(name: str, url: str) -> str:
    """``url`` when it is an absolute http(s) URL with a host and a port in 1-65535.

    ``name`` is the variable the URL came from, for the message.
    """
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError:
        raise SettingError(f"{name} has an invalid port (use 1-65535): {url!r}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise SettingError(f"{name} must be an http:// or https:// URL, got {url!r}")
    if not parts.hostname:
        raise SettingError(f"{name} has no host name: {url!r}")
    if port is not None and not 1 <= port <= 65535:
        raise SettingError(f"{name} has an invalid port (use 1-65535): {url!r}")
    return url
