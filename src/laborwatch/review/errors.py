"""The errors review raises. Each says which record and what went wrong, in words a reviewer can act on."""

from __future__ import annotations

from datetime import datetime


class ReviewError(ValueError):
    """A review request that cannot be carried out as asked (bad value, unknown id, wrong state)."""


class NotFound(ReviewError, LookupError):
    """No record has this id or id prefix."""


class AmbiguousId(ReviewError, LookupError):
    """An id prefix matches more than one record."""


class ReviewConflict(ReviewError):
    """Someone else decided on or changed the record first; the caller's change was not applied.

    Raised inside the caller's transaction: let it propagate out of ``Store.transaction()`` so the whole
    request rolls back. ``record_id`` (a claim id unless ``record_type`` says otherwise), ``status``, ``by``,
    ``at`` and ``superseded_by`` describe the state that won, so a user interface can show it and reload.
    """

    def __init__(self, message: str, *, record_id: str, record_type: str = "claim", status: str | None = None,
                 by: str | None = None, at: datetime | None = None, superseded_by: str | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id
        self.record_type = record_type
        self.status = status
        self.by = by
        self.at = at
        self.superseded_by = superseded_by

    @property
    def claim_id(self) -> str:
        return self.record_id
