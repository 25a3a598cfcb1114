"""Engine, sessions and migrations. The same schema serves SQLite and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Text, cast, create_engine, event, literal, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel

from bot.storage.crypto import active_keyring
from bot.storage.models import EncryptedText

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x486F6D65  # any fixed number; serialises concurrent `migrate` runs
_READ_ONLY = "homeward_read_only"


def make_engine(url: str) -> Engine:
    """An engine that lets two processes share one database, SQLite included. Errors never
    quote the values bound to a statement: they may be what a person wrote."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )
        _serialise_sqlite_writers(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _serialise_sqlite_writers(engine: Engine) -> None:
    """WAL for concurrent readers; BEGIN IMMEDIATE so writers queue instead of deadlocking."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        deferred = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def insert_for(session: Session) -> Any:
    """The INSERT of the session's database, with its ON CONFLICT clauses."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that only reads: on SQLite it starts deferred, so it never queues behind
    a writer, nor holds one up."""
    with Session(engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False) as session:
        yield session  # closing ends the transaction and keeps what was read


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version (safe to run from two processes at once)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def rotate_keys(engine: Engine) -> int:
    """Re-encrypt every stored value under the first key, so older keys can then be dropped."""
    keyring = active_keyring()
    rotated = 0
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            keys = [c for c in table.primary_key.columns]
            for column in table.columns:
                if not isinstance(column.type, EncryptedText):
                    continue
                raw = Text()  # the stored ciphertext, as it is
                rows = connection.execute(
                    select(*keys, cast(table.c[column.name], raw)).where(
                        table.c[column.name].is_not(None)
                    )
                ).all()
                for *ids, token in rows:
                    where = [key == value for key, value in zip(keys, ids, strict=True)]
                    connection.execute(
                        update(table)
                        .where(*where)
                        .values({column.name: literal(keyring.rotate(token), raw)})
                    )
                    rotated += 1
    return rotated
