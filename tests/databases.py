"""Test databases made fast: the schema is migrated once per test process into a template, and
each test gets its own copy of it (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on
PostgreSQL). A world a module builds once is kept the same way and copied back per test."""

import shutil
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.storage.db import make_engine, migrate


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _with_database(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Databases:
    """Hands out databases for one test process: empty, migrated, or a copy of a saved one."""

    def __init__(self, server: str | None, directory: Path) -> None:
        self._server = server  # a PostgreSQL URL, or None for SQLite files
        self._directory = directory
        self._admin: Engine | None = None
        self._made: list[str] = []
        self.template = self.empty()
        engine = make_engine(self.template)
        try:
            migrate(engine)
        except BaseException:
            self.close()
            raise
        finally:
            engine.dispose()

    def _execute(self, statement: str) -> None:
        if self._admin is None:
            assert self._server is not None
            self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as connection:
            connection.execute(text(statement))

    def empty(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        if self._server is None:
            return f"sqlite:///{self._directory / (name + '.db')}"
        self._execute(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        return _with_database(self._server, name)

    def copy_of(self, source: str) -> str:
        """A new database holding what `source` holds; nothing may be connected to `source`."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        if self._server is None:
            target = self._directory / (name + ".db")
            with sqlite3.connect(_sqlite_path(source)) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            return f"sqlite:///{target}"
        source_name = urlsplit(source).path[1:]
        self._disconnect(source_name)
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source_name}"')
        self._made.append(name)
        return _with_database(self._server, name)

    def _disconnect(self, name: str) -> None:
        """Close what is still connected to a database about to be copied (PostgreSQL copies
        only a database nobody is connected to): an engine a test made and never disposed."""
        self._execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )

    def restore(self, saved: str, target: str) -> None:
        """Make `target` hold what `saved` holds again (every engine on `target` disposed)."""
        if self._server is None:
            path = _sqlite_path(target)
            for leftover in (
                path.with_name(path.name + "-wal"),
                path.with_name(path.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(_sqlite_path(saved), path)
            return
        name = urlsplit(target).path[1:]
        self._execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{urlsplit(saved).path[1:]}"')

    def drop(self, url: str) -> None:
        if self._server is None:
            path = _sqlite_path(url)
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            return
        name = urlsplit(url).path[1:]
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.remove(name)

    def close(self) -> None:
        """Drop every database this process made; one that will not go does not stop the rest."""
        errors = []
        for name in self._made:
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as error:
                errors.append(f"{name}: {type(error).__name__}")
        self._made.clear()
        if self._admin is not None:
            self._admin.dispose()
        assert not errors, f"test databases left behind: {errors}"
