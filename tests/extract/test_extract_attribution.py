"""Who said it: the kinds of attribution real reporting uses, on sentences written for these tests."""

from __future__ import annotations

from laborwatch.extract import extract_text


def _sources(text: str, published: str | None = None) -> list[tuple[str | None, int | None, str | None]]:
    return [(c.country, c.count, c.attributed_to) for c in extract_text(text, published)
            if c.kind == "worker_count"]


def test_a_quotation_over_several_sentences_is_attributed_to_the_speaker_named_after_it() -> None:
    text = ('"During 2019, some 4,000 North Koreans worked at building sites in Vladivostok. Since then their '
            'number has fallen sharply,” the Harbour Gazette reports.')
    assert _sources(text) == [("RU", 4000, "the Harbour Gazette")]


def test_a_quotation_opened_after_a_named_speaker_leans_on_the_sentence_before() -> None:
    text = ("The contractors may not have known, Ingrid Halvorsen, who led the survey, commented. ‘We count "
            "about sixty North Koreans employed at the yard near Gdansk. Forty of them weld hulls.' ")
    assert _sources(text) == [("PL", 60, "Ingrid Halvorsen"), ("PL", 40, "Ingrid Halvorsen")]


def test_the_author_of_a_paper_or_estimate_is_the_source_however_long_the_subject() -> None:
    text = ("Estimates of North Korean workers abroad vary widely. A new paper by Lena Okafor for the Institute of "
            "Labour Studies on which I commented at a seminar last spring cites a figure of 40,000-45,000 "
            "workers. A survey by the Meridian Centre arrived at a lower estimate of 31,000-33,000.")
    claims = [(c.country, c.low, c.high, c.attributed_to) for c in extract_text(text) if c.kind == "worker_count"]
    assert claims == [("WORLD", 40000, 45000, "Lena Okafor for the Institute of Labour Studies"),
                      ("WORLD", 31000, 33000, "the Meridian Centre")]


def test_statistics_that_show_a_figure_are_its_source() -> None:
    text = ("38 North Koreans hired by four firms are working in Malta this year, official records show. "
            "Registry data presented to parliament indicate that the number of North Korean workers in Malta "
            "rose to 25 in 2013.")
    assert _sources(text) == [("MT", 38, "official records"), ("MT", 25, "Registry data presented to parliament")]


def test_a_sentence_broken_by_a_marker_line_keeps_its_speaker() -> None:
    text = ("1. On May 4, Labour Ministry Director Batbayar told the visiting delegation that there had\n\n"
            "SIPDIS\nbeen a drop in the number of North Korean workers in Mongolia, from 900 persons to 350 "
            "persons.")
    assert _sources(text) == [("MN", 900, "Labour Ministry Director Batbayar"),
                              ("MN", 350, "Labour Ministry Director Batbayar")]


def test_no_source_stays_none() -> None:
    assert _sources("About 700 North Korean workers build houses in Ulaanbaatar.") == [("MN", 700, None)]
