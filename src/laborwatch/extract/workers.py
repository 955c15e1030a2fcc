"""Worker counts: a number tied to North Korean workers and to the country they work in.

A number becomes a worker count only when something links it to workers: a worker noun right after it
("2,000 North Korean laborers"), a "number of workers" phrase ("puts the number at 1,800", "the number of
civilian workers ... dropped from 4,000 to 3,200"), a worker noun before it ("workers numbered 3,000"), or a
coordinated figure after such a count ("... to Kuwait and about 750 to Qatar"). It is refused when it is money,
time, a share, a year, an event ("two workers defected"), about prison camps, or about other nationals.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from laborwatch.evidence.countries import lookup_country
from laborwatch.extract.companies import CompanyMention, nearest
from laborwatch.extract.context import NOT_HOSTS, DocumentContext, Location
from laborwatch.extract.dates import TimeExpression
from laborwatch.extract.frames import frame_after, frame_before, yearly_intake
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import NumberMention
from laborwatch.extract.segment import Sentence
from laborwatch.extract.ties import (
    FOREIGN_GROUP,
    NOUN_BEFORE,
    PAREN_BEFORE,
    SERIES_TO,
    WORK_WORDS,
    indirect_category,
    noun_phrase,
    work_verb_after,
)

MIN_COUNT = 10  # smaller figures in this reporting are events ("two workers defected"), not workforces
MAX_COUNT = 2_000_000
_EACH_COUNTRY = re.compile(r"\b(?P<a>[A-Z][\w ]{2,30}?) and (?P<b>[A-Z][\w ]{2,30}?) each\b")
# An event verb a little after the noun phrase ("13 waitresses from a restaurant in Ningbo defected").
_LATE_EVENT = re.compile(r"[^,;.]{0,70}?\b(?:defected|mutinied|escaped|fled|died|were killed|protested|rioted|"
                         r"were arrested|went on strike|deserted|disappeared|were detained|were deported|"
                         r"were expelled|were repatriated|arrived|entered|left the country|had left|have left|"
                         r"has left)\b", re.IGNORECASE)
_CLAUSE_LEAD = re.compile(r"^[\s\"“‘'(\[—–-]*(?:(?:and|but|so|yet|while|whereas|although|though)\s+)?", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r",\s*(?:but|and|while|whereas|although|though|yet)\b|\b(?:but|while|whereas)\b",
                         re.IGNORECASE)
# "22 crew members from Southeast Asia", "workers from Nepal": people from elsewhere (a place follows). Not
# "workers operate from Shenyang", where "from" says where they are, nor "80 workers from the Mansudae Overseas
# Project Group", where it names their employer.
_FROM_ELSEWHERE = re.compile(r"(?:\s+(?!(?:operate|operates|operating|operated|work|works|working|worked|run|runs|"
                             r"running|live|lives|living|lived|based|are|were|is|was|remain|remained|stay|stayed|"
                             r"staying)\b)[a-z]+){0,2}\s+from\s+(?:the\s+)?(?=[A-Z])")
_REGION_START = re.compile(r"(?:Southeast|South-East|South|Central|East|West|North)?\s*(?:Asia|Africa|Europe|"
                           r"America|the Middle East|the Gulf|the Caucasus|the Balkans)\b")
_FROM_NK = re.compile(r"(?:\s+[a-z]+){0,2}\s+from\s+(?:the\s+)?"
                      r"(?:North Korea|DPRK|Democratic People|Pyongyang|the North)")
_PER_UNIT = re.compile(r"\b(?:each|every|per|typical|average|a single)\b[^.;,]{0,50}$", re.IGNORECASE)
# "800 of those laborers", "of whom 300", "These include 41": a part of a whole named before it.
_PART_AFTER = re.compile(r"\s+of\s+(?:them|those|these|whom|which)\b", re.IGNORECASE)
_PART_BEFORE = re.compile(r"\b(?:including|include|includes|included|among them|among whom|of whom|of which)\s+"
                          r"(?:about\s+|around\s+|some\s+|nearly\s+|more than\s+|at least\s+|over\s+)?$",
                          re.IGNORECASE)
# Two figures joined so that the noun after the second counts both: "20,000 and 19,000 workers".
_JOINED = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*(?:about\s+|around\s+|some\s+|nearly\s+)?$",
                     re.IGNORECASE)
_PART_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+|all\s+)?(?:[\w'’-]+\s+){0,2}$",
                      re.IGNORECASE)
_PAPERS_AFTER = re.compile(r"\s+(?:new\s+)?(?:work|labou?r|employment|residence|entry|business)\s+"
                           r"(?:visas?|permits?|passes|authori[sz]ations?|contracts?)\b", re.IGNORECASE)
_OF_A_GROUP = re.compile(r"\s+of\s+(?:the|those|these|them|whom)\b", re.IGNORECASE)
_THERE_ARE = re.compile(r"\bthere\s+(?:are|were|is|was|remain|remained)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
_COMBAT = re.compile(r"\b(?:combat|fighting|fight|fought|frontline|front line|front lines|battle\w*|assault\w*|"
                     r"offensive|killed|wounded|casualties|war\b|artillery|infantry|special forces|storm\w*)",
                     re.IGNORECASE)
_SOLDIER_WORK = re.compile(r"\b(?:work\w*|labou?r\w*|construction|construct\w*|build\w*|rebuild\w*|builders?|"
                           r"engineers?|sappers|deminers?|demining|repair\w*|infrastructure|sites?|farms?|"
                           r"factor(?:y|ies)|logging|mines?|employ\w*|dispatched as)\b", re.IGNORECASE)
_NOT_THE_FIGURES_DATE = re.compile(r"(?:before|after|until|till|prior to)\b", re.IGNORECASE)
_ANOTHER_EVENT = re.compile(r"\b(?:signed|concluded|agreed|issued|made|built|arrived|came|started|began|granted|"
                            r"approved|adopted|passed)\b", re.IGNORECASE)
_EMPLOYED_BY = re.compile(r"\b(?:from|by|for|with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_THEY_WORK_FOR = re.compile(r"\s*(?:They|These workers|The workers|All of them|Most of them)\s+(?:are|were)\s+"
                            r"(?:(?:all|mostly|reportedly)\s+)?(?:employed by|hired by|working for|contracted to|"
                            r"sent by|dispatched by)\s+(?:the\s+)?")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_PER_UNIT_AFTER = re.compile(r"\s*(?:of them\s+|workers\s+)?(?:on|at|in)\s+(?:one|a single|each|every|one of)\b",
                             re.IGNORECASE)
@dataclass
class WorkerFigure:
    mention: NumberMention
    sentence: Sentence
    clause: tuple[int, int]
    category: str
    country: str | None
    country_confidence: float
    direct: bool  # a worker noun right after the number
    nk_in_phrase: bool
    employer: str | None = None
    sector: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    place: str | None = None
    # Why this is a worker count and where its country came from, for the reviewer.
    tie: str = ""
    located_by: str = ""


@lru_cache(maxsize=1)
def _part_predicate() -> re.Pattern[str]:
    """What makes a part of a group a workforce: where it is, that it works (the lexicon's work verbs and the work
    itself), that it is North Korean, or that its members are workers."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon().work_verbs, key=len, reverse=True))
    return re.compile(rf"[^.;!?]{{0,80}}?(?:\b(?:{verbs}|work\w*|employ\w*|labou?r\w*|toil\w*|remain\w*|stay\w*|"
                      rf"weld\w*|builds?|sews?|cooks?|serves?|North Korean?s?|DPRK|workers|laborers|labourers|"
                      rf"builders|staff)\b|\b(?:in|at|on|near|across|around)\s+(?:the\s+)?[A-Z])")


