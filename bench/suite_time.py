"""The test suite's wall time as CI sees it: each revision cloned afresh and `.ci/run` run in
it (install from nothing, lint, the tests on SQLite and on PostgreSQL), one after the other.

    python -m bench.suite_time [REVISION ...]     (default: 4b20ad0 HEAD)

4b20ad0 is the last revision before the suite was made faster. Prints each revision's time and
the ratio of the last to the first, and exits 1 when the last took more than half the first.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import REPO, machine

TARGET = 0.5  # the new suite in at most half the time of the old
TIMEOUT = 3_600  # seconds, for one revision


def _clean_environment() -> dict[str, str]:
    """This process's environment without any virtual environment or test database of ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "TEST_DATABASE_URL")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    env["CI"] = "true"
    return env


def ci_seconds(revision: str) -> float:
    """`.ci/run` in a clone beside this repository, as CI's is (the tests read ../shared)."""
    clone = REPO.parent / f"suite-time-{revision}"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", revision], check=True)
    try:
        return _timed_ci(clone, revision)
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def _timed_ci(clone: Path, revision: str) -> float:
    log = clone / "suite-time.log"
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(
            ["bash", ".ci/run"],
            cwd=clone,
            env=_clean_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=TIMEOUT,
        )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-40:])
        raise SystemExit(f"{revision}: .ci/run failed (exit {done.returncode}):\n{tail}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", default=["4b20ad0", "HEAD"])
    args = parser.parse_args()
    revisions = [
        subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", r],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        for r in args.revisions
    ]
    print("\n".join(machine(postgres=True)))
    print("\n| revision | `.ci/run` from a clean clone |\n|---|---|")
    seconds = []
    for revision in revisions:
        seconds.append(ci_seconds(revision))
        print(f"| `{revision}` | {seconds[-1]:.0f} s |", flush=True)
    ratio = seconds[-1] / seconds[0]
    print(f"\n{revisions[-1]} / {revisions[0]}: {ratio:.2f} (target at most {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
