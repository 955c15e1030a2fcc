"""The evidence store's tables (SQLAlchemy 2). Every schema change also gets an Alembic migration.

Ids are deterministic hashes of a record's defining fields (see ``laborwatch.evidence.ids``), so the same
fact arriving twice lands on the same row, and an id means the same thing on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A publisher or outlet that documents and citations come from."""

    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    homepage: Mapped[str | None] = mapped_column(String(1000))
    reliability: Mapped[str | None] = mapped_column(String(20))  # primary / secondary / tertiary
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Document(Base):
    __tablename__ = "documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str | None] = mapped_column(String(1000))
    publisher: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    published: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(12))
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    # Character offset at which each PDF page starts in ``text``; null for formats without pages.
    page_starts: Mapped[list[Any] | None] = mapped_column(JSON)
    metadata_origin: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> "document"/"user"
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[str] = mapped_column(String(200))


class ExtractionRun(Base):
    """One extractor version run over one document, so ``laborwatch extract`` runs each pair once."""

    __tablename__ = "extraction_runs"
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"), primary_key=True)
    extractor: Mapped[str] = mapped_column(String(100), primary_key=True)  # name@version
    claim_count: Mapped[int] = mapped_column(Integer)
    run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Claim(Base):
    """A provenance record: one value, where exactly it came from, who made it and who decided on it.

    Values are never edited in place: an edit inserts a new version whose ``supersedes`` names the old row,
    and the old row gets ``superseded_by``. Review decisions change ``status`` and are logged in the audit log.
    """

    __tablename__ = "claims"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes: Mapped[str | None] = mapped_column(ForeignKey("claims.id"))
    superseded_by: Mapped[str | None] = mapped_column(String(40))
    dataset: Mapped[str] = mapped_column(String(100))  # "documents", "evidence-pack", "manual"
    country: Mapped[str | None] = mapped_column(String(8))  # ISO 3166-1 alpha-2, or WORLD
    # worker_count (presence: qualifier, category, employer, sector and place, never a figure)
    count: Mapped[int | None] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(20))
    employer: Mapped[str | None] = mapped_column(String(500))
    sector: Mapped[str | None] = mapped_column(String(200))
    # A city, region or site as the source writes it ("Dandong", "Primorsky Krai"); null when only the country
    # is named. A value a reviewer can correct, so a column rather than part of ``extra``.
    place: Mapped[str | None] = mapped_column(String(200))
    # policy_action / forced_repatriation
    action: Mapped[str | None] = mapped_column(String(40))
    event_date: Mapped[str | None] = mapped_column(String(10))
    # wage
    gross_per_month: Mapped[float | None] = mapped_column(Float)
    received_per_month: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    # employer
    name: Mapped[str | None] = mapped_column(String(500))
    role: Mapped[str | None] = mapped_column(String(20))
    entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"))
    # common
    attributed_to: Mapped[str | None] = mapped_column(String(500))
    as_of: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[float | None] = mapped_column(Float)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # where it came from: a stored document and exact characters, or a citation
    document_sha256: Mapped[str | None] = mapped_column(ForeignKey("documents.sha256"))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    citation_publisher: Mapped[str | None] = mapped_column(String(300))
    citation_title: Mapped[str | None] = mapped_column(String(1000))
    citation_date: Mapped[str | None] = mapped_column(String(10))
    citation_url: Mapped[str | None] = mapped_column(String(2000))
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    # who or what made it, and the decision on it
    origin: Mapped[str] = mapped_column(String(200))  # "rules@0.1.0" or "user:alice" or "pack@2026-11"
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    reviewer: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_claims_kind_status", "kind", "status"),
        Index("ix_claims_country", "country"),
        Index("ix_claims_document", "document_sha256"),
    )


class Entity(Base):
    """An organization or person named in the evidence (countries are ISO codes, not entities)."""

    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    schema: Mapped[str] = mapped_column(String(20))  # Organization / Person
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(8))
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("entities.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntityAlias(Base):
    __tablename__ = "entity_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    alias: Mapped[str] = mapped_column(String(500))
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"))
    __table_args__ = (UniqueConstraint("entity_id", "alias"),)


class EntityMerge(Base):
    __tablename__ = "entity_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kept_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    merged_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    merged_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str | None] = mapped_column(String(200))
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Engagement(Base):
    """Diplomatic engagement with a host government (section 302(c))."""

    __tablename__ = "engagements"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))  # demarche / briefing / meeting / statement
    date: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str] = mapped_column(Text)
    commitment: Mapped[str | None] = mapped_column(Text)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Append-only: the migration adds triggers that refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)


class ListVersion(Base):
    """One load of one sanctions list; ``is_current`` flips only when the load is complete."""

    __tablename__ = "list_versions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    list_name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(String(2000))
    published: Mapped[str | None] = mapped_column(String(10))
    entity_count: Mapped[int] = mapped_column(Integer, default=0)
    name_count: Mapped[int] = mapped_column(Integer, default=0)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by: Mapped[str] = mapped_column(String(200))
    __table_args__ = (Index("ix_list_versions_name", "list_name", "is_current"),)


class ListedEntity(Base):
    __tablename__ = "listed_entities"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(String(200))  # the list's own id, e.g. sdn-12212
    schema: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(String(1000))
    names: Mapped[list[Any]] = mapped_column(JSON)
    countries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    birth_dates: Mapped[list[Any]] = mapped_column(JSON, default=list)
    programs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_listed_entities_version", "version_id"),)


class ScreeningHit(Base):
    """A kept result of screening an evidence entity (``laborwatch screen --evidence``)."""

    __tablename__ = "screening_hits"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    list_version_id: Mapped[str] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"))
    listed_entity_id: Mapped[str] = mapped_column(String(200))
    matched_name: Mapped[str] = mapped_column(String(1000))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    screened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # viewer / analyst / admin
    restricted_access: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
