"""Report cost: the time and peak memory of `board_report` as the caseload grows tenfold, on
SQLite and PostgreSQL.

For each database and size a fresh database is seeded with one team (100 workers, every child
enrolled and paired a year ago, by `bench.common.seed_caseload`) and, in bulk with SQLAlchemy
Core, per child: 10 "is it helping?" ratings, 2 reviews, 6 prompted check-ins, and per ten
children 3 missing episodes, return interviews with 2 reasons each, and one worker change.
Timestamps are spread over the year before `NOW`; the report covers the last quarter of 2025
(which crosses the October clock change), so about a quarter of the rows fall in it.

Both sizes are seeded first; then each is measured in a fresh Python process (this script with
`--measure`), the sizes in turn, for several rounds, and the medians are reported (so a change in
the machine's load falls on both sizes alike). Each measuring process imports everything, then:

- first: times the process's first `board_report` (connecting and compiling included), with the
  kernel's peak-RSS mark (VmHWM) reset just before it (`/proc/self/clear_refs`), and reads the
  peak RSS of the process during that call: the whole process (interpreter, SQLAlchemy, the
  bot's modules, SQLite's page cache when SQLite; `bot.report` loads matplotlib only to draw, and
  drawing is not measured), not only what the call allocated; "growth" is that peak minus the
  RSS just before the call;
- warm: the median of several more calls in the same process;
- tracemalloc: the peak of Python-side allocations during one more call (a separate call, since
  tracing slows it down; memory allocated by SQLite or by psycopg's C code is not traced).

PostgreSQL's own memory (the server process) is in none of these: only the client's.
PostgreSQL is ANALYZEd after the bulk load (as autovacuum soon would be); SQLite is not (the bot
never runs ANALYZE).

Targets: the 100,000-children caseload (1,000,000 ratings) at most 12x the time and 1.5x the
peak memory of the 10,000-children one (100,000 ratings), on each database. The time target is
judged on the warm median, the memory target on the peak RSS during the first call.

    python -m bench.report_cost [--sizes 10000 100000] [--databases sqlite postgresql] [--rounds 5]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Table, insert, select, text, update
from sqlmodel import Session

from bench.common import (
    DATABASES,
    REPO,
    WORKERS,
    ZONE,
    fresh_database,
    machine,
    seed_caseload,
    use_new_keyring,
)
from bot.report import RATING_VALUES, REASONS, board_report
from bot.rules import timing
from bot.storage.db import make_engine, migrate
from bot.storage.models import (
    CheckIn,
    CheckInStatus,
    Child,
    Episode,
    MissingReason,
    Pairing,
    Rating,
    ReturnInterview,
    Review,
    RiskGrade,
    Role,
    Staff,
    Team,
)

SIZES = (10_000, 100_000)
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
START, END = date(2025, 10, 1), date(2025, 12, 31)
RATINGS_PER_CHILD = 10
REVIEWS_PER_CHILD = 2
CHECKINS_PER_CHILD = 6
EPISODES_PER_TEN = 3
REASONS_PER_INTERVIEW = 2
CHUNK = 50_000  # rows per executemany
WARM_CALLS = 5
ROUNDS = 5  # fresh measuring processes per size, alternating sizes
TIME_TARGET, MEMORY_TARGET = 12.0, 1.5
MEASURE_TIMEOUT = 300  # seconds, for one measuring process

YEAR_MINUTES = 365 * 24 * 60
GRADES = [RiskGrade.NO_APPARENT, RiskGrade.LOW, RiskGrade.MEDIUM, RiskGrade.HIGH, None]
CHECKIN_STATUSES = [
    CheckInStatus.DONE,
    CheckInStatus.DONE,
    CheckInStatus.UNANSWERED,
    CheckInStatus.DONE,
    CheckInStatus.SUPERSEDED,
    CheckInStatus.OPEN,
]


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


RATING, REVIEW, CHECKIN, EPISODE = (_table(m) for m in (Rating, Review, CheckIn, Episode))
INTERVIEW, REASON, PAIRING, CHILD = (
    _table(m) for m in (ReturnInterview, MissingReason, Pairing, Child)
)
TEAM, STAFF = _table(Team), _table(Staff)


# Seeding --------------------------------------------------------------------------------------


def spread(n: int) -> datetime:
    """The n-th moment, scattered over the year before NOW (deterministic)."""
    return NOW - timedelta(minutes=1 + (n * 7_919) % YEAR_MINUTES)


def chunked(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(engine: Engine, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with engine.begin() as connection:
        for batch in chunked(rows):
            connection.execute(insert(table), batch)
            count += len(batch)
    return count


def seed(engine: Engine, children: int) -> tuple[int, dict[str, int]]:
    """The caseload and its history; the team's id and how many rows of each kind."""
    seed_caseload(engine, children, NOW)
    with engine.connect() as connection:
        team_id = connection.execute(select(TEAM.c.id)).scalar_one()
        child_ids = connection.execute(select(CHILD.c.id).order_by(CHILD.c.id)).scalars().all()
        workers = (
            connection.execute(
                select(STAFF.c.id).where(STAFF.c.role == Role.WORKER).order_by(STAFF.c.id)
            )
            .scalars()
            .all()
        )
    counts: dict[str, int] = {"children": len(child_ids)}
    period_days = (END - START).days + 1

    # Every tenth child changed worker in the middle of the period; every twentieth is overdue.
    change_at = timing.at_local(START + timedelta(days=45), timing.MORNING, ZONE)
    with engine.begin() as connection:
        connection.execute(
            update(PAIRING)
            .where(PAIRING.c.child_id % 10 == 0)
            .values(ended_at=change_at, end_reason="reassigned")
        )
        connection.execute(
            update(CHILD).where(CHILD.c.id % 20 == 0).values(review_due_on=END - timedelta(days=3))
        )
    counts["worker changes"] = bulk(
        engine,
        PAIRING,
        (
            {"child_id": c, "worker_id": workers[(c + 1) % WORKERS], "started_at": change_at}
            for c in child_ids
            if c % 10 == 0
        ),
    )

    child_values, worker_values = (list(RATING_VALUES[r]) for r in ("child", "worker"))

    def ratings() -> Iterator[dict[str, Any]]:
        for i, child in enumerate(child_ids):
            for k in range(RATINGS_PER_CHILD):
                n = i * RATINGS_PER_CHILD + k
                rater, values = ("child", child_values) if k % 2 else ("worker", worker_values)
                yield {
                    "child_id": child,
                    "rater": rater,
                    "value": values[n % len(values)],
                    "created_at": spread(n),
                }

    def reviews() -> Iterator[dict[str, Any]]:
        for i, child in enumerate(child_ids):
            due = START + timedelta(days=i % period_days)
            for k in range(REVIEWS_PER_CHILD):
                due_on = due - timedelta(days=28 * k)
                late = timedelta(days=3 if (i + k) % 4 == 0 else -1)
                yield {
                    "child_id": child,
                    "worker_id": workers[child % WORKERS],
                    "held_at": timing.at_local(due_on + late, timing.MORNING, ZONE),
                    "due_on": due_on,
                    "next_due_on": due_on + timedelta(days=28),
                    "next_due_chosen": False,
                }

    def checkins() -> Iterator[dict[str, Any]]:
        for i, child in enumerate(child_ids):
            for k in range(CHECKINS_PER_CHILD):
                n = i * CHECKINS_PER_CHILD + k
                created = spread(n + 17)
                status = CHECKIN_STATUSES[n % len(CHECKIN_STATUSES)]
                yield {
                    "child_id": child,
                    "status": status,
                    "prompt_key": f"checkin:{child}:{k}",
                    "created_at": created,
                    "answered_at": created + timedelta(hours=2)
                    if status == CheckInStatus.DONE
                    else None,
                }

    def episodes() -> Iterator[dict[str, Any]]:
        for i, child in enumerate(child_ids):
            if i % 10 >= EPISODES_PER_TEN:
                continue
            opened = spread(i + 31)
            returned = opened + timedelta(hours=20)
            done = returned + timedelta(hours=48 if i % 5 else 100)
            yield {
                "child_id": child,
                "team_id": team_id,
                "opened_by": workers[child % WORKERS],
                "opened_at": opened,
                "risk_grade": GRADES[i % len(GRADES)],
                "returned_at": returned,
                "rhi_due_at": returned + timedelta(hours=72),
                "rhi_done_at": done if i % 7 else None,
            }

    counts["ratings"] = bulk(engine, RATING, ratings())
    counts["reviews"] = bulk(engine, REVIEW, reviews())
    counts["check-ins"] = bulk(engine, CHECKIN, checkins())
    counts["episodes"] = bulk(engine, EPISODE, episodes())

    with engine.connect() as connection:
        done = connection.execute(
            select(
                EPISODE.c.id, EPISODE.c.child_id, EPISODE.c.opened_by, EPISODE.c.rhi_done_at
            ).where(EPISODE.c.rhi_done_at.is_not(None))
        ).all()
    counts["return interviews"] = bulk(
        engine,
        INTERVIEW,
        (
            {
                "episode_id": episode,
                "child_id": child,
                "worker_id": worker,
                "held_at": held,
                "outcome": "accepted",
                "independent": True,
            }
            for episode, child, worker, held in done
        ),
    )
    codes = list(REASONS)
    with engine.connect() as connection:
        interviews = connection.execute(select(INTERVIEW.c.id, INTERVIEW.c.held_at)).all()
    counts["reasons"] = bulk(
        engine,
        REASON,
        (
            {
                "interview_id": interview,
                "team_id": team_id,
                "reason": codes[(interview * 3 + k) % len(codes)],
                "held_at": held,
            }
            for interview, held in interviews
            for k in range(REASONS_PER_INTERVIEW)
        ),
    )
    return team_id, counts


