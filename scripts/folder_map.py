"""Print the folder map of docs/architecture.md from the tree itself, or rewrite/check it there.

    .venv/bin/python scripts/folder_map.py           # print it
    .venv/bin/python scripts/folder_map.py --write   # replace the map between the markers in docs/architecture.md
    .venv/bin/python scripts/folder_map.py --check   # exit 1 if the map there differs from the tree (the tests run it)

Each Python package is listed with the first line of its ``__init__`` docstring and its modules with the first line
of theirs (read with ``ast``: nothing is imported); the web app's folders under ``web-app/src``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- folder-map:begin (scripts/folder_map.py --write) -->", "<!-- folder-map:end -->"
PYTHON_ROOTS = [ROOT / "backend", ROOT / "sam3" / "milimo_sam", ROOT / "milimo_common"]
SKIP = {"__pycache__", "migrations", "node_modules"}
MAX_SUMMARY = 140


def summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.strip().split("\n\n", 1)[0].split())
    sentence = paragraph.split(". ", 1)[0].split(": ``", 1)[0]  # the first sentence says what the module is for
    if len(sentence) > MAX_SUMMARY:
        sentence = sentence[:MAX_SUMMARY].rsplit(" ", 1)[0].rstrip(",;:(") + " …"
    return sentence if sentence.endswith((".", "?", ")", "…")) else sentence + "."


def python_lines(package: Path, depth: int = 0) -> list[str]:
    indent = "  " * depth
    relative = package.relative_to(ROOT).as_posix()
    lines = [f"{indent}- `{relative}/` — {summary(package / '__init__.py')}"]
    for child in sorted(package.iterdir()):
        if child.name in SKIP:
            continue
        if child.is_dir() and (child / "__init__.py").is_file():
            lines.extend(python_lines(child, depth + 1))
        elif child.is_dir() and child.name not in SKIP:
            lines.append(f"{indent}  - `{child.name}/` — (no Python package)")
        elif child.suffix == ".py" and child.name != "__init__.py":
            lines.append(f"{indent}  - `{child.name}` — {summary(child)}")
    if package.name == "db" and (package / "migrations").is_dir():
        lines.append(f"{indent}  - `migrations/` — Alembic environment and the numbered revisions (`versions/`)")
    return lines


def web_lines() -> list[str]:
    """The web app's folders (its files change often and are listed by web-app/README.md's Layout)."""
    src = ROOT / "web-app" / "src"
    if not src.is_dir():
        return []
    lines = ["- `web-app/src/` — the web app (React + TypeScript; see web-app/README.md, Layout)."]
    for folder in sorted(p for p in src.rglob("*") if p.is_dir() and not SKIP & set(p.parts)):
        depth = len(folder.relative_to(src).parts)
        lines.append(f"{'  ' * depth}- `{folder.relative_to(src).as_posix()}/`")
    return lines


def folder_map() -> str:
    lines: list[str] = []
    for root in PYTHON_ROOTS:
        lines.extend(python_lines(root))
    lines.extend(web_lines())
    return "\n".join(lines)


def replaced(text: str, block: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + block + "\n" + text[end:]


def main(argv: list[str]) -> int:
    block = folder_map()
    if "--write" in argv:
        DOC.write_text(replaced(DOC.read_text(encoding="utf-8"), block), encoding="utf-8")
    elif "--check" in argv:
        text = DOC.read_text(encoding="utf-8")
        if replaced(text, block) != text:
            print(
                f"{DOC.relative_to(ROOT)}: the folder map is stale; run: .venv/bin/python scripts/folder_map.py "
                "--write",
                file=sys.stderr,
            )
            return 1
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
