"""The compilers: :data:`TARGETS` maps a database's name to its class.

The shared machinery is :mod:`querylang.targets.base`; each database's
``Target`` subclass lives in its package (``querylang/databases/<name>/
target.py``) and its registry entry (:mod:`querylang.databases`) names it. ``docs/databases.md``
("Adding a database") has the checklist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from querylang.databases import REGISTRY
from querylang.databases.base import Loaded
from querylang.targets.base import Target

__all__ = ["TARGETS", "Target", "did_you_mean", "get_target", "unknown_target_message"]

#: Target name -> generator class, read from the registry (in its order); a
#: class is imported the first time it is asked for.
TARGETS: Mapping[str, type[Target]] = Loaded(REGISTRY, lambda entry: entry.target)


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """`` (did you mean x?)`` for a mistyped name, or ``""``. A word that
    begins several names (a platform hosting several databases) suggests
    them all, in ``known``'s order; otherwise the one closest name."""
    import difflib  # only on a mistake: keeps the start-up light

    word = name.strip().lower()
    starting = [candidate for candidate in known if candidate.startswith(word)]
    if len(word) >= 3 and len(starting) > 1:
        listed = ", ".join(starting[:-1]) + " or " + starting[-1]
        return f" (did you mean {listed}?)"
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.4)
    return f" (did you mean {close[0]}?)" if close else ""


def unknown_target_message(name: str) -> str:
    suggestion = did_you_mean(name, list(TARGETS))
    return f"unknown target {name!r}{suggestion}; known targets: {', '.join(TARGETS)}"


def get_target(name: str) -> type[Target]:
    """The generator class for ``name``; a ValueError with a "did you mean"."""
    found = TARGETS.get(name.strip().lower())
    if found is None:
        raise ValueError(unknown_target_message(name))
    return found