def _soldiers_at_work(text: str, clause: tuple[int, int], start: int, phrase_end: int) -> bool:
    """Soldiers count as workers unless the clause puts them in combat; soldiers named for their work
    ("military construction troops", "army builders") count even where the clause speaks of fighting."""
    if _SOLDIER_WORK.search(text, start, phrase_end):
        return True
    return not _COMBAT.search(text, max(clause[0], start - 150), min(clause[1], phrase_end + 150))


def _from_elsewhere(ctx: DocumentContext, phrase_end: int) -> bool:
    """People "from" a country or region other than North Korea."""
    found = _FROM_ELSEWHERE.match(ctx.text, phrase_end)
    if found is None or _FROM_NK.match(ctx.text, phrase_end):
        return False
    named = ctx.countries_in(found.end(), found.end() + 40)
    return bool(named and named[0].start == found.end()) or bool(_REGION_START.match(ctx.text, found.end()))


def _unit_or_label(ctx: DocumentContext, mention: NumberMention, clause: tuple[int, int]) -> bool:
    """Money, units, legal references, per-unit figures and prison figures are never worker counts."""
    lex = lexicon()
    text = ctx.text
    lead = text[max(clause[0], mention.start - 60):mention.start]
    if (_PER_UNIT.search(lead) and not _EACH_COUNTRY.search(lead)) or _PER_UNIT_AFTER.match(text, mention.end):
        return True
    after = text[mention.end:mention.end + 16].lower()
    after_word = re.match(r"\s*(-?[\w%]+(?:\s+cent)?)", after)
    if after_word and after_word.group(1) in lex.units_after:
        return True
    if _PAPERS_AFTER.match(text, mention.end):
        return True  # "1,200 work visas", "300 labour permits": papers, not people
    if after.startswith("%") or re.match(r"\s*(?:per\s*cent|percent)", after):
        return True
    before = text[max(0, mention.value_start - 14):mention.value_start].lower().rstrip()
    if before.endswith(tuple(m for m in lex.markers_before if not m[0].isalpha())):
        return True
    last_word = re.search(r"([a-z.]+)$", before)
    if last_word and last_word.group(1) in lex.markers_before:
        return True
    # Windows around the figure keep a run-on "sentence" (a pasted table, a list of numbers) linear in its length.
    return bool(lex.prison.search(text, max(clause[0], mention.start - 300), min(clause[1], mention.end + 300)))


