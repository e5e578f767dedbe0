"""Fold every benchmark's figures (bench/results/*.md) into ONE table in bench/README.md.

    make bench-report          (or: .venv/bin/python bench/report.py)

Each bench script writes a Markdown table under bench/results/. This reads them all, maps their columns
onto one set (benchmark, database, cases, what, p50, p95, ratio to the trivial baseline, queries, other
figures) and rewrites the table between the markers in bench/README.md. Nothing is measured here.
"""

import re
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
README = BENCH / "README.md"
START, END = "<!-- bench-report:start -->", "<!-- bench-report:end -->"

COLUMNS = ["benchmark", "db", "cases", "what", "p50 ms", "p95 ms", "÷ trivial", "queries", "other"]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _pick(row: dict, *patterns) -> str:
    for key in list(row):
        if any(re.search(p, key, re.I) for p in patterns):
            return row.pop(key)
    return ""


def tables(path: Path):
    """(title, rows as dicts) for each Markdown table in a results file."""
    title, header, rows = path.stem, None, []
    for line in path.read_text().splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("|") and header is None:
            header = _cells(line)
        elif line.startswith("|") and set(line) <= set("|-: "):
            continue
        elif line.startswith("|"):
            rows.append(dict(zip(header, _cells(line), strict=False)))
        elif header is not None and rows:
            yield title, rows
            header, rows = None, []
    if rows:
        yield title, rows


def unified_rows():
    for path in sorted(RESULTS.glob("*.md")):
        db = "postgresql" if "postgres" in path.stem else "sqlite" if "sqlite" in path.stem else ""
        for title, rows in tables(path):
            db = db or ("postgresql" if "postgres" in title.lower() else "sqlite" if "sqlite" in title.lower() else "")
            name = re.sub(r"[-_](postgresql|sqlite)$", "", path.stem)
            for raw in rows:
                row = dict(raw)
                out = {
                    "benchmark": name,
                    "db": _pick(row, r"^db$", r"database") or db,
                    "cases": _pick(row, r"^cases$", r"^size$"),
                    "p50 ms": _pick(row, r"p50"),
                    "p95 ms": _pick(row, r"p95 ms", r"^p95"),
                    "÷ trivial": _pick(row, r"÷", r"ratio"),
                    "queries": _pick(row, r"quer"),
                }
                out["what"] = _pick(row, r"^page$", r"^view$", r"^what$", r"^scenario$", r"^job$")
                out["other"] = "; ".join(f"{k} {v}" for k, v in row.items() if v)
                yield out


def render() -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for row in unified_rows():
        lines.append("| " + " | ".join(row.get(c, "") or "" for c in COLUMNS) + " |")
    return "\n".join(lines)


def main():
    text = README.read_text()
    table = render()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        text = f"{head}{START}\n{table}\n{END}{tail}"
    else:
        text = f"{text.rstrip()}\n\n{START}\n{table}\n{END}\n"
    README.write_text(text)
    print(f"bench/README.md: {table.count(chr(10)) - 1} rows from {len(list(RESULTS.glob('*.md')))} result files")


if __name__ == "__main__":
    main()
