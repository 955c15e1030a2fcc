"""The extractor's behaviour on sentences written for these tests: links, attribution, negatives, offsets."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract import EXTRACTOR, extract_text
from laborwatch.extract.model import COMMON_FIELDS, KIND_FIELDS


def _workers(text: str, published: str | None = None) -> list[tuple[str | None, int | None, str]]:
    return [(c.country, c.count, c.category) for c in extract_text(text, published) if c.kind == "worker_count"]


def test_two_outlets_in_one_sentence_give_two_attributed_claims() -> None:
    text = ("The Coastal Herald estimates that 1,500 North Korean laborers work in Oman; "
            "the Morning Ledger puts the number at 1,100.")
    claims = [c for c in extract_text(text) if c.kind == "worker_count"]
    assert [(c.country, c.count, c.attributed_to) for c in claims] == [
        ("OM", 1500, "The Coastal Herald"), ("OM", 1100, "the Morning Ledger")]


def test_relative_dates_resolve_against_publication() -> None:
    text = ("A ministry official said the number of North Korean workers in Kuwait fell from about 5,000 "
            "last year to 2,900 last month.")
    claims = [c for c in extract_text(text, "2018-04-02") if c.kind == "worker_count"]
    assert [(c.count, c.as_of) for c in claims] == [(5000, "2017"), (2900, "2018-03")]
    assert all(c.attributed_to == "A ministry official" for c in claims)


def test_pronoun_sources_trace_back_to_the_named_source() -> None:
    text = ("The Eastern Bulletin, citing a border official, says new workers keep arriving in Russia.\n\n"
            "“About 600 North Korean soldiers are building barracks in Khabarovsk,” he said.")
    claim = next(c for c in extract_text(text) if c.kind == "worker_count")
    assert (claim.country, claim.count, claim.category) == ("RU", 600, "soldier")
    assert claim.attributed_to == "The Eastern Bulletin (citing a border official)"


def test_coordinated_figures_share_category_and_employer() -> None:
    text = "The Ryonbong Company has sent about 300 North Korean soldiers to Oman and about 200 to Bahrain."
    claims = [c for c in extract_text(text) if c.kind == "worker_count"]
    assert [(c.country, c.count, c.category, c.employer) for c in claims] == [
        ("OM", 300, "soldier", "Ryonbong"), ("BH", 200, "soldier", "Ryonbong")]


def test_places_and_global_totals() -> None:
    assert _workers("Around 700 North Korean workers are employed at farms near Ulaanbaatar.") == [("MN", 700, "all")]
    assert _workers("Pyongyang keeps some 60,000 workers overseas, analysts believe.") == [("WORLD", 60000, "all")]
    presence = [(c.kind, c.country, c.category) for c in extract_text(
        "Tens of thousands of North Korean workers remain in China.")]
    assert presence == [("presence", "CN", "all")]


def test_categories() -> None:
    assert _workers("About 400 North Korean IT workers are based in Shenyang.") == [("CN", 400, "it_worker")]
    assert _workers("Some 90 North Korean doctors work in clinics in Nigeria.") == [("NG", 90, "other")]
    assert _workers("About 250 North Korean civilian workers remain in Oman.") == [("OM", 250, "civilian")]


def test_things_that_are_not_worker_counts() -> None:
    negatives = [
        "Up to 120,000 people are held in North Korea's political prison camps.",
        "North Korean workers in Qatar earn $1,000 a month and work 14 hours a day.",
        "About 80 percent of North Korean workers' wages in Russia go to the state.",
        "In 2017, 30 North Korean workers protested at a site in Qatar.",
        "Two North Korean workers defected in Kuwait.",
        "More than 2,000 Nepalese workers are employed in Qatar, next to North Korean crews.",
        "Resolution 2397 gave North Korean workers in Russia 24 months to leave.",
        "Each North Korean site in Russia employs about 40 workers.",
        "Kuwait deported 120 North Korean workers last year.",
        "Foxconn employs 300,000 workers in Zhengzhou, China.",
    ]
    for text in negatives:
        assert _workers(text, "2018") == [], text


def test_other_kinds() -> None:
    text = ("Malaysia has stopped issuing new visas to North Korean workers, officials said. "
            "Those at the Sarawak mine earn $900 a month but receive about $100. "
            "They were hired by a firm called Chollima Overseas Trading. "
            "Chinese police forcibly repatriated some 70 North Korean defectors in March 2020.")
    by_kind = {c.kind: c for c in extract_text(text, "2020-05")}
    assert by_kind["policy_action"].action == "stop_new_visas" and by_kind["policy_action"].country == "MY"
    assert (by_kind["wage"].gross_per_month, by_kind["wage"].received_per_month) == (900, 100)
    assert by_kind["wage"].currency == "USD" and by_kind["wage"].country == "MY"
    assert by_kind["employer"].name == "Chollima Overseas Trading"
    repatriation = by_kind["forced_repatriation"]
    assert (repatriation.country, repatriation.count, repatriation.date) == ("CN", 70, "2020-03")


def test_non_english_text_yields_nothing_and_no_error() -> None:
    assert extract_text("북한 노동자 약 2,000명이 카타르 건설 현장에서 일하고 있다고 보도했다.") == []
    assert extract_text("Около 30 000 рабочих из КНДР работают в России, сообщает министерство.") == []
    assert extract_text("") == []
    assert extract_text("2,000 노동자 workers 북한 Qatar 카타르 " * 50) == []


def test_json_has_exactly_the_issue_fields() -> None:
    text = "Yesterday the Gulf Courier said 2,000 North Korean laborers work in Qatar."
    claim = extract_text(text, "2019-01-02")[0]
    data = json.loads(claim.to_json())
    assert list(data) == [*COMMON_FIELDS, *KIND_FIELDS["worker_count"]]
    assert data["extractor"] == EXTRACTOR and 0 <= data["confidence"] <= 1
    assert text[data["start"]:data["end"]] == data["quote"]


_PIECES = st.sampled_from([
    "Yonhap estimates that 2,000 North Korean laborers are in Qatar; another outlet puts the number at 1,800.",
    "“So far, about 800 North Korean [soldiers] went to Kuwait and about 750 to Qatar,” he said.",
    "| Russia | 30,000 | 2017 |\n| China | 50,000-70,000 | 2018 |",
    "Workers earn around $700 a month but receive around $150-$200.",
    "Poland stopped issuing new visas for North Korean workers.",
    "북한 노동자 2,000명", "Ça coûte 3 000 €.", "\r\n", "\n\n", "\f", " ", "\t", "…", "“", "”", "Doha — ",
    "Tens of thousands of North Korean workers are in Russia.", "U.S. officials said.", "e\u0301", "🙂",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=12), st.sampled_from([None, "2016", "2019-07-04"]))
def test_every_claim_quotes_its_exact_characters(parts: list[str], published: str | None) -> None:
    text = "".join(parts)
    for claim in extract_text(text, published):
        assert text[claim.start:claim.end] == claim.quote
        assert claim.quote.strip() == claim.quote and claim.quote


def test_run_on_text_stays_fast_and_claim_free() -> None:
    import time

    hostile = ("1,000 2,000 3,000 - to - " * 3000) + " North Korean workers."
    started = time.perf_counter()
    assert extract_text(hostile, "2019") == []
    assert time.perf_counter() - started < 60  # linear, not quadratic, in the length of one long "sentence"