@dataclass
class _Reading:
    """What the words right around one figure say, before anything is decided about it."""

    mention: NumberMention
    stop: int  # where the next figure of the clause starts
    start: int  # where the previous figure that was not a date ended (for leading dates)
    category: str | None = None  # from a worker noun after the figure
    nk: bool = False
    foreign: bool = False
    phrase_end: int = 0
    part: bool = False  # "800 of those laborers", "including 41", "of whom 300"
    frame: str | None = None  # plan, permission, change, event, part: see laborwatch.extract.frames
    shares_noun: bool = False  # "20,000 and 19,000 workers": the noun written after the next figure
    of_group: bool = False  # "11 of the welders", "50 of them": a part of a group named before


def _read_clause(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int],
                 times: list[TimeExpression]) -> list[_Reading]:
    text = ctx.text
    readings: list[_Reading] = []
    previous_end = clause[0]
    mentions = ctx.numbers_in(clause[0], clause[1])
    for i, m in enumerate(mentions):
        if m.is_year_like and any(t.start <= m.value_start < t.end for t in times):
            continue  # "in 2010 North Korean workers ...": a year inside a date is not a count
        stop = mentions[i + 1].start if i + 1 < len(mentions) else clause[1]
        reading = _Reading(m, stop, previous_end)
        previous_end = m.end
        if _unit_or_label(ctx, m, clause):
            reading.frame = "unit"
        else:
            reading.frame = frame_before(text, clause[0], m.start)
        reading.category, reading.nk, reading.foreign, reading.phrase_end = noun_phrase(ctx, m.end, stop)
        reading.part = bool(_PART_AFTER.match(text, m.end) or _PART_BEFORE.search(text, max(clause[0], m.start - 40),
                                                                                  m.start))
        reading.of_group = bool(_OF_A_GROUP.match(text, m.end))
        readings.append(reading)
    # "at 20,000 and 19,000 workers": a figure joined to the next one shares its noun (read from the last back).
    for current, following in zip(reversed(readings[:-1]), reversed(readings[1:]), strict=True):
        if current.category is not None or following.category is None:
            continue
        if _JOINED.match(text, current.mention.end, following.mention.start):
            current.category, current.nk, current.foreign = following.category, following.nk, following.foreign
            current.phrase_end, current.shares_noun = following.phrase_end, True
        elif _PART_OF.match(text, current.mention.end, following.mention.start):
            # "60 of the 450 employees are North Korean": the part is the count, and it is North Korean when
            # the words right after the whole say so.
            current.category, current.foreign = following.category, following.foreign
            current.nk = following.nk or ctx.mentions_nk(following.phrase_end, min(clause[1],
                                                                                   following.phrase_end + 40))
            current.phrase_end, current.shares_noun = following.phrase_end, True
    return readings


