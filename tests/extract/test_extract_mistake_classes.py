"""The kinds of mistake issue 12 found on real reporting, each on sentences written for these tests.

Each test is one class of mistake; the sentences are LaborWatch's own, never copied from any real text.
"""

from __future__ import annotations

from laborwatch.extract import extract_text


def _counts(text: str, published: str | None = None) -> list[tuple[str | None, int | None, str]]:
    return [(c.country, c.count, c.qualifier) for c in extract_text(text, published) if c.kind == "worker_count"]


# --- currency markers and regions -----------------------------------------------------------------------------
def test_a_currency_marker_is_not_a_country() -> None:
    text = ("In Erdenet, where more than 400 North Korean laborers work at a copper plant, each man is promised "
            "US$650 a month but keeps about US$150.")
    assert _counts(text) == [("MN", 400, "more_than")]


def test_a_figure_for_a_region_or_for_two_countries_is_not_pinned_on_one() -> None:
    assert _counts("About 3,000 North Korean workers are building towers in the Gulf, diplomats say.") == []
    assert _counts("Roughly 900 North Korean laborers work in the UAE and Oman combined.") == []
    assert _counts("Some 5,000 North Korean workers are employed across Africa.") == []


def test_figures_for_each_country_go_to_each() -> None:
    assert sorted(_counts("Angola and Namibia each host about 200 North Korean construction workers.")) == [
        ("AO", 200, "about"), ("NA", 200, "about")]


# --- parts and wholes ---------------------------------------------------------------------------------------
def test_a_part_of_a_mixed_workforce_is_the_claim_never_the_whole() -> None:
    text = "A shipyard near Gdansk employs about 700 welders, and 120 of those welders are from North Korea."
    assert _counts(text) == [("PL", 120, "exact")]
    text = "The cannery in Hunchun has some 900 workers, 350 of them from North Korea."
    assert _counts(text) == [("CN", 350, "exact")]


def test_the_whole_after_a_part_is_not_a_north_korean_count() -> None:
    text = "Of the sawmill's staff in Khabarovsk, 60 of the 450 employees are North Korean, the owner said."
    assert _counts(text) == [("RU", 60, "exact")]


def test_a_part_is_where_its_whole_is() -> None:
    text = ("Records show 90 North Koreans working legally in Malta this year. These include 35 working at a "
            "garment firm owned by a Turkish investor.")
    assert _counts(text) == [("MT", 90, "exact"), ("MT", 35, "exact")]


# --- other nationalities ------------------------------------------------------------------------------------
def test_only_the_north_korean_figure_in_a_list_of_nationalities_counts() -> None:
    text = ("At the dam site in Laos, 2,400 Chinese workers, 600 Vietnamese laborers and 150 North Korean "
            "workers share the camps.")
    assert _counts(text) == [("LA", 150, "exact")]
    assert _counts("Chinese workers in Mongolia numbered 6,000 last year, while North Koreans were fewer.") == []


def test_the_nationality_of_a_speaker_does_not_place_the_workers() -> None:
    text = ("The greenhouse lies outside Lublin in Poland. A Belarusian worker said that about 70 North Korean "
            "women work there in shifts.")
    assert _counts(text) == [("PL", 70, "about")]


# --- numbers as written -------------------------------------------------------------------------------------
def test_numbers_written_in_words_and_ranges() -> None:
    assert _counts("Forty-two North Korean workers are employed at the port of Nakhodka.") == [("RU", 42, "exact")]
    assert _counts("Two thousand North Korean laborers work on farms near Ulaanbaatar.") == [("MN", 2000, "exact")]
    assert _counts("A dozen North Korean cooks work at a restaurant in Vientiane.") == [("LA", 12, "exact")]
    claims = [(c.count, c.low, c.high, c.qualifier) for c in extract_text(
        "Between forty and sixty North Korean workers remain at the mine in Tanzania.") if c.kind == "worker_count"]
    assert claims == [(50, 40, 60, "range")]
    claims = [(c.count, c.low, c.high) for c in extract_text(
        "Officials put the number of North Korean workers in Kuwait at 30,000-40,000.") if c.kind == "worker_count"]
    assert claims == [(35000, 30000, 40000)]


def test_names_with_figures_and_dates_are_not_counts() -> None:
    text = ("After the COVID-19 closure, some 2,300 North Korean workers stayed in Dandong; from 2013 to "
            "94,000 tonnes of seafood left the port.")
    assert _counts(text) == [("CN", 2300, "about")]


# --- stocks versus flows ------------------------------------------------------------------------------------
def test_plans_permits_quotas_and_future_arrivals_are_not_workforces() -> None:
    for text in (
        "Moscow plans to recruit about 8,000 North Korean workers for a car plant in Kaluga.",
        "The deal permits up to 4,000 North Korean workers to come to Mongolia over three years.",
        "The regional government requested a quota of 6,500 North Korean workers in Primorsky Krai.",
        "A Russian firm signed a contract with a Pyongyang agency to hire 40 North Korean welders in Kazan.",
        "Another 700 North Korean workers are expected to arrive in Vladivostok next month.",
        "Authorities issued 1,200 work visas to North Koreans in Qatar last year.",
    ):
        assert _counts(text) == [], text


