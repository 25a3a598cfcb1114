"""Sweep cost: milliseconds per `Sweeper.run_once()` as the caseload grows, on SQLite and
PostgreSQL.

For each database and caseload a fresh database is seeded (one team, 100 workers, every child
enrolled and paired a year ago, nothing due), then sweeps are timed at a frozen clock:

- first: the first sweep of the fresh database, with 1% of the children due (review and weekly
  check-in) and the daily digest not yet sent;
- 1% due: the median over several rounds, each with a fresh 1% of the children due;
- 10 due: the same with exactly 10 children due whatever the caseload, so any growth is the
  cost of the caseload itself;
- 10 due + digest: as 10 due, with the day's digest mark removed first (the 09:00 sweep);
- idle: nothing due, as most sweeps (every 30 s) find.

Before each timed round the outbox is marked sent (as the dispatcher would) and one untimed
sweep catches up on it, so a timed sweep does only that round's due work. Each timed sweep is
checked to have queued exactly two rows per due child (a review reminder and a check-in prompt).

    python -m bench.sweep_cost [--sizes 1000 10000 100000] [--databases sqlite postgresql]
"""

import argparse
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Engine, delete, func, select, text, update
from sqlmodel import col

from bench.common import (
    DATABASES,
    ZONE,
    elapsed_ms,
    fresh_database,
    machine,
    make_due,
    seed_caseload,
    use_new_keyring,
)
from bot.clock import FrozenClock
from bot.storage.db import make_engine, migrate
from bot.storage.models import Child, Outbox, OutboxStatus, SweepMark
from scheduler.sweeps import Sweeper

SIZES = (1_000, 10_000, 100_000)
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)  # a Wednesday, 10:00 in London: not quiet hours
FIXED_DUE = 10
TARGET_RATIO = 2.0


@dataclass(frozen=True)
class Figures:
    children: int
    first_ms: float
    one_percent_ms: float
    fixed_ms: float
    fixed_digest_ms: float
    idle_ms: float

    @property
    def per_due_child_ms(self) -> float:
        return self.one_percent_ms / (self.children // 100)


def measure(database: str, children: int, rounds: int) -> Figures:
    with fresh_database(database) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            seed_caseload(engine, children, NOW)
            if database == "postgresql":  # what autovacuum does soon after a bulk load
                with engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            sweeper = Sweeper(engine, FrozenClock(NOW), ZONE)

            def timed(where: ColumnElement[bool] | None, digest: bool = False) -> float:
                return timed_round(engine, sweeper, where, digest=digest)

            def spread(offset: int) -> ColumnElement[bool]:
                """FIXED_DUE children spread over the table, fresh for each offset."""
                step = children // FIXED_DUE
                return col(Child.id).in_([offset + j * step for j in range(FIXED_DUE)])

            ks = range(1, rounds + 1)
            return Figures(
                children,
                first_ms=first_sweep(engine, sweeper),
                one_percent_ms=statistics.median(timed(col(Child.id) % 100 == k) for k in ks),
                fixed_ms=statistics.median(timed(spread(50 + k)) for k in ks),
                fixed_digest_ms=statistics.median(timed(spread(70 + k), digest=True) for k in ks),
                idle_ms=statistics.median(timed(None) for _ in ks),
            )
        finally:
            engine.dispose()


def first_sweep(engine: Engine, sweeper: Sweeper) -> float:
    """The fresh database's first sweep: 1% due, and the day's digest not yet sent."""
    due = make_due(engine, NOW, col(Child.id) % 100 == 0)
    took = elapsed_ms(sweeper.run_once)
    _check_queued(engine, due)
    return took


def timed_round(
    engine: Engine, sweeper: Sweeper, where: ColumnElement[bool] | None, *, digest: bool
) -> float:
    """Settle what earlier rounds queued, make `where` due (if given), and time one sweep."""
    with engine.begin() as connection:
        connection.execute(
            update(Outbox)
            .where(col(Outbox.status) == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=NOW, payload=None)
        )
    sweeper.run_once()  # untimed: learns which prompts went out
    due = 0 if where is None else make_due(engine, NOW, where)
    if digest:
        with engine.begin() as connection:
            connection.execute(delete(SweepMark))
    took = elapsed_ms(sweeper.run_once)
    _check_queued(engine, due)
    return took


def _check_queued(engine: Engine, due: int) -> None:
    """A timed sweep must have done its work: a reminder and a prompt per due child."""
    with engine.connect() as connection:
        query = select(func.count()).where(col(Outbox.status) == OutboxStatus.PENDING)
        queued = connection.execute(query).scalar_one()
    if queued != 2 * due:
        raise RuntimeError(f"a sweep with {due} children due queued {queued} rows, not {2 * due}")


ONE_PERCENT = "1% due"
FIXED = f"{FIXED_DUE} due"
IDLE = "idle"
COLUMNS: dict[str, Callable[[Figures], float]] = {
    "first (1% + digest)": lambda r: r.first_ms,
    ONE_PERCENT: lambda r: r.one_percent_ms,
    "per due child": lambda r: r.per_due_child_ms,
    FIXED: lambda r: r.fixed_ms,
    f"{FIXED} + digest": lambda r: r.fixed_digest_ms,
    IDLE: lambda r: r.idle_ms,
}


def report(database: str, results: list[Figures]) -> bool:
    """Print one database's table and ratios; whether the target held (1% due)."""
    print(f"\n{database}: ms per Sweeper.run_once() (medians of the rounds)\n")
    print("| children | " + " | ".join(COLUMNS) + " |")
    print("|---:|" + "---:|" * len(COLUMNS))
    for r in results:
        print(
            f"| {r.children:,} | " + " | ".join(f"{get(r):.1f}" for get in COLUMNS.values()) + " |"
        )
    small, large = results[0], results[-1]
    if small is large:
        return True
    ratios = {name: get(large) / get(small) for name, get in COLUMNS.items()}
    listed = ", ".join(f"{name} {value:.2f}" for name, value in ratios.items())
    print(f"\n{large.children:,}/{small.children:,} ratio: {listed}")
    held = ratios[ONE_PERCENT] <= TARGET_RATIO
    print(f"target, as stated ({ONE_PERCENT}, ratio <= {TARGET_RATIO:g}): {_verdict(held)}")
    for name in (FIXED, IDLE):
        own = ratios[name] <= TARGET_RATIO
        print(f"the same ratio with {name} (the caseload's own cost): {_verdict(own)}")
    return held


def _verdict(held: bool) -> str:
    return "held" if held else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=DATABASES)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not 1 <= args.rounds <= 20 or min(args.sizes) < 1_000:  # keeps each round's children apart
        parser.error("--rounds must be 1 to 20 and every size at least 1000")
    print("\n".join(machine(postgres="postgresql" in args.databases)))
    use_new_keyring()
    held = True
    for database in args.databases:
        results = [measure(database, size, args.rounds) for size in sorted(args.sizes)]
        held = report(database, results) and held
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
