"""A check's result as JSON (the shape of issue 14), a text table, Markdown
and CSV. Every renderer reads the JSON form, so that ``querylang report``
renders a stored check exactly as ``check`` printed it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from querylang.known.model import MISSED, CheckResult
from querylang.responses import NAMES

__all__ = ["result_to_dict", "render_json", "render_table", "render_markdown", "render_csv",
           "recall_markdown", "explanations", "with_check"]


def _recall(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    databases: dict[str, Any] = {}
    for name, db in result.databases.items():
        lines = {}
        for number, line in sorted(db.lines.items()):
            lines[str(number)] = {
                "found": list(line.found), "missed": db.missed(number),
                "recall": _recall(db.recall(number)), "error": line.error,
                "lost": [item for item in db.missed(number)
                         if number in result.lost_at(name, item)],
            }
        status = "skipped" if db.skipped else ("ok" if db.ok else "error")
        databases[name] = {
            "indexed": db.indexed, "not_searchable": list(db.not_searchable),
            "lines": lines, "final_recall": _recall(db.final_recall), "status": status,
            "error": db.error, "requests": db.requests, "cached": db.cached,
            "by_title": list(db.by_title),
        }
    known = [{"id": item.id, "kind": item.kind, "title": item.title, "year": item.year,
              "identifiers": item.identifiers(), "line": item.line} for item in result.items]
    matrix = {item.id: {name: db.cell(item.id) for name, db in result.databases.items()}
              for item in result.items}
    data: dict[str, Any] = {
        "strategy": result.source_name, "known_file": result.known_name,
        "started": result.started, "finished": result.finished,
        "databases": databases, "known": known, "matrix": matrix,
        "lines": {str(n): {"text": result.line_texts.get(n, ""),
                           "references": result.references.get(n, [])}
                  for n in sorted(result.line_texts)},
        "unreadable": result.unreadable,
    }
    data["explanations"] = explanations(data)
    return data


def _display(data: dict[str, Any], item_id: str) -> str:
    title = next((k.get("title") for k in data["known"] if k["id"] == item_id), None)
    if not title:
        return item_id
    short = title if len(title) <= 60 else title[:57] + "..."
    return f'{item_id} ("{short}")'


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def explanations(data: dict[str, Any]) -> list[str]:
    """Where each missed record is lost, as far as the answers tell: the
    lines that miss it although every line they refer to retrieves it (one
    sentence per line and record, naming every database where that happens)."""
    where: dict[tuple[int, str], list[str]] = {}
    for name, db in data["databases"].items():
        for number, line in db["lines"].items():
            for item in line.get("lost", []):
                where.setdefault((int(number), item), []).append(NAMES.get(name, name))
    said = []
    for (number, item), names in sorted(where.items(), key=lambda pair: pair[0][0]):
        meta = data["lines"].get(str(number), {})
        text, refs = meta.get("text", ""), meta.get("references", [])
        who, places = _display(data, item), _and(names)
        if refs:
            named = _and([f"#{ref}" for ref in refs])
            verb = "retrieves" if len(refs) == 1 else "retrieve"
            said.append(f"#{number} loses {who} in {places}: {named} {verb} it, so what "
                        f"line {number} adds excludes it: {text}")
        else:
            held = "it" if len(names) == 1 else "each"
            said.append(f"#{number} misses {who} in {places}: the record is in {held}, but "
                        f"none of the line's terms matches it in the fields searched: {text}")
    return said


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _fraction(db: dict[str, Any], number: str) -> str:
    line = db["lines"].get(number)
    if db["status"] == "skipped":
        return "skipped"
    if db["indexed"] is None:
        return "error"
    if line is None:
        return ""
    if line["error"] is not None:
        return "error"
    indexed = len(db["indexed"])
    if indexed == 0:
        return "-"
    return f"{len(line['found'])}/{indexed} {line['recall']:.2f}"


def _grid(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _names(data: dict[str, Any]) -> list[str]:
    return list(data["databases"])


def _numbers(data: dict[str, Any]) -> list[str]:
    return sorted(data["lines"], key=int)


def _none_held_note(name: str) -> str | None:
    """What the database's hook says when it holds none of several records."""
    from querylang.known.clauses import known_hook

    hook = known_hook(name)
    return hook.none_held_note if hook is not None else None


