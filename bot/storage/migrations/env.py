"""Alembic environment: migrations run on the connection `bot.storage.db.migrate`
hands over."""

from typing import Any, Literal

from alembic import context
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)


def _render_storage_type(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations name the stored column type, not the Python-side wrapper around it."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=_render_storage_type,
)
with context.begin_transaction():
    context.run_migrations()
