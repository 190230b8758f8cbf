"""``querylang databases``: every database the registry knows, as a table or JSON.

Each row says how the database is reached (its API and its web interface,
in the words of the PRISMA-S report), the environment variable holding its
API key and whether it is required and set (never its value), the pace
``querylang run`` keeps (with and without a key) and what its syntax cannot
express (:attr:`Database.cannot`; "-" when its entry says nothing).
Everything comes from :mod:`querylang.databases`: a new database shows up
here by its registry line alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from querylang.databases import REGISTRY, Database

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["database_row", "databases_command", "rate_text"]

#: What the table says where an entry has nothing to say.
NOTHING = "-"


def rate_text(rate: float) -> str:
    """``3/s``, ``1/s``, ``1 per 3 s``: requests per second as people say them."""
    if rate >= 1:
        return f"{rate:g}/s"
    return f"1 per {1 / rate:.3g} s"


def database_row(entry: Database, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One database as data (the JSON form of a row). ``env``: where to see
    whether its key is set (default: this process's environment)."""
    env = os.environ if env is None else env
    spec = entry.spec
    key: dict[str, Any] | None = None
    rate: dict[str, float | None] | None = None
    if spec is not None:
        rate = {"per_second": spec.rate, "with_key": spec.rate_with_key}
        if spec.key_env is not None:
            key = {
                "variable": spec.key_env,
                "required": spec.key_required,
                "set": bool(env.get(spec.key_env, "").strip()),
            }
    return {
        "name": entry.name,
        "display": entry.display,
        "runnable": entry.runnable,
        "interfaces": {
            "api": entry.report.api_interface if spec is not None else None,
            "web": entry.report.web_interface,
        },
        "key": key,
        "rate": rate,
        "cannot": list(entry.cannot),
    }


def _interfaces_text(row: Mapping[str, Any]) -> str:
    interfaces = row["interfaces"]
    lines = [f"API: {interfaces['api']}"] if interfaces["api"] else [
        f"no API: its counts are typed in (run --count {row['name']}=N)"
    ]
    lines.append(f"web: {interfaces['web']}")
    return "\n".join(lines)


def _key_text(row: Mapping[str, Any]) -> str:
    key = row["key"]
    if key is None:
        return NOTHING if row["runnable"] else ""
    need = "required" if key["required"] else "optional"
    return f"{key['variable']}\n({need}, {'set' if key['set'] else 'not set'})"


def _rate_text(row: Mapping[str, Any]) -> str:
    rate = row["rate"]
    if rate is None:
        return ""
    text = rate_text(rate["per_second"])
    if rate["with_key"] is not None:
        text += f"\n{rate_text(rate['with_key'])} with key"
    return text


def _cannot_text(row: Mapping[str, Any]) -> str:
    return "\n".join(f"- {item}" for item in row["cannot"]) if row["cannot"] else NOTHING


#: Narrower than this, a table of six columns wraps every cell into a
#: column of fragments: each database becomes a block of labelled lines.
TABLE_WIDTH = 100


def databases_command(output: str, console: Console | None = None) -> int:
    """Print every registry database: ``output`` is ``table`` or ``json``."""
    rows = [database_row(entry) for entry in REGISTRY.values()]
    if output == "json":
        import sys

        sys.stdout.write(json.dumps({"databases": rows}, indent=2, ensure_ascii=False) + "\n")
        return 0
    if console is None:
        from rich.console import Console

        console = Console(highlight=False)
    if console.width >= TABLE_WIDTH:
        console.print(_table(rows))
    else:
        for number, row in enumerate(rows):
            console.print(_block(row, first=number == 0))
    return 0


def _table(rows: list[dict[str, Any]]) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Databases", title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False)
    table.add_column("Database", no_wrap=True)
    table.add_column("Interfaces", overflow="fold", ratio=3)
    table.add_column("API key", no_wrap=True)
    table.add_column("Rate limit", no_wrap=True)
    table.add_column("Cannot express", overflow="fold", ratio=2)
    for row in rows:
        # Text, not markup: "[english]/lim" is a database's syntax, not a style.
        name = Text(row["name"], style="bold")
        name.append(f"\n{row['display']}", style="")
        cells = (_interfaces_text(row), _key_text(row), _rate_text(row), _cannot_text(row))
        table.add_row(name, *(Text(cell) for cell in cells))
    return table


def _block(row: dict[str, Any], first: bool) -> Any:
    """One database as labelled lines (a narrow terminal); long values wrap
    under themselves, not under the labels."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    title = Text("" if first else "\n")
    title.append(row["name"], style="bold")
    title.append(f"  {row['display']}")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in (
        ("interfaces", _interfaces_text(row)),
        ("API key", _key_text(row).replace("\n", " ")),
        ("rate limit", _rate_text(row).replace("\n", ", ")),
        ("cannot express", _cannot_text(row)),
    ):
        if value:
            grid.add_row(f"{label}:", Text(value))
    return Group(title, Padding(grid, (0, 0, 0, 2)))