def _problems(data: dict[str, Any]) -> list[str]:
    said = []
    checked = list(data["databases"].values())
    if checked and all(db["indexed"] == [] for db in checked):
        said.append("KC005 no known record is indexed in any database checked: the check "
                    "tested nothing (exit 3); check the identifiers in the known set")
    for name, db in data["databases"].items():
        display = NAMES.get(name, name)
        if db["error"]:
            said.append(f"{display}: {db['error']}")
        for number, line in db["lines"].items():
            if line["error"]:
                said.append(f"{display} line {number}: {line['error']}")
        asked = len(data["known"]) - len(db["not_searchable"])
        doubt = _none_held_note(name)
        if doubt is not None and db["indexed"] == [] and asked > 1:
            said.append(doubt.format(asked=asked))
        if db.get("by_title"):
            said.append(f"KC003 {display} looked up by exact title (no identifier it can "
                        f"search): {', '.join(db['by_title'])}")
        if db["not_searchable"]:
            said.append(f"KC002 {display} has no field for the identifiers of: "
                        f"{', '.join(db['not_searchable'])}")
    return said


def render_table(data: dict[str, Any]) -> str:
    names = _names(data)
    out = [f"Known records ({len(data['known'])}) x databases: found by the final line, "
           "missed, or not indexed (not in the database)", ""]
    rows = [["record", "kind", *[NAMES.get(n, n) for n in names]]]
    for item in data["known"]:
        rows.append([item["id"], item["kind"], *[data["matrix"][item["id"]][n] for n in names]])
    out += _grid(rows)
    out += ["", "Recall per line (found / indexed)", ""]
    rows = [["line", *[NAMES.get(n, n) for n in names]]]
    for number in _numbers(data):
        rows.append([f"#{number}", *[_fraction(data["databases"][n], number) for n in names]])
    out += _grid(rows)
    if data["explanations"]:
        out += ["", "Where records are lost"]
        out += [f"  {text}" for text in data["explanations"]]
    problems = _problems(data)
    if problems:
        out += ["", "Not checked or not searchable"]
        out += [f"  {text}" for text in problems]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def recall_markdown(data: dict[str, Any], heading: str = "##") -> str:
    """The matrix and per-line recall as Markdown (also a section of ``report``)."""
    names = _names(data)
    out = [f"{heading} Known-item check", "",
           f"{len(data['known'])} known records from `{data['known_file']}`, checked "
           f"{data['finished'][:10] or 'now'}: found by the final line, missed, or not indexed "
           "(not in the database).", ""]
    out.append("| record | " + " | ".join(NAMES.get(n, n) for n in names) + " |")
    out.append("|---|" + "---|" * len(names))
    for item in data["known"]:
        cells = [data["matrix"][item["id"]][n] for n in names]
        shown = [f"**{cell}**" if cell == MISSED else cell for cell in cells]
        out.append(f"| {_md(item['id'])} | " + " | ".join(shown) + " |")
    out += ["", "Recall per line (found / indexed):", ""]
    out.append("| line | " + " | ".join(NAMES.get(n, n) for n in names) + " |")
    out.append("|---|" + "---|" * len(names))
    for number in _numbers(data):
        out.append(f"| #{number} | " + " | ".join(
            _fraction(data["databases"][n], number) for n in names) + " |")
    if data["explanations"]:
        out += [""] + [f"- {_md(text)}" for text in data["explanations"]]
    problems = _problems(data)
    if problems:
        out += ["", "Not checked or not searchable:", ""] + [f"- {_md(text)}" for text in problems]
    return "\n".join(out) + "\n"


def render_markdown(data: dict[str, Any]) -> str:
    return recall_markdown(data, "#")


def render_csv(data: dict[str, Any]) -> str:
    """One row per database and line: indexed, found, recall, the missed records."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["database", "line", "indexed", "found", "recall", "missed", "error"])
    for name, db in data["databases"].items():
        for number in _numbers(data):
            line = db["lines"].get(number)
            indexed = "" if db["indexed"] is None else str(len(db["indexed"]))
            if line is None:
                writer.writerow([name, number, indexed, "", "", "", db["error"] or ""])
                continue
            recall = "" if line["recall"] is None else f"{line['recall']:.4f}"
            writer.writerow([name, number, indexed, len(line["found"]), recall,
                             ";".join(line["missed"]), line["error"] or ""])
    return buffer.getvalue()


def with_check(report: str, output: str, stored: str) -> str:
    """``querylang report`` with the strategy's latest check: a Markdown
    section at the end, or a ``known_items`` key in the JSON."""
    data = json.loads(stored)
    if output == "json":
        whole = json.loads(report)
        whole["known_items"] = data
        return render_json(whole)
    return report.rstrip("\n") + "\n\n" + recall_markdown(data)
