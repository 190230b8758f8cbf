"""API keys: read them cleanly, refuse broken ones, scrub them from every text.

The keys are the values of the variables the databases' requests name
(:func:`key_env_names`: each registry entry's ``key_env``, and any variable
a request names). Nothing else
in the environment is a key to querylang: a strategy may well contain the
value of some unrelated ``GITHUB_TOKEN``, and it is the user's text.

Reading: surrounding whitespace is stripped (a ``.env`` written on Windows
ends every value with ``\\r``, which an HTTP header cannot carry); a value
with whitespace or a control character *inside* is refused with a message
that names the variable, never the value.

Scrubbing: a key can reach a text in many spellings (raw, stripped, inside
a ``repr`` or a JSON string with its control characters escaped, URL- or
form-encoded with upper- or lower-case hex). :class:`Secrets` knows every
one of them and replaces each by ``***``; the runner passes every message,
note and log record of a run through it, and the search log does the same
with what it stores about requests and errors.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "KeyReading",
    "Secrets",
    "key_env_names",
    "key_forms",
    "read_key",
    "scrub_forms",
]

#: Shorter values are not scrubbed from text: replacing "1" everywhere would
#: garble counts, and no real key is that short.
MIN_SECRET_LENGTH = 4
REDACTED = "***"
#: The loggers of the HTTP stack. A logger's filter sees only the records
#: logged on that logger itself, not those its children pass up, so each of
#: httpcore's is named (httpcore.http11 logs the response headers at DEBUG).
HTTP_LOGGERS = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11",
                "httpcore.http2", "httpcore.proxy", "httpcore.socks")
#: Whitespace or a control character (C0, DEL, C1) anywhere in a stripped key.
_BAD_KEY_CHARACTER = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def key_env_names(extra: Iterable[str] = ()) -> list[str]:
    """Every variable whose value is a key: the registry's databases' and
    ``extra`` (a request may name its own)."""
    from querylang.databases import REGISTRY  # lazy: only when keys are read

    names = {entry.key_env for entry in REGISTRY.values() if entry.key_env}
    return sorted(names | set(extra))


@dataclass(frozen=True)
class KeyReading:
    """A key variable as read: the value to send, or why there is none.

    ``value`` is None when the variable is unset or blank, or when
    ``problem`` says why the value cannot be sent (never quoting it).
    """

    name: str
    value: str | None
    problem: str | None = None


def read_key(env: Mapping[str, str], name: str) -> KeyReading:
    """The key in ``env[name]``, stripped; refused when whitespace or a
    control character remains inside it."""
    value = env.get(name, "").strip()
    if not value:
        return KeyReading(name, None)
    if _BAD_KEY_CHARACTER.search(value):
        return KeyReading(
            name, None,
            f"{name} contains whitespace or a control character inside the key; "
            f"set {name} to the key alone (check the file it was read from)",
        )
    return KeyReading(name, value)


def _lower_percent(text: str) -> str:
    return _PERCENT_ESCAPE.sub(lambda match: match.group().lower(), text)


def _escaped(value: str) -> set[str]:
    """``value`` as ``repr`` and JSON write it inside their quotes."""
    as_bytes = value.encode("utf-8", "surrogatepass")
    return {
        repr(value)[1:-1],
        repr(as_bytes)[2:-1],           # httpx/h11: "Illegal header value b'...\r'"
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
    }


def key_forms(value: str) -> set[str]:
    """Every spelling of a key worth scrubbing (none for a too-short key)."""
    forms: set[str] = set()
    for plain in {value, value.strip()}:
        if len(plain) < MIN_SECRET_LENGTH:
            continue
        for text in {plain} | _escaped(plain):
            encoded = {quote(text, safe=""), quote(text), quote_plus(text)}
            forms |= {text} | encoded | {_lower_percent(form) for form in encoded}
    return forms


def scrub_forms(text: str, forms: Iterable[str], mark: str = REDACTED) -> str:
    """``text`` with every form replaced by ``mark``, the longest forms first
    so that no shorter form leaves a piece of a longer one. The one scrubbing
    loop: the runner's messages and the search log both use it."""
    for form in sorted(forms, key=len, reverse=True):
        if form in text:
            text = text.replace(form, mark)
    return text


class Secrets:
    """The keys of one run, and the means to scrub them from any text.

    Built from the environment the run reads; its repr names the variables,
    never the values.
    """

    def __init__(self, env: Mapping[str, str], extra_names: Iterable[str] = ()) -> None:
        self._names = key_env_names(extra_names)
        forms: set[str] = set()
        for name in self._names:
            forms |= key_forms(env.get(name, ""))
        # longest first, so that no shorter form leaves a piece of a longer one
        self._forms = sorted(forms, key=len, reverse=True)

    @property
    def forms(self) -> frozenset[str]:
        return frozenset(self._forms)

    def __repr__(self) -> str:
        return f"Secrets({', '.join(self._names)})"

    def scrub(self, text: str) -> str:
        return scrub_forms(text, self._forms)

    @contextmanager
    def guard_logs(self, logger_names: Sequence[str] = HTTP_LOGGERS) -> Iterator[None]:
        """Scrub log records of the HTTP stack (httpx logs full URLs at INFO,
        httpcore every response header at DEBUG: a server that echoes the
        key in a header puts it there)."""
        log_filter = _ScrubFilter(self)
        loggers = [logging.getLogger(name) for name in logger_names]
        for logger in loggers:
            logger.addFilter(log_filter)
        try:
            yield
        finally:
            for logger in loggers:
                logger.removeFilter(log_filter)


class _ScrubFilter(logging.Filter):
    def __init__(self, secrets: Secrets) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.secrets.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
