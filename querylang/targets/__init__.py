"""One module per database's compiler; :data:`TARGETS` maps a name to its class.

The names and classes come from the registry (:mod:`querylang.databases`):
a database's entry there names its ``Target`` subclass. ``docs/databases.md``
("Adding a database") has the checklist.
"""

from __future__ import annotations

from querylang.databases import REGISTRY
from querylang.targets.base import Target

__all__ = ["TARGETS", "Target", "get_target", "unknown_target_message"]

#: Target name -> generator class, read from the registry (in its order).
TARGETS: dict[str, type[Target]] = {name: entry.target for name, entry in REGISTRY.items()}


def unknown_target_message(name: str) -> str:
    import difflib  # only on a mistake: keeps the start-up light

    close = difflib.get_close_matches(name.strip().lower(), list(TARGETS), n=1, cutoff=0.4)
    suggestion = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown target {name!r}{suggestion}; known targets: {', '.join(TARGETS)}"


def get_target(name: str) -> type[Target]:
    """The generator class for ``name``; a ValueError with a "did you mean"."""
    found = TARGETS.get(name.strip().lower())
    if found is None:
        raise ValueError(unknown_target_message(name))
    return found
