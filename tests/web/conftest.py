"""The page tests share the API tests' fixtures (the app, users of each role, a client)."""

from tests.api.conftest import app, client, password_hash, people

__all__ = ["app", "client", "password_hash", "people"]
