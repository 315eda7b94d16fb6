"""What the extraction rules written since a commit cost: the same documents extracted by the
code of that commit and by the code of this checkout, alternately, in fresh processes.

    python -m benchmarks.rules_cost --base c84eeff --docs benchmarks/out/full/corpus

The old code is checked out with ``git worktree`` into a temporary folder and put first on
``PYTHONPATH`` for its runs (the editable install points at this checkout). Each run reads,
cleans and extracts the first ``--count`` ``.txt`` files of ``--docs`` (after a warm-up of three
that builds the pipelines) and prints its seconds; the script prints the median of each side
and their ratio. Alternating the sides, round after round, keeps a noisy machine's drift out of
the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: One timed run, in the child process: the files come as arguments.
CHILD = """
import sys, time
from pathlib import Path
from kg.ingest import extract_files
from kg.settings import Settings
files = [Path(p) for p in sys.argv[1:]]
settings = Settings()
list(extract_files(files[:3], settings))
start = time.perf_counter()
for _ in extract_files(files, settings):
    pass
print(time.perf_counter() - start)
"""


def timed_run(code_root: Path, files: list[Path]) -> float:
    """Seconds to extract ``files`` with the ``kg`` package found in ``code_root``."""
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, files)],
        env={**os.environ, "PYTHONPATH": str(code_root)},
        capture_output=True,
        text=True,
        check=True,
        cwd=code_root,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the commit whose rules are the baseline")
    parser.add_argument("--docs", type=Path, required=True, help="a folder of .txt documents")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(args.docs.resolve().glob("*.txt"))[: args.count]
    if not files:
        parser.error(f"no .txt files in {args.docs}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(base), args.base], cwd=ROOT, check=True
        )
        try:
            times: dict[str, list[float]] = {"base": [], "current": []}
            for round_ in range(1, args.rounds + 1):
                for side, code_root in (("base", base), ("current", ROOT)):
                    seconds = timed_run(code_root, files)
                    times[side].append(seconds)
                    print(f"round {round_}: {side:7} {len(files)} documents {seconds:.2f} s")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=True
            )
    base_s, current_s = statistics.median(times["base"]), statistics.median(times["current"])
    print(
        f"median: {args.base} {base_s:.2f} s, this checkout {current_s:.2f} s, "
        f"ratio {current_s / base_s:.2f}x"
    )


if __name__ == "__main__":
    main()
