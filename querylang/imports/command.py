"""What ``querylang import`` and ``--from`` do, without a CLI framework.

``import_command`` prints the portable strategy (or writes it with -o) and
the diagnostics, placed in the native text, the way ``lint`` prints them.
``imported_source`` serves ``compile --from`` and ``run --from``: the
native text becomes portable text before the usual work, and what the
import had to say is printed first, against the native text.

Exit status (as the rest of querylang): 0 imported; 1 the native strategy
has errors (nothing is written); 2 usage error.
"""

from __future__ import annotations

import json
import sys

from querylang.commands import EXIT_INPUT, EXIT_OK, UsageError, read_source
from querylang.diagnostics import render_text

__all__ = ["import_command", "imported_source", "check_dialect"]


def check_dialect(dialect: str) -> str:
    """``dialect`` lower-cased, or a UsageError naming the choices."""
    from querylang.imports import DIALECTS

    name = dialect.strip().lower()
    if name not in DIALECTS:
        import difflib

        close = difflib.get_close_matches(name, DIALECTS, n=1)
        suffix = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"--from {dialect}: choose one of {', '.join(DIALECTS)}{suffix}")
    return name


def import_command(
    source: str | None,
    query: str | None,
    dialect: str,
    output_file: str | None,
    output: str = "text",
) -> int:
    """Print (or write) the portable form of a native strategy."""
    from querylang.imports import import_strategy

    name = check_dialect(dialect)
    text, filename = read_source(source, query)
    result = import_strategy(text, name)
    if output == "json":
        payload = result.to_dict()
        payload["file"] = filename
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK if result.ok else EXIT_INPUT
    if result.diagnostics:
        sys.stderr.write(render_text(result.diagnostics, result.source, filename) + "\n")
    if not result.ok:
        sys.stderr.write(f"{filename}: not imported: correct the errors above\n")
        return EXIT_INPUT
    if output_file is not None:
        try:
            with open(output_file, "w", encoding="utf-8") as handle:
                handle.write(result.text)
        except OSError as error:
            raise UsageError(f"cannot write {output_file}: {error.strerror}") from None
        sys.stderr.write(f"wrote {output_file}\n")
    else:
        sys.stdout.write(result.text)
    return EXIT_OK


def imported_source(text: str, filename: str, dialect: str) -> tuple[str, str] | None:
    """The portable text of a native strategy and the name to show for it;
    None (after printing why) when the import has errors."""
    from querylang.imports import TITLES, import_strategy

    name = check_dialect(dialect)
    result = import_strategy(text, name)
    if result.diagnostics:
        sys.stderr.write(render_text(result.diagnostics, result.source, filename) + "\n")
    if not result.ok:
        sys.stderr.write(f"{filename}: not imported: correct the errors above\n")
        return None
    return result.text, f"{filename} (imported from {TITLES[name]})"