def _mixed_total(ctx: DocumentContext, readings: list[_Reading], i: int, clause: tuple[int, int]) -> bool:
    """"employs 1,200 workers, and 800 of those laborers are from North Korea": the 1,200 counts everyone."""
    if readings[i].nk or readings[i].category is None:
        return False
    return any(r.part and ctx.mentions_nk(r.mention.start, min(clause[1], r.mention.end + 80))
               for r in readings[i + 1:])


def find_worker_figures(ctx: DocumentContext, sentence: Sentence, previous: list[WorkerFigure]
                        ) -> list[WorkerFigure]:
    """The worker counts in one sentence; ``previous`` are the document's earlier ones, for references back."""
    figures: list[WorkerFigure] = []
    for clause in ctx.clauses(sentence):
        if ctx.numbers_in(clause[0], clause[1]):
            figures.extend(_clause_figures(ctx, sentence, clause, [*previous, *figures]))
    return figures


def _clause_figures(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int],
                    earlier: list[WorkerFigure]) -> list[WorkerFigure]:
    text = ctx.text
    lex = lexicon()
    # Time expressions are found only for clauses that hold a four-digit figure or a figure that needs its date.
    times = _clause_times(ctx, sentence, clause) if _needs_times(ctx, clause) else []
    readings = _read_clause(ctx, sentence, clause, times)
    companies: list[CompanyMention] | None = None
    clause_figures: list[WorkerFigure] = []
    for i, r in enumerate(readings):
        m = r.mention
        if r.frame in ("unit", "future", "permission", "change", "event") or r.foreign:
            continue
        if r.frame == "part" and not r.nk:
            continue  # "45 of the plant's 600 employees": the 600 count everyone at the plant
        if _mixed_total(ctx, readings, i, clause):
            continue
        if r.of_group and (FOREIGN_GROUP.search(text, max(clause[0], m.start - 120), m.start) or not (
                _part_predicate().match(text, r.phrase_end or m.end, clause[1])
                or _THERE_ARE.search(text, max(clause[0], m.start - 30), m.start))):
            # A part of a group counts when the words say where or that it works ("Fifty of them work at the
            # dockyard", "800 of those laborers are from North Korea"), not as a breakdown of a counted group
            # ("11 of the welders had been paid less"), nor as a part of other nationals ("The Uzbek workers,
            # roughly 300 of them").
            continue
        direct = r.category is not None
        category, phrase_end, country_stop = r.category, r.phrase_end, r.stop
        if not direct:
            category = indirect_category(ctx, m, clause, clause_figures, earlier, sentence)
            if category is None:
                continue
            phrase_end = m.end
            if NOUN_BEFORE.search(text[max(clause[0], m.start - 120):m.start]) or \
                    PAREN_BEFORE.search(text, max(clause[0], m.start - 3), m.start):
                country_stop = m.end  # "workers in Russia, numbering 11,000": the place is the one before
        elif _from_elsewhere(ctx, phrase_end):
            continue  # "22 crew members from Southeast Asia"
        if lex.event_verbs.match(text[phrase_end:phrase_end + 30]) or _LATE_EVENT.match(text, phrase_end, r.stop) \
                or frame_after(text, phrase_end, clause[1]) or yearly_intake(text, clause[0], m.start, phrase_end,
                                                                                clause[1]):
            continue  # they left, were sent home, will arrive: events and flows, not a workforce
        if m.is_year_like and not direct:
            continue
        if category == "soldier" and not _soldiers_at_work(text, clause, m.start, phrase_end):
            continue  # troops in combat are not workers (annotation rule 3); soldiers building sites are
        if not m.vague and not _plausible_size(m, r, direct, clause_figures, text, clause):
            continue
        # Tied to North Korea: in the phrase, nearby, in the paragraph, or (for "800 workers", a worker noun
        # right after the figure) in a document whose headline or lead is about North Korea.
        if not (r.nk or ctx.nk_near(sentence, 3) or ctx.nk_in_paragraph(sentence) or ctx.nk_topic):
            continue
        where = ctx.locate(sentence, clause, m.start, phrase_end, country_stop)
        if r.part and where.confidence < 0.9:
            where = _where_the_whole_is(ctx, sentence, clause, readings[:i], clause_figures or earlier) or where
        country, confidence = where.code, where.confidence
        if country is None or (m.vague and confidence < 0.6):
            continue
        tie = ("worker noun after the figure" if direct and not r.shares_noun else
               "joined to the next figure's worker noun" if direct else "figure tied to workers by its phrase")
        figure = WorkerFigure(m, sentence, clause, category or "all", country, confidence, direct, r.nk,
                              place=where.place, located_by=where.how, tie=tie)
        if companies is None:
            companies = ctx.companies_in(sentence.start, sentence.end)
        figure.employer = _employer_for(companies, m.start, clause_figures)
        if figure.employer is None:
            named = list(ctx.company_cores().finditer(text, sentence.start, m.start))
            figure.employer = named[-1].group(0) if named else None  # the last one named before the figure
        if figure.employer is None:
            figure.employer = _employer_after(ctx, sentence, companies, phrase_end, r.stop)
        figure.sector = _sector(text, m.start, r.stop, clause)
        if not times:
            times = _clause_times(ctx, sentence, clause)
        figure.as_of = _as_of(text, times, m, r.stop, clause, r.start)
        if figure.as_of is not None and figure.as_of == ctx.published and len(figure.as_of) == 10:
            figure.as_of = None  # the dateline's day is the time of writing, which an undated figure means
        figure.attributed_to = ctx.attribution(sentence, clause, m.start) or ctx.source_named_next(sentence)
        if lookup_country(figure.attributed_to) not in (None, figure.country):
            figure.attributed_to = None  # a government speaks for its own country ("Malaysia said ...")
        clause_figures.append(figure)
        each = _EACH_COUNTRY.search(text, max(clause[0], m.start - 60), m.start)
        if each:  # "Vietnam and Laos each hosted fewer than 100": one figure for each country
            codes = [lookup_country(each.group("a")), lookup_country(each.group("b"))]
            if all(codes) and figure.country in codes:
                other = codes[1] if codes[0] == figure.country else codes[0]
                clause_figures.append(dataclasses.replace(figure, country=other))
    _respectively(ctx, sentence, clause, clause_figures)
    return clause_figures


