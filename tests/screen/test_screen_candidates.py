"""Candidate generation and name cleaning details that decide whether the right party is found at all."""

from __future__ import annotations

import itertools

from laborwatch.screen import ListedRecord, ScreeningIndex
from laborwatch.screen.index import SMALL_POSTINGS
from laborwatch.screen.normalize import clean

SYLLABLES = ["ba", "do", "ki", "lu", "me", "no", "ra", "si", "tu", "ve", "zo", "xa"]


def _given_names(count: int) -> list[str]:
    words = ("".join(parts).capitalize() for parts in itertools.product(SYLLABLES, repeat=3))
    return list(itertools.islice(words, count))


def test_a_slip_in_a_common_word_still_reaches_the_party() -> None:
    # "Kadirov" is on more names than a posting list is walked for, so it only confirms names rarer words
    # found; a rare word one edit from the slip ("Kadiob") must not hide the party the query means.
    records = [ListedRecord(f"p-{i}", "test", "Person", f"KADIROV, {given}", [f"KADIROV, {given}"])
               for i, given in enumerate(_given_names(SMALL_POSTINGS + 40))]
    records += [ListedRecord("target", "test", "Person", "KADIROV, Abu", ["KADIROV, Abu"]),
                ListedRecord("near-1", "test", "Person", "KADIOB", ["KADIOB"]),
                ListedRecord("near-2", "test", "Person", "KADIOZ Temur", ["KADIOZ Temur"])]
    index = ScreeningIndex(records)
    assert index.posting_size("t:kadirov") > SMALL_POSTINGS
    found = index.search("KADIOV, Abu", limit=3)
    assert found[0].record.entity_id == "target"
    assert found[0].score > found[1].score


def test_legal_forms_in_separate_letters_are_one_word_at_the_end_of_a_name() -> None:
    assert clean("NEGOCIOS Y CAPITALES S.A.") == "negocios y capitales sa"
    assert clean("Venedig Capital S. A. S.") == "venedig capital sas"
    assert clean("Baltic Timber L.L.C.") == "baltic timber llc"
    assert clean("Cylinder Works L T D") == clean("Cylinder Works L.T.D.") == "cylinder works limited"
    # initials stay initials: not at the end, or a two-letter form after a single word (a person's name)
    assert clean("A.B. Khan") == "a b khan"
    assert clean("KHAN, A.S.") == "khan a s"
    assert clean("U.S.A. Trading") == "u s a trading"


def test_a_legal_form_written_another_way_still_alerts() -> None:
    # a list of some size, where legal forms are common words and the names' own words are rare
    records = [ListedRecord(f"f-{i}", "test", "Company", f"{given} Trading Company", [f"{given} Trading Company"])
               for i, given in enumerate(_given_names(200))]
    index = ScreeningIndex([
        *records,
        ListedRecord("c-1", "test", "Company", "NEGOCIOS Y CAPITALES S.A.", ["NEGOCIOS Y CAPITALES S.A."]),
        ListedRecord("c-2", "test", "Company", "CAPITALES DEL SUR LTDA", ["CAPITALES DEL SUR LTDA"]),
    ])
    found = index.search("Negocios y Capitales Company", limit=2, schema="Company")
    assert found[0].record.entity_id == "c-1"
    assert found[0].score >= 0.9


def test_equal_scores_rank_by_entity_id_whatever_the_load_order() -> None:
    records = [ListedRecord(eid, "test", "Person", "PETROV, Ivan", ["PETROV, Ivan"]) for eid in ("b-2", "a-1", "c-3")]
    for order in (records, records[::-1]):
        found = ScreeningIndex(order).search("Ivan Petrov", limit=3)
        assert [m.record.entity_id for m in found] == ["a-1", "b-2", "c-3"]
        assert len({m.score for m in found}) == 1


def test_a_word_reached_two_ways_counts_once() -> None:
    # "Rahmn" is one edit from "Rahmen" (a short posting list) and shares its consonant skeleton with both
    # "Rahmen" and "Rahman" (one long list). Counting the skeleton on top of the near spelling would rank sixty
    # "RAHMEN …" names above the one name that also has the query's second word.
    given = _given_names(200)
    records = [ListedRecord(f"a-{i}", "test", "Person", f"RAHMAN {g}", [f"RAHMAN {g}"])
               for i, g in enumerate(given[:120])]
    records += [ListedRecord(f"e-{i}", "test", "Person", f"RAHMEN {g}", [f"RAHMEN {g}"])
                for i, g in enumerate(given[120:180])]
    records += [ListedRecord(f"z-{i}", "test", "Person", f"{g} ZORIG", [f"{g} ZORIG"])
                for i, g in enumerate(given[180:])]
    records.append(ListedRecord("target", "test", "Person", "RAHMAN ZORIG", ["RAHMAN ZORIG"]))
    index = ScreeningIndex(records)
    assert index.posting_size("t:rahman") > SMALL_POSTINGS >= index.posting_size("t:rahmen")
    assert index.search("Rahmn Zorig", limit=1)[0].record.entity_id == "target"
