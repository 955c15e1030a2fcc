"""Alembic environment: runs on the connection LaborWatch hands it (see ``laborwatch.store.db.upgrade``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from laborwatch.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` on the command line, for developers writing a migration
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///laborwatch-dev.db"
        with create_engine(url).connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata,
                              render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
        return
    # render_as_batch lets ALTERs work on SQLite, which cannot alter most constraints in place
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
