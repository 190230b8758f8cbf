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
from typing import TYPE_CHECKING

from querylang.commands import EXIT_INPUT, EXIT_OK, UsageError, read_source
from querylang.diagnostics import Diagnostic, Severity, has_errors, render_text

if TYPE_CHECKING:
    from querylang.imports import ImportResult

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
    strict: bool = False,
) -> int:
    """Print (or write) the portable form of a native strategy."""
    from querylang.diagnostics import to_dicts
    from querylang.imports import import_strategy

    name = check_dialect(dialect)
    text, filename = read_source(source, query)
    result = import_strategy(text, name)
    said = strictly(result, strict)
    if output == "json":
        payload = result.to_dict()
        payload["file"] = filename
        payload["ok"] = not has_errors(said)
        payload["diagnostics"] = to_dicts(said)
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_INPUT if has_errors(said) else EXIT_OK
    if said:
        sys.stderr.write(render_text(said, result.source, filename) + "\n")
    if has_errors(said):
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


def strictly(result: ImportResult, strict: bool) -> list[Diagnostic]:
    """The import's diagnostics; with ``strict`` every change of meaning
    (an untagged term's lost term mapping, a widened date...) is an error."""
    from querylang.codes import REGISTRY

    if not strict:
        return list(result.diagnostics)
    return [d.with_severity(Severity.ERROR) if REGISTRY[d.code].changes_meaning else d
            for d in result.diagnostics]


def imported_source(text: str, filename: str, dialect: str, strict: bool = False,
                    ) -> tuple[str, str] | None:
    """The portable text of a native strategy and the name to show for it;
    None (after printing why) when the import has errors (with ``strict``:
    or changes meaning)."""
    from querylang.imports import TITLES, import_strategy

    name = check_dialect(dialect)
    result = import_strategy(text, name)
    said = strictly(result, strict)
    if said:
        sys.stderr.write(render_text(said, result.source, filename) + "\n")
    if has_errors(said):
        sys.stderr.write(f"{filename}: not imported: correct the errors above\n")
        return None
    return result.text, f"{filename} (imported from {TITLES[name]})"