def _where_the_whole_is(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int], before: list[_Reading],
                        counted: list[WorkerFigure]) -> Location | None:
    """A part ("35,000 of them", "These include 41") is where its whole is: the figure just before it in the
    clause, counted or not ("47,364 North Koreans entering Russia, ... 35,000 of them were workers"), else the
    last counted figure."""
    if before:
        whole = before[-1]
        found = ctx.locate(sentence, clause, whole.mention.start, whole.phrase_end or whole.mention.end, whole.stop)
        if found.code is not None:
            return Location(found.code, found.confidence, found.place, f"a part of the figure before it: {found.how}")
    if counted:
        last = counted[-1]
        return Location(last.country, last.country_confidence, last.place,
                        f"a part of the figure before it: {last.located_by}")
    return None


def _plausible_size(m: NumberMention, r: _Reading, direct: bool, clause_figures: list[WorkerFigure], text: str,
                    clause: tuple[int, int]) -> bool:
    """Small figures are mostly events ("two workers defected"); they count only when the words make them a
    workforce: "three North Korean doctors work at the clinic", or the end of a series ("dropped to three")."""
    if m.magnitude > MAX_COUNT:
        return False
    if m.magnitude >= MIN_COUNT:
        return True
    if m.magnitude < 2:
        return False
    if direct and r.nk and (work_verb_after(text, r.phrase_end) or WORK_WORDS.search(text, r.phrase_end, r.stop)):
        return True  # "three North Korean doctors work at the clinic", "three living there on work visas"
    return bool(clause_figures) and bool(SERIES_TO.search(text[max(clause[0], m.start - 40):m.start]))


