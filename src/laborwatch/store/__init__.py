"""The evidence store: SQLAlchemy models, Alembic migrations, and the small Store interface over them."""

from laborwatch.store.db import Store, open_store

__all__ = ["Store", "open_store"]
