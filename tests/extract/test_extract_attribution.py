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


def test_what_a_speaker_cites_is_kept_with_the_speaker() -> None:
    text = "Some 350 North Korean laborers are employed in Laos, the Mekong Ledger reported, quoting a Lao official."
    assert _sources(text) == [("LA", 350, "the Mekong Ledger (quoting a Lao official)")]


def test_a_named_speaker_keeps_the_words_that_describe_them() -> None:
    text = "Tuvshin, a contractor in Darkhan, told reporters that roughly 80 North Korean builders work for him."
    assert _sources(text) == [("MN", 80, "Tuvshin (a contractor in Darkhan)")]
    text = "In Laos, an official reported that only 45 North Koreans had work visas."
    assert _sources(text) == [("LA", 45, "an official")]


def test_bodies_that_keep_records_are_sources() -> None:
    text = "The Malta Employment Office registered 24 North Korean workers in April."
    assert _sources(text, "2016") == [("MT", 24, "The Malta Employment Office")]
    text = "According to figures from the interior ministry, 1,100 North Korean workers remain in Kuwait."
    assert _sources(text) == [("KW", 1100, "the interior ministry")]


def test_a_source_given_in_the_next_sentence_for_the_figure_before() -> None:
    text = ("Some 260 North Koreans are working in Cambodia.\n\nAccording to the Phnom Penh Courier, the number "
            "has halved since 2017.")
    assert _sources(text) == [("KH", 260, "the Phnom Penh Courier")]


def test_a_source_does_not_carry_into_a_new_time_frame_or_another_country() -> None:
    text = ("In 2015 the rapporteur put the number of North Koreans working abroad at more than 50,000. Today "
            "the workers in Russia, numbering around 11,000, form the largest group.")
    assert _sources(text) == [("WORLD", 50000, "the rapporteur"), ("RU", 11000, None)]
    text = ("Malaysia said in March it would send its North Korean workers home. Poland, which hosted around "
            "500 North Korean workers in 2016, has stopped issuing permits.")
    assert _sources(text) == [("PL", 500, None)]


def test_placing_workers_is_not_putting_a_number_on_them() -> None:
    text = ("Some 1,000 North Korean laborers built sites in Russia, Treasury said. A recruitment agency in "
            "Shenyang placed about 500 North Korean women in seafood factories.")
    assert _sources(text) == [("RU", 1000, "Treasury"), ("CN", 500, "Treasury")]
    assert _sources("Analysts placed the number of North Korean workers in Laos at 700.") == [
        ("LA", 700, "Analysts")]


def test_a_statement_speaks_for_its_author() -> None:
    text = ("Statement by the Labour Ministry of Utopia Nova\n\n"
            "As of 1 March, 86 DPRK nationals held work permits in Mongolia; all of them will leave by June.")
    assert _sources(text) == [("MN", 86, "the Labour Ministry of Utopia Nova")]
