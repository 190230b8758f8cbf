"""Reading what the page sends: JSON bodies and query parameters, checked
field by field. A mistake raises :class:`BadInput`, which the application
answers as a 4xx JSON message naming the field (never a 500)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

#: The longest strategy text accepted (characters).
MAX_TEXT = 200_000


class BadInput(Exception):
    """A request the server cannot act on: ``status``, message and hint."""

    def __init__(self, status: int, message: str, hint: str = "", **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.message, "hint": self.hint or None, **self.extra}


async def json_body(request: Request) -> dict[str, Any]:
    """The body as a JSON object."""
    if "application/json" not in request.headers.get("content-type", ""):
        raise BadInput(415, "send the request as JSON",
                       "set Content-Type: application/json")
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(400, "the request body is not UTF-8") from None
    except RecursionError:
        raise BadInput(400, "the request body is nested too deeply to read") from None
    except json.JSONDecodeError as error:
        raise BadInput(400, f"the request body is not JSON ({error.msg} at line {error.lineno} "
                       f"column {error.colno})") from None
    if not isinstance(data, dict):
        raise BadInput(400, "the request body must be a JSON object, e.g. {\"text\": \"...\"}")
    known = _KNOWN_FIELDS.get(request.url.path)
    if known is not None:
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadInput(422, f"unknown field {unknown[0]!r}",
                           f"the fields are: {', '.join(sorted(known))}")
    return data


#: The fields each POST endpoint takes (anything else is a mistake worth saying).
_KNOWN_FIELDS: dict[str, frozenset[str]] = {
    "/api/check": frozenset({"text", "strict"}),
    "/api/run": frozenset({"text", "name", "databases", "lines", "counts", "strict", "refresh"}),
    "/api/import": frozenset({"source", "dialect"}),
}


def text_field(data: Mapping[str, Any], name: str, *, required: bool = True,
               default: str = "", limit: int = MAX_TEXT) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise BadInput(422, f"the field {name!r} is missing", f"send {name} as a string")
        return default
    if not isinstance(value, str):
        raise BadInput(422, f"the field {name!r} must be a string, not {_kind(value)}")
    if len(value) > limit:
        raise BadInput(413, f"the field {name!r} has {len(value):,} characters; the most "
                       f"accepted is {limit:,}")
    if "\x00" in value:
        raise BadInput(422, f"the field {name!r} contains a NUL character",
                       "paste the text again: a NUL is never part of a strategy")
    return value


def bool_field(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise BadInput(422, f"the field {name!r} must be true or false, not {_kind(value)}")
    return value


def list_field(data: Mapping[str, Any], name: str) -> list[str] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadInput(422, f"the field {name!r} must be a list of strings")
    return list(value)


def map_field(data: Mapping[str, Any], name: str) -> dict[str, str]:
    """A JSON object of strings (numbers are taken as their text)."""
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadInput(422, f"the field {name!r} must be an object, e.g. {{\"wos\": \"1234\"}}")
    out: dict[str, str] = {}
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise BadInput(422, f"{name}.{key} must be a number or a string of digits")
        out[str(key)] = str(item)
    return out


def int_param(request: Request, name: str) -> int:
    text = request.query_params.get(name)
    if text is None:
        raise BadInput(422, f"the parameter {name!r} is missing")
    return int_text(text, name)


def int_text(text: str, name: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise BadInput(422, f"{name} must be a run number (1, 2, ...), not {text[:40]!r}")
    return int(text)


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)
