"""Reading claims for review: filters, paging, id prefixes, the quote in context, versions."""

from __future__ import annotations

import pytest

from laborwatch.review import (
    AmbiguousId,
    NotFound,
    ReviewError,
    accept_claims,
    add_manual_claim,
    claim_context,
    claim_summary,
    claim_to_dict,
    claim_versions,
    edit_claim,
    find_claim,
    list_claims,
    resolve_actor,
)
from laborwatch.store import Store
from laborwatch.store.models import Claim
from tests.review.conftest import GULF_TEXT, add_claim


def test_filters_combine_and_pages_are_stable(store: Store, gulf: dict[str, str], steppe: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["count"]], actor="alice")
        assert list_claims(s).total == 5
        assert [c.id for c in list_claims(s, status="accepted").claims] == [gulf["count"]]
        assert list_claims(s, kind="employer", country="mn").total == 1
        assert list_claims(s, document=steppe["document"][:6]).total == 2
        everything = [c.id for c in list_claims(s).claims]
        paged = [c.id for offset in range(0, 5, 2) for c in list_claims(s, limit=2, offset=offset).claims]
        assert paged == everything
        page = list_claims(s, limit=2, offset=4)
        assert (len(page.claims), page.total, page.limit, page.offset) == (1, 5, 2, 4)
        for bad in ({"status": "done"}, {"limit": -1}, {"offset": -2}, {"country": "ZZ"}):
            with pytest.raises(ReviewError):
                list_claims(s, **bad)  # type: ignore[arg-type]


def test_claims_are_ordered_by_position_in_their_document(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        claims = list_claims(s, document=gulf["document"]).claims
    assert [c.id for c in claims] == [gulf["count"], gulf["employer"], gulf["wage"]]


def test_ids_resolve_by_unique_prefix_only(store: Store, gulf: dict[str, str]) -> None:
    for suffix in ("1", "2"):
        add_claim(store, gulf["document"], "stadium site", "worker_count", claim_id="00aa11" + suffix * 34,
                  country="QA", count=int(suffix))
    with store.transaction() as s:
        assert find_claim(s, gulf["count"].upper()).id == gulf["count"]
        assert find_claim(s, "00aa111").id == "00aa11" + "1" * 34
        with pytest.raises(AmbiguousId, match=r"00aa111111.*00aa112222|00aa112222.*00aa111111"):
            find_claim(s, "00aa11")
        with pytest.raises(NotFound, match="at least 6"):
            find_claim(s, "00aa1")
        with pytest.raises(NotFound, match="hexadecimal"):
            find_claim(s, "zzzzzzzz")
        with pytest.raises(NotFound, match="hexadecimal"):
            find_claim(s, "%%%%%%")


def test_context_shows_the_exact_characters_around_the_quote(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        ctx = claim_context(s, gulf["employer"], width=40)
        claim = ctx.claim
    assert ctx.quote == "Almaz Building Co., employed 120" == GULF_TEXT[claim.start:claim.end]
    assert ctx.quote_matches and ctx.document is not None and ctx.document.publisher == "Harbor Ledger"
    assert ctx.before.startswith("…") and ctx.before.endswith("A contractor, ")
    assert ctx.after.startswith(" of them on a stadium site") and ctx.after.endswith("…")
    assert GULF_TEXT[claim.start - len(ctx.before) + 1:claim.start] == ctx.before[1:]
    with store.transaction() as s:
        whole = claim_context(s, gulf["employer"], width=10_000)
    assert whole.before + whole.quote + whole.after == GULF_TEXT


def test_context_flags_a_quote_that_no_longer_matches_its_offsets(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        claim = s.get(Claim, gulf["wage"])
        assert claim is not None
        claim.quote = "kept 15 dollars"
    with store.transaction() as s:
        assert not claim_context(s, gulf["wage"]).quote_matches


def test_a_hand_entered_claim_has_its_citation_not_context(store: Store) -> None:
    with store.transaction() as s:
        claim = add_manual_claim(s, kind="policy_action", values={"country": "KW", "action": "visa_stop",
                                                                   "event_date": "2017-09"},
                                 publisher="Gulf Monitor", date="2017-09-20", url="https://example.org/kw",
                                 actor="alice")
        ctx = claim_context(s, claim.id)
    assert (ctx.document, ctx.before, ctx.after) == (None, "", "")
    assert claim.status == "accepted" and claim.dataset == "manual" and claim.origin == "user:alice"
    with store.transaction() as s:
        proposed = add_manual_claim(s, kind="worker_count", values={"country": "KW", "count": "2,500"},
                                    publisher="Gulf Monitor", date="2017", url="https://example.org/kw2",
                                    accept=False, actor="alice")
    assert proposed.status == "proposed" and proposed.count == 2500 and proposed.reviewer is None


def test_versions_and_dicts(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        v2 = edit_claim(s, gulf["count"], {"count": 1100}, actor="alice")
        v3 = edit_claim(s, v2.id, {"qualifier": "at least"}, actor="bob")
        assert [v.version for v in claim_versions(s, v2.id)] == [1, 2, 3]
        assert [v.id for v in claim_versions(s, gulf["count"])] == [gulf["count"], v2.id, v3.id]
    data = claim_to_dict(v3)
    assert data["supersedes"] == v2.id and isinstance(data["created_at"], str) and data["count"] == 1100
    assert claim_summary(v3) == "QA at least 1,100 construction as of 2017-08"


def test_actor_comes_from_as_then_setting_then_os_user(home: object, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_actor("  dana ") == "dana"
    assert resolve_actor(None) == "tester"  # LABORWATCH_USER from the fixture
    monkeypatch.delenv("LABORWATCH_USER")
    assert resolve_actor(None) not in ("", "tester")
    with pytest.raises(ReviewError, match="empty"):
        resolve_actor(" ")