def _respectively(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int],
                  figures: list[WorkerFigure]) -> None:
    """"in Russia and China, numbering 20,000 and 19,000 respectively": the figures go to the countries in the
    order they were named, when the numbers of each agree."""
    if len(figures) < 2 or not _RESPECTIVELY.search(ctx.text, clause[0], clause[1]):
        return
    named: list[str] = []
    for mention in ctx.countries_in(clause[0], figures[0].mention.start):
        if mention.code not in NOT_HOSTS and mention.code not in named:
            named.append(mention.code)
    if len(named) != len(figures):
        return
    for figure, code in zip(figures, named, strict=True):
        figure.country, figure.country_confidence = code, 0.9
        figure.located_by = "the countries named before the figures, in order ('respectively')"


def _employer_for(companies: list[CompanyMention], start: int, clause_figures: list[WorkerFigure]) -> str | None:
    company = nearest(companies, start)
    if company is not None:
        return company.short
    return clause_figures[-1].employer if clause_figures else None


def _employer_after(ctx: DocumentContext, sentence: Sentence, companies: list[CompanyMention], phrase_end: int,
                    stop: int) -> str | None:
    """The company the words after the figure name as its employer ("80 workers from the Mansudae Overseas
    Project Group", "... employed by X"), or the next sentence does ("They are employed by X")."""
    for company in companies:
        if phrase_end <= company.start <= min(stop, phrase_end + 80) and _EMPLOYED_BY.search(
                ctx.text, max(phrase_end, company.start - 40), company.start):
            return company.short
    if sentence.index + 1 < len(ctx.sentences):
        following = ctx.sentences[sentence.index + 1]
        lead = _THEY_WORK_FOR.match(ctx.text, following.start, following.end)
        if lead:
            after = [c for c in ctx.companies_in(following.start, following.end) if c.start >= lead.end()]
            if after and after[0].start - lead.end() <= 6:
                return after[0].short
    return None


def _sector(text: str, start: int, stop: int, clause: tuple[int, int]) -> str | None:
    for lo, hi in ((start, stop), clause):
        found = lexicon().sectors.search(text, lo, hi)
        if found:
            return lexicon().sector_of[found.group(0).lower()]
    return None


def _needs_times(ctx: DocumentContext, clause: tuple[int, int]) -> bool:
    return any(m.is_year_like for m in ctx.numbers_in(clause[0], clause[1]))


def _clause_times(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int]) -> list[TimeExpression]:
    return [t for t in ctx.times(sentence.start, sentence.end) if t.start >= clause[0] and t.end <= clause[1]]


def _as_of(text: str, times: list[TimeExpression], m: NumberMention, stop: int, clause: tuple[int, int],
           previous_end: int) -> str | None:
    for t in times:
        if m.end <= t.start < stop and t.start - m.end <= 100:
            if t.since or (_NOT_THE_FIGURES_DATE.match(text, t.start) and _ANOTHER_EVENT.search(text, m.end, t.start)):
                continue  # "has doubled since 2010", "under contracts signed before 2019": not the figure's date
            return str(t.value) if t.value else None
    for t in reversed([t for t in times if previous_end <= t.start and t.end <= m.start]):
        # A date before the figure dates it when it opens the clause ("In the first half of 2017, about
        # 20,000 ...") or stands right before it ("rose in 2016 to 4,000"); not one that dates another event
        # ("expelled the ambassador in 2017 and cut the workforce from around 7,000").
        opens = len(_CLAUSE_LEAD.sub("", text[clause[0]:t.start]).split()) <= 3  # "At its height in 2016 ..."
        if opens or (m.start - t.end <= 25 and not _NEW_CLAUSE.search(text, t.end, m.start)):
            return str(t.value) if t.value else None
    # A date that opens the clause ("2019: Kuwait tells the UN that 904 ... and that fewer than 800 remain")
    # dates every figure after it, unless another time comes between.
    opening = [t for t in times if t.end <= m.start and len(_CLAUSE_LEAD.sub("", text[clause[0]:t.start]).split()) == 0]
    if opening and not any(opening[0].end <= t.start and t.end <= m.start for t in times):
        return str(opening[0].value) if opening[0].value else None
    return None
