"""Summarise a mutmut run per module from its result files (mutants/**/*.meta), then show each survivor."""

from __future__ import annotations

import json
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

# mutmut's exit codes of the test run against a mutant: 1 (a test failed) is a kill; 0 a survivor.
KIND = {
    0: "survived",
    1: "killed",
    3: "killed",
    33: "no tests",
    34: "skipped",
    35: "suspicious",
    36: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -24: "timeout",
    None: "not checked",
    5: "no tests",
}


def main() -> None:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        module = str(meta.relative_to("mutants"))[: -len(".meta")]
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            kind = KIND.get(code, f"exit {code}")
            table[module][kind] += 1
            if kind == "survived":
                survivors.append(name)
    print(f"{'module':48} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} {'timeout':>7} {'other':>5}")
    for module, counts in table.items():
        other = sum(counts.values()) - sum(counts[k] for k in ("killed", "survived", "no tests", "timeout"))
        print(
            f"{module:48} {sum(counts.values()):7} {counts['killed']:6} {counts['survived']:8} "
            f"{counts['no tests']:8} {counts['timeout']:7} {other:5}"
        )
    for name in survivors:
        print(f"\n--- survived: {name}")
        shown = subprocess.run([".venv/bin/mutmut", "show", name], capture_output=True, text=True).stdout
        print(
            "\n".join(
                line
                for line in shown.splitlines()
                if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
            )
        )


if __name__ == "__main__":
    main()