def test_departures_returns_and_changes_are_events_not_workforces() -> None:
    for text in (
        "About 1,500 North Korean workers in Kuwait have been sent back home under the sanctions.",
        "Pyongyang brought back around 400 North Korean workers employed in Oman.",
        "The number of North Koreans holding work permits in Russia has declined by 12,000 since 2017.",
        "Some 200 North Korean laborers working at mines in Sabah were sent home after the killing.",
        "Around 60 North Korean workers are leaving Mongolia every day, officials said.",
    ):
        assert _counts(text) == [], text


def test_a_standing_workforce_that_remains_counts() -> None:
    assert _counts("About 1,500 North Korean workers remain in Kuwait despite the sanctions.") == [
        ("KW", 1500, "about")]


# --- one claim per fact -------------------------------------------------------------------------------------
def test_a_figure_repeated_in_headline_lead_and_quote_is_one_claim() -> None:
    text = ("About 260 North Korean workers still in Laos\n\n"
            "About 260 North Korean workers are still in Laos, the labour ministry said on Monday.\n\n"
            "“About 260 North Korean workers are still here,” a ministry official said.")
    claims = [c for c in extract_text(text) if c.kind == "worker_count"]
    assert [(c.country, c.count, c.attributed_to) for c in claims] == [("LA", 260, "the labour ministry")]
    assert "also stated" in (claims[0].rule or "")


def test_the_same_value_from_another_source_or_qualifier_is_another_claim() -> None:
    text = ("The broadcaster confirmed that roughly 100 North Korean women work at a farm in Poland. A Czech "
            "driver said more than 100 North Korean women work at the farm.")
    assert _counts(text) == [("PL", 100, "about"), ("PL", 100, "more_than")]


# --- places -------------------------------------------------------------------------------------------------
def test_a_city_or_province_resolves_to_its_country_and_is_kept_as_the_place() -> None:
    claims = [c for c in extract_text("About 3,000 North Korean workers are employed in Primorsky Krai.")
              if c.kind == "worker_count"]
    assert [(c.country, c.values["place"]) for c in claims] == [("RU", "Primorsky Krai")]
    claims = [c for c in extract_text("Some 500 North Korean seamstresses work in Hunchun.")
              if c.kind == "worker_count"]
    assert [(c.country, c.values["place"]) for c in claims] == [("CN", "Hunchun")]
    claims = [c for c in extract_text("Some 500 North Korean seamstresses work in China.") if c.kind == "worker_count"]
    assert [(c.country, c.values["place"]) for c in claims] == [("CN", None)]


# --- vague quantities ---------------------------------------------------------------------------------------
def test_vague_quantities_are_presence_not_worker_counts() -> None:
    claims = extract_text("Hundreds of North Korean workers are building apartments in Vladivostok, a witness said.")
    assert [(c.kind, c.country, c.attributed_to) for c in claims] == [("presence", "RU", "a witness")]
    assert claims[0].values["place"] == "Vladivostok"


# --- every claim explains itself ----------------------------------------------------------------------------
def test_every_claim_says_which_rule_produced_it() -> None:
    claims = extract_text("About 2,600 North Korean laborers still work on construction sites in Qatar.")
    assert claims[0].rule == "worker noun after the figure; country: 'Qatar' after the figure"


# --- ties written in other ways -----------------------------------------------------------------------------
def test_workers_named_in_the_sentence_before_or_in_a_list() -> None:
    text = ("North Korean workers are a common sight in the Far East. There are about 9,000 of them in "
            "Primorsky Krai alone.")
    assert _counts(text) == [("RU", 9000, "about")]
    text = "Estimates of North Korean workers abroad by country vary: Russia 30,000, China 50,000 and Kuwait 5,000."
    assert _counts(text) == [("RU", 30000, "exact"), ("CN", 50000, "exact"), ("KW", 5000, "exact")]
    text = "The Kuwaiti ministry counted 1,200 North Korean residents, most of them construction workers."
    assert _counts(text) == [("KW", 1200, "exact")]


def test_a_yearly_intake_and_a_per_site_figure_are_not_a_workforce() -> None:
    assert _counts("North Korea sends about 1,000 of its citizens to work in Kuwait each year.") == []
    text = ("Some 2,000 North Koreans work in the Russian Far East. “We had 40 of them on one site alone,” a "
            "foreman said.")
    assert _counts(text) == [("RU", 2000, "about")]
    assert _counts("About 500 North Korean IT workers operate from Shenyang.") == [("CN", 500, "about")]


def test_figures_in_brackets_after_countries_in_a_clause_about_workers() -> None:
    text = ("North Korea sent workers to at least 16 countries, with the largest contingents in Russia (around "
            "30,000) and China (around 50,000).")
    assert _counts(text) == [("RU", 30000, "about"), ("CN", 50000, "about")]


