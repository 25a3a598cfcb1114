"""Every benchmark in turn, each in its own process, with its exact command as a heading.

    python -m bench.run_all

Exits non-zero when any benchmark missed a target (or failed).
"""

import subprocess
import sys

from bench.common import REPO

BENCHMARKS = (
    "bench.sweep_cost",
    "bench.burst",
    "bench.memory",
    "bench.report_cost",
    "bench.sandbox_start",
)
TIMEOUT = 1_200  # seconds, for each benchmark


def main() -> int:
    missed = []
    for module in BENCHMARKS:
        print(f"\n## python -m {module}\n", flush=True)
        try:
            code = subprocess.run([sys.executable, "-m", module], cwd=REPO, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"{module} ran longer than {TIMEOUT} s and was stopped")
            missed.append(module)
            continue
        if code.returncode != 0:
            missed.append(module)
    print(f"\ntargets missed in: {', '.join(missed)}" if missed else "\nevery target held")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
