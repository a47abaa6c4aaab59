"""Alembic environment, configured by :mod:`pipelines.db.schema` (no ``alembic.ini``).

Migrations run on the connection that :func:`pipelines.db.schema.upgrade` passes in
``config.attributes["connection"]``, inside its transaction. Target metadata: the models (for
``--autogenerate``); the full-text index and other objects outside the models are left alone.
SQLite uses batch mode (``render_as_batch``): ALTERs it cannot do become copy-and-move.
"""

from __future__ import annotations

from alembic import context

from pipelines.db.models import Base
from pipelines.db.schema import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through cnr-news (`cnr-news db upgrade`) or pipelines.db.schema, "
        "which pass the connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