def test_a_part_of_a_group_counts_only_where_it_is_or_works() -> None:
    text = ("The case concerned 52 North Korean welders employed at a shipyard in Gdynia. An inquiry found that "
            "11 of the welders had been paid less than the minimum wage.")
    assert _counts(text) == [("PL", 52, "exact")]
    text = ("North Korean brigades are back on Moscow sites. The Kyrgyz workers on the same site, roughly 300 of "
            "them, earn more.")
    assert _counts(text) == []


def test_a_company_after_from_is_the_employer_not_another_country() -> None:
    text = "DAKAR — Around 80 workers from the Mansudae Overseas Project Group built the North Korean-made statue."
    assert _counts(text) == [("SN", 80, "about")]
    assert _counts("About 120 crew members from Vietnam work beside North Korean sailors on the trawler.") == []


def test_where_most_of_them_are_is_not_where_all_are() -> None:
    text = ("How many North Koreans still work abroad? Before the sanctions, estimates ranged from 50,000 to "
            "100,000, with most in China and Russia.")
    claims = [(c.country, c.low, c.high) for c in extract_text(text) if c.kind == "worker_count"]
    assert claims == [("WORLD", 50000, 100000)]


def test_it_stands_for_the_sentence_subject() -> None:
    text = ("Moscow builders hire North Koreans again. Russia's Interior Ministry has not published figures since "
            "2019, when it reported that just over 1,000 North Korean workers remained in the country.")
    claims = [(c.country, c.count, c.attributed_to) for c in extract_text(text) if c.kind == "worker_count"]
    assert claims == [("RU", 1000, "Russia's Interior Ministry")]


def test_people_tied_to_work_by_their_workplace_their_employer_or_their_permits() -> None:
    text = "A Shenyang agency placed about 500 North Korean women in seafood factories near Dalian."
    assert _counts(text) == [("CN", 500, "about")]
    text = "DANDONG — The plant employs 150 North Korean women. They sew jackets for export."
    assert _counts(text) == [("CN", 150, "exact")]
    text = "At the end of 2017, 1,190 DPRK nationals held such permits in Mongolia."
    assert [(c.country, c.count, c.as_of) for c in extract_text(text) if c.kind == "worker_count"] == [
        ("MN", 1190, "2017")]


def test_a_timeline_line_dates_its_figures() -> None:
    text = ("North Korean labourers in Qatar: a timeline\n\n"
            "2014: Qatar hosts around 2,800 North Korean workers on stadium sites.\n"
            "2018: Qatar tells the UN that 600 workers have been sent home and that fewer than 900 remain.\n")
    claims = [(c.count, c.qualifier, c.as_of) for c in extract_text(text) if c.kind == "worker_count"]
    assert claims == [(2800, "about", "2014"), (900, "less_than", "2018")]


def test_troops_in_combat_are_not_workers_but_construction_troops_are() -> None:
    assert _counts("Some 12,000 North Korean soldiers are fighting alongside Russian troops in Kursk.") == []
    text = ("North Korea has sent about 1,000 military construction troops to Kursk, Russia, to rebuild what the "
            "fighting destroyed.")
    assert [(c.country, c.count, c.category) for c in extract_text(text) if c.kind == "worker_count"] == [
        ("RU", 1000, "soldier")]


def test_a_team_of_the_workers_the_text_is_about() -> None:
    text = ("North Korea keeps thousands of IT workers abroad. In Yanji, police found one team of 16, based in a "
            "rented flat, that built apps for clients in Europe.")
    assert [(c.country, c.count, c.category) for c in extract_text(text) if c.kind == "worker_count"] == [
        ("CN", 16, "it_worker")]


def test_dates_of_sources_and_of_other_events() -> None:
    text = "A 2015 UN report estimated that more than 50,000 North Koreans were working abroad."
    assert [(c.count, c.as_of) for c in extract_text(text, "2017") if c.kind == "worker_count"] == [(50000, "2015")]
    text = ("Today perhaps 200 North Korean loggers remain near Tynda, Russia, working under contracts signed "
            "before 2019.")
    assert [(c.count, c.as_of) for c in extract_text(text, "2022") if c.kind == "worker_count"] == [(200, None)]
    text = "DUBAI, 5 March 2018 — About 2,000 North Korean workers were in the UAE before the sanctions."
    assert [(c.count, c.as_of) for c in extract_text(text, "2018-03-05") if c.kind == "worker_count"] == [
        (2000, None)]


def test_the_employer_named_after_the_figure_or_in_the_next_sentence() -> None:
    text = ("About 300 North Korean soldiers build flats in Khabarovsk. They are employed by the Ryongwang Trading "
            "Company.")
    assert [(c.count, c.values["employer"]) for c in extract_text(text) if c.kind == "worker_count"] == [
        (300, "Ryongwang Trading")]
