"""The house limits on size: no module over 400 lines, no function over 80 (docs/development/style.md).

    scripts/check_sizes.py [--max-module 400] [--max-function 80] [dirs...]
    # default: kb api web config scripts bench tests

Migrations are generated and left out. Prints each offender and exits 1 if there is any.
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def offenders(paths: list[Path], max_module: int, max_function: int) -> list[str]:
    found = []
    for path in sorted(p for base in paths for p in base.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        name = path.relative_to(ROOT)
        lines = len(text.splitlines())
        if lines > max_module:
            found.append(f"{name}: {lines} lines (module limit {max_module})")
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - min([node.lineno, *(d.lineno for d in node.decorator_list)]) + 1
                if length > max_function:
                    found.append(f"{name}:{node.lineno} {node.name}: {length} lines (function limit {max_function})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-module", type=int, default=400)
    parser.add_argument("--max-function", type=int, default=80)
    parser.add_argument("dirs", nargs="*", default=["kb", "api", "web", "config", "scripts", "bench", "tests"])
    args = parser.parse_args()
    found = offenders([ROOT / d for d in args.dirs], args.max_module, args.max_function)
    for line in found:
        print(line)
    print(f"sizes: {len(found)} over the limits" if found else "sizes: every module and function within the limits")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
