"""Review: people decide on proposed claims, correct them, add their own, and name the entities in them.

The library that the ``laborwatch claims``/``review``/``entities``/``engagements`` commands and the web app
call. Every function takes the caller's SQLAlchemy session, so one request is one transaction::

    with store.transaction() as session:
        accept_claims(session, ["3fa2c1d09e"], actor=resolve_actor(None))

Decisions are safe under concurrent reviewers (see ``laborwatch.review.decisions``); a lost race raises
``ReviewConflict``. Every decision is written to the audit log in the same transaction.
"""

from laborwatch.review.claims import (
    CLAIM_COLUMNS,
    CURRENT,
    NOT_WITHDRAWN,
    ClaimContext,
    ClaimPage,
    claim_context,
    claim_history,
    claim_rule,
    claim_summary,
    claim_to_dict,
    claim_versions,
    find_claim,
    find_document,
    list_claims,
)
from laborwatch.review.decisions import (
    accept_claims,
    accept_document,
    edit_claim,
    reject_claim,
    reopen_claim,
    skip_claim,
)
from laborwatch.review.engagements import ENGAGEMENT_KINDS, EngagementResult, add_engagement, list_engagements
from laborwatch.review.entities import (
    EntityView,
    SyncResult,
    entity_id_for,
    find_entity,
    link_claim_entities,
    list_entities,
    list_merges,
    merge_entities,
    normalize_name,
    resolve_entity,
    sync_entities,
    unmerge_entities,
)
from laborwatch.review.errors import AmbiguousId, NotFound, ReviewConflict, ReviewError
from laborwatch.review.manual import add_manual_claim
from laborwatch.review.refs import resolve_actor
from laborwatch.review.values import CITATION_FIELDS, KINDS, PLACE_KINDS, STATUSES, VALUE_FIELDS, coerce_field

__all__ = [
    "CITATION_FIELDS", "CLAIM_COLUMNS", "CURRENT", "ENGAGEMENT_KINDS", "KINDS", "NOT_WITHDRAWN", "PLACE_KINDS",
    "STATUSES", "VALUE_FIELDS", "AmbiguousId", "ClaimContext", "ClaimPage", "EngagementResult", "EntityView",
    "NotFound", "ReviewConflict", "ReviewError", "SyncResult", "accept_claims", "accept_document",
    "add_engagement", "add_manual_claim", "claim_context", "claim_history", "claim_rule", "claim_summary",
    "claim_to_dict", "claim_versions", "coerce_field", "edit_claim", "entity_id_for", "find_claim",
    "find_document", "find_entity", "link_claim_entities", "list_claims", "list_engagements", "list_entities",
    "list_merges", "merge_entities", "normalize_name", "reject_claim", "reopen_claim", "resolve_actor",
    "resolve_entity", "skip_claim", "sync_entities", "unmerge_entities",
]