# Measuring (in a fresh process) ----------------------------------------------------------------


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_here(url: str, team_id: int) -> dict[str, Any]:
    """Run in the fresh process: the first call's time and peak RSS, then warm calls, then one
    call under tracemalloc."""
    engine = make_engine(url)

    def call() -> Any:
        with Session(engine) as session:
            return board_report(session, team_id, START, END, ZONE, NOW)

    rss_before = _status_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak-RSS mark (VmHWM)
    started = time.perf_counter()
    result = call()
    first_ms = (time.perf_counter() - started) * 1000
    peak_call = _status_kib("VmHWM")
    warm = []
    for _ in range(WARM_CALLS):
        started = time.perf_counter()
        call()
        warm.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    call()
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    engine.dispose()
    return {
        "first_ms": first_ms,
        "warm_ms": statistics.median(warm),
        "rss_before_kib": rss_before,
        "peak_call_kib": peak_call,
        "traced_peak_kib": traced_peak / 1024,
        "figures": {
            "reviews_due": result.reviews_due,
            "reviews_on_time": result.reviews_on_time,
            "overdue_reviews_now": result.overdue_reviews_now,
            "returns": result.returns,
            "reasons": sum(result.reasons.values()),
            "ratings": sum(sum(v.values()) for v in result.ratings.values()),
            "children_paired": result.children_paired,
            "worker_changes": result.worker_changes,
            "checkins_prompted": result.checkins_prompted,
        },
    }


