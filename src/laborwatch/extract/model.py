"""What the extractor proposes: one claim, its kind-specific values, and exactly where it came from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

KINDS = ("worker_count", "presence", "policy_action", "wage", "employer", "forced_repatriation")
QUALIFIERS = ("exact", "about", "more_than", "less_than", "up_to", "range")
CATEGORIES = ("all", "civilian", "soldier", "it_worker", "other")
ACTIONS = ("stop_new_visas", "limit_visas", "no_renewal", "repatriate_workers", "expel", "ban_hiring", "other")
ROLES = ("dispatcher", "employer", "intermediary")

# The fields each kind adds to the common ones, in the order they are printed.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "worker_count": ("count", "low", "high", "qualifier", "category", "employer", "sector", "place"),
    # Evidence that North Koreans work in a country without a figure ("tens of thousands", "hundreds"): the
    # (b)(2) table can show it for a country that has no worker count.
    "presence": ("qualifier", "category", "employer", "sector", "place"),
    "policy_action": ("action", "date"),
    "wage": ("gross_per_month", "received_per_month", "currency"),
    "employer": ("name", "role"),
    "forced_repatriation": ("count", "date"),
}
COMMON_FIELDS = ("kind", "country", "quote", "start", "end", "attributed_to", "as_of", "extractor", "confidence",
                 "rule")


@dataclass
class ExtractedClaim:
    """One proposed claim. ``values`` holds exactly the fields ``KIND_FIELDS[kind]`` names."""

    kind: str
    country: str | None
    quote: str
    start: int
    end: int
    attributed_to: str | None
    as_of: str | None
    extractor: str
    confidence: float
    values: dict[str, Any] = field(default_factory=dict)
    # Which rule or pattern produced the claim and why, for the reviewer ("worker noun after the figure; country
    # from 'in Qatar' after it; source from 'according to'"). Not part of the claim's identity.
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KIND_FIELDS:
            raise ValueError(f"unknown claim kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        unknown = set(self.values) - set(KIND_FIELDS[self.kind])
        if unknown:
            raise ValueError(f"{self.kind} claims have no field(s) {', '.join(sorted(unknown))}")
        for name in KIND_FIELDS[self.kind]:
            self.values.setdefault(name, None)

    def __getattr__(self, name: str) -> Any:
        # Kind-specific fields read like attributes (claim.count), without a class per kind.
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in COMMON_FIELDS}
        data.update((name, self.values[name]) for name in KIND_FIELDS[self.kind])
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)
