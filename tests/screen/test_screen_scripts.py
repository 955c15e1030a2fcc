"""Names written in another script or another romanization than the list's: what reaches what."""

from __future__ import annotations

import pytest

from laborwatch.screen import ListedRecord, ScreeningIndex
from laborwatch.screen.arabic import arabic_to_latin, consonant_key, consonant_spans
from laborwatch.screen.normalize import PARTICLES, clean

# Our own small list, romanized the ways OFAC, the EU and the UK write such names.
LISTED = [
    ListedRecord("p-1", "test", "Person", "AL-ZAHRANI, Khalid Abdulrahman", ["AL-ZAHRANI, Khalid Abdulrahman"],
                 ["sa"], [], ["SDGT"]),
    ListedRecord("p-2", "test", "Person", "Mohammed Yusuf QADIR", ["Mohammed Yusuf QADIR"], ["iq"], [], ["IRAQ2"]),
    ListedRecord("p-3", "test", "Person", "Nasrullah Shamsuddin HAQQANI", ["Nasrullah Shamsuddin HAQQANI"],
                 ["af"], [], ["SDGT"]),
    ListedRecord("p-4", "test", "Person", "Hamid Saleh", ["Hamid Saleh"], ["ly"], [], ["LIBYA"]),
    ListedRecord("p-5", "test", "Person", "Viktor Ivanovich KUZNETSOV", ["Viktor Ivanovich KUZNETSOV"], ["ru"], [],
                 ["RUSSIA-EO14024"]),
    ListedRecord("o-1", "test", "Organization", "HARAKAT AL-NASR", ["HARAKAT AL-NASR"], ["sy"], [], ["SDGT"]),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(LISTED)


@pytest.mark.parametrize(("query", "expected"), [
    ("خالد عبد الرحمن الزهراني", "p-1"),  # Arabic script, the article and 'Abd al-' written apart
    ("محمد يوسف قدير", "p-2"),
    ("نصر الله شمس الدين حقانی", "p-3"),  # Persian letters; Shams al-Din written apart, Shamsuddin listed
    ("حركة النصر", "o-1"),
])
def test_arabic_script_name_finds_its_romanized_listed_name(index: ScreeningIndex, query: str,
                                                            expected: str) -> None:
    found = index.search(query, limit=3)
    assert found and found[0].record.entity_id == expected
    assert found[0].score < 0.875  # consonants alone rank a name; they never raise an alert


def test_arabic_letters_become_the_consonants_the_romanizations_share() -> None:
    assert arabic_to_latin("محمد") == "mhmd"
    assert arabic_to_latin("الحسن") == "alhsn"  # the article as the lists write it
    assert {consonant_key(w) for w in ("mohammed", "muhammad", "mohamad", clean("محمد"))} == {"mhmd"}
    assert consonant_key("najjar") == consonant_key(clean("نجّار"))  # shadda is not written in romanization
    assert consonant_key(clean("التحرير")) == consonant_key("tahrir")  # t + h, not the digraph th


def test_words_joined_on_their_consonants_meet_however_the_particle_is_written() -> None:
    def keys(name: str) -> set[str]:
        toks = tuple(clean(name).split())
        return {k for _, k in consonant_spans(toks, PARTICLES)} | {consonant_key(t) for t in toks}

    assert "bdrhmn" in keys("Abd al-Rahman") & keys("Abdurrahman") & keys("Abdul Rahman") & keys("عبد الرحمن")
    assert "shmsdn" in keys("Shams al-Din") & keys("Shamsuddin") & keys("شمس الدين")


def test_upper_case_cyrillic_stays_one_word() -> None:
    assert clean("Виктор Иванович КУЗНЕЦОВ") == "viktor ivanovich kuznetsov"
    assert clean("ЩЕРБАКОВ") == "shcherbakov"
    assert clean("王磊") == "wang lei"  # CJK syllables are still split


def test_cyrillic_name_finds_the_romanized_entry(index: ScreeningIndex) -> None:
    found = index.search("КУЗНЕЦОВ Виктор Иванович", limit=1)
    assert found and found[0].record.entity_id == "p-5"


# Organizations written in their own language, or with their own jurisdiction's legal form.
ORGS = [
    ListedRecord("c-1", "test", "Company", "VOLGA REGIONAL INVESTMENT BANK", ["VOLGA REGIONAL INVESTMENT BANK"],
                 ["ru"], [], ["RUSSIA-EO14024"]),
    ListedRecord("c-2", "test", "Company", "SEVERNYI TORGOVYI DOM OOO", ["SEVERNYI TORGOVYI DOM OOO"], ["ru"], [],
                 ["RUSSIA-EO14024"]),
    ListedRecord("c-3", "test", "Company", "BANK-E SANAT VA MADAN", ["BANK-E SANAT VA MADAN"], ["ir"], [],
                 ["IRAN"]),
    ListedRecord("c-4", "test", "Company", "KARAKUM STEEL COMPANY", ["KARAKUM STEEL COMPANY"], ["tm"], [], ["X"]),
    ListedRecord("c-5", "test", "Company", "NORTHERN LIGHT TRADING LLC", ["NORTHERN LIGHT TRADING LLC"], ["ae"], [],
                 ["X"]),
    ListedRecord("c-6", "test", "Organization", "MOVEMENT FOR THE LIBERATION OF AZAWAD",
                 ["MOVEMENT FOR THE LIBERATION OF AZAWAD"], ["ml"], [], ["X"]),
]


@pytest.fixture(scope="module")
def org_index() -> ScreeningIndex:
    return ScreeningIndex(ORGS)


@pytest.mark.parametrize(("query", "expected"), [
    ("OAO VOLZHSKII REGIONALNYI INVESTITSIONNYI BANK", "c-1"),  # Russian words and a Russian legal form
    ("Северный торговый дом ООО", "c-2"),  # Cyrillic, OOO written in Cyrillic
    ("NORTHERN LIGHT TRADING TOO", "c-5"),  # Kazakh LLP for the listed LLC
    ("NORTHERN LIGHT TRADING SDN BHD", "c-5"),
    ("Harakat Tahrir Azawad", "c-6"),  # the movement's name in Arabic, romanized
])
def test_translated_organization_finds_its_listed_form(org_index: ScreeningIndex, query: str,
                                                        expected: str) -> None:
    found = org_index.search(query, limit=3, schema="Organization")
    assert found and found[0].record.entity_id == expected


def test_local_legal_forms_weigh_like_english_ones() -> None:
    from laborwatch.screen.normalize import word_class
    for form in ("ooo", "too", "ltda", "sdn", "bhd", "fzco", "gmbh", "doo", "zoo"):
        assert word_class(form) == "legal_form", form
    assert clean("Polska Sp. z o.o.") == "polska sp zoo"  # a form written as separate letters is one word


def test_organization_words_translate_both_ways() -> None:
    assert clean("FEDERALNOE AGENTSTVO NOVOSTEI") == clean("FEDERAL AGENCY NEWS")
    assert clean("Bimeh Iran") == "insurance iran"
    assert clean("Kommercheskii Bank") == clean("COMMERCIAL BANK")  # an inflected adjective, by its stem
    assert clean("Kompaniya Vagner") == "kompaniya vagner"  # words near the English form are left alone


@pytest.mark.parametrize("spellings", [
    ("Vasilyev", "Wasiljew", "Vasiljev"),  # English, German, Swedish
    ("Mikhaylovich", "Michajlovitj", "Michailowitsch", "Michajlowicz"),  # + Polish
    ("Khodorkovsky", "Chodorkowski"),
    ("Aleksandr", "Alexander"),
])
def test_romanizations_of_a_cyrillic_name_share_a_key(spellings: tuple[str, ...]) -> None:
    from laborwatch.screen.cyrillic import cyrillic_key
    assert len({cyrillic_key(clean(s)) for s in spellings}) == 1


def test_german_spelling_of_a_russian_name_finds_the_english_entry(index: ScreeningIndex) -> None:
    found = index.search("Wiktor Iwanowitsch KUSNEZOW", limit=1, schema="Person")
    assert found and found[0].record.entity_id == "p-5"


def test_a_legal_form_in_letters_inside_the_name_is_one_word() -> None:
    assert clean("ALWANEO L.L.C. CO.") == "alwaneo llc company"
    assert clean("P.L.M. GROUP") == "p l m group"  # letters at the start are initials


def test_particle_glued_on_the_list_and_dropped_in_the_query() -> None:
    listed = [ListedRecord("p-9", "test", "Person", "BUKHARRUBAH, Salim", ["BUKHARRUBAH, Salim"], [], [], ["X"]),
              *LISTED]
    found = ScreeningIndex(listed).search("Salim KHARRUBAH", limit=1)
    assert found and found[0].record.entity_id == "p-9"


def test_truncated_long_word_still_finds_the_name() -> None:
    listed = [ListedRecord("o-9", "test", "Organization", "PRODUCTION ASSOCIATION VOLNA",
                           ["PRODUCTION ASSOCIATION VOLNA"], ["ru"], [], ["X"]), *ORGS]
    index = ScreeningIndex(listed)
    assert "o-9" in [m.record.entity_id for m in index.search("VOLNA PRODUCTION ASSOCIAT", limit=3)]