@dataclass(frozen=True)
class Figures:
    """One caseload's figures: medians over the rounds (each round a fresh process)."""

    database: str
    children: int
    rows: dict[str, int]
    seed_seconds: float
    first_ms: float
    warm_ms: float
    rss_before_kib: float
    peak_call_kib: float
    traced_peak_kib: float
    report: dict[str, int]
    rounds: list[dict[str, Any]]


@dataclass(frozen=True)
class Seeded:
    children: int
    url: str
    team_id: int
    rows: dict[str, int]
    seconds: float


def seed_database(database: str, url: str, children: int) -> Seeded:
    engine = make_engine(url)
    try:
        migrate(engine)
        started = time.perf_counter()
        team_id, rows = seed(engine, children)
        if database == "postgresql":  # what autovacuum does soon after a bulk load
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    print(f"  {database}, {children:,} children: seeded in {seconds:.0f} s", flush=True)
    return Seeded(children, url, team_id, rows, seconds)


def measure_in_fresh_process(seeded: Seeded) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.report_cost",
        "--measure",
        seeded.url,
        str(seeded.team_id),
    ]
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=MEASURE_TIMEOUT
    )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise RuntimeError(f"the measuring process failed ({done.returncode})")
    return cast(dict[str, Any], json.loads(done.stdout.strip().splitlines()[-1]))


