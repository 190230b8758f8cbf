"""The shapes an import passes between its steps.

A pasted strategy is first split into :class:`NativeLine` values (one per
search of a history, or one for a single query); each database's reader
turns one native line into a :class:`Translated` portable expression; the
import joins the expressions into a numbered portable strategy.
Diagnostics always point into the *native* text the user pasted (their
spans are offsets and line/column positions of the whole pasted source),
because that is the text the user can correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from querylang.diagnostics import Diagnostic

__all__ = ["NativeLine", "Translated"]


@dataclass(frozen=True)
class NativeLine:
    """One search of a pasted strategy, its number and counts column removed.

    ``number`` is the history number as written (``#3``, ``3.``, ``3``), or
    None for a single un-numbered query. ``line``/``column`` (1-based) and
    ``offset`` (0-based) locate ``text``'s first character in the whole
    pasted source. ``count`` is the hits column when the paste carried one.
    """

    number: int | None
    text: str
    line: int
    column: int
    offset: int
    count: int | None = None


@dataclass(frozen=True)
class Translated:
    """A native line in the portable language.

    ``text`` is one portable expression without its line number (``#n``
    references keep the native history's numbers); ``diagnostics`` say what
    could not be carried exactly, with spans in the pasted source.
    """

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()