def measure(database: str, sizes: list[int], rounds: int) -> list[Figures]:
    """Seed every size, then measure them in turn, round after round, so a change in the
    machine's load during the run falls on every size alike."""
    with ExitStack() as stack:
        seeded = [
            seed_database(database, stack.enter_context(fresh_database(database)), size)
            for size in sizes
        ]
        got: dict[int, list[dict[str, Any]]] = {s.children: [] for s in seeded}
        for _ in range(rounds):
            for s in seeded:
                got[s.children].append(measure_in_fresh_process(s))
    results = []
    for s in seeded:
        runs = got[s.children]

        def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(run[key] for run in runs)

        results.append(
            Figures(
                database,
                s.children,
                s.rows,
                s.seconds,
                median("first_ms"),
                median("warm_ms"),
                median("rss_before_kib"),
                median("peak_call_kib"),
                median("traced_peak_kib"),
                runs[0]["figures"],
                runs,
            )
        )
    return results


# Reporting ------------------------------------------------------------------------------------


def report(database: str, results: list[Figures]) -> bool:
    """Print one database's table and ratios; whether both targets held."""
    print(f"\n### {database} (medians of {len(results[0].rounds)} fresh processes per size)\n")
    print(
        "| children | ratings | rows seeded | seeding (s) | first call (ms) | warm call (ms) | "
        "RSS before (MiB) | peak RSS during first call (MiB) | growth (MiB) | "
        "tracemalloc peak (KiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.children:,} | {r.rows['ratings']:,} | {sum(r.rows.values()):,} | "
            f"{r.seed_seconds:.0f} | {r.first_ms:.0f} | {r.warm_ms:.0f} | "
            f"{r.rss_before_kib / 1024:.1f} | {r.peak_call_kib / 1024:.1f} | "
            f"{(r.peak_call_kib - r.rss_before_kib) / 1024:.1f} | {r.traced_peak_kib:.0f} |"
        )
    print()
    for r in results:
        warm = ", ".join(f"{run['warm_ms']:.0f}" for run in r.rounds)
        peaks = ", ".join(f"{run['peak_call_kib'] / 1024:.1f}" for run in r.rounds)
        print(
            f"- {r.children:,}: warm call per round (ms) {warm}; peak RSS per round (MiB) {peaks}"
        )
        print("  - rows: " + ", ".join(f"{k} {v:,}" for k, v in r.rows.items()))
        print("  - report: " + ", ".join(f"{k} {v:,}" for k, v in r.report.items()))
    small, large = results[0], results[-1]
    if small is large:
        return True
    time_ratio = large.warm_ms / small.warm_ms
    first_ratio = large.first_ms / small.first_ms
    memory_ratio = large.peak_call_kib / small.peak_call_kib
    growth_small = max(small.peak_call_kib - small.rss_before_kib, 1)
    growth_ratio = (large.peak_call_kib - large.rss_before_kib) / growth_small
    traced_ratio = large.traced_peak_kib / small.traced_peak_kib
    per_round = ", ".join(
        f"{b['warm_ms'] / a['warm_ms']:.2f}"
        for a, b in zip(small.rounds, large.rounds, strict=True)
    )
    time_held = time_ratio <= TIME_TARGET
    memory_held = memory_ratio <= MEMORY_TARGET
    print(
        f"\n{large.children:,}/{small.children:,} ratios: time (warm) {time_ratio:.2f} "
        f"(per round {per_round}), time (first call) {first_ratio:.2f}, "
        f"peak RSS during the first call {memory_ratio:.3f}, RSS growth during the first call "
        f"{growth_ratio:.2f}, tracemalloc peak {traced_ratio:.2f}"
    )
    print(f"\ntime target (warm ratio <= {TIME_TARGET:g}): {_verdict(time_held)}")
    print(f"memory target (peak RSS ratio <= {MEMORY_TARGET:g}): {_verdict(memory_held)}")
    return time_held and memory_held


def _verdict(held: bool) -> str:
    return "held" if held else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=DATABASES)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument(
        "--measure", nargs=2, metavar=("URL", "TEAM_ID"), help="(internal) measure one database"
    )
    args = parser.parse_args()
    if args.measure:
        url, team_id = args.measure
        print(json.dumps(measure_here(url, int(team_id))))
        return 0
    print("\n".join(machine(postgres="postgresql" in args.databases)))
    print(f"period: {START} to {END} ({ZONE.key}), now: {NOW:%Y-%m-%d %H:%M} UTC")
    use_new_keyring()
    started = time.perf_counter()
    held = True
    for database in args.databases:
        results = measure(database, sorted(args.sizes), args.rounds)
        held = report(database, results) and held
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    print("every target held" if held else "a target was MISSED")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
