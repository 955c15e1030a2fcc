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

from laborwatch.extract.context import CompanyMention, DocumentContext, find_companies, nearest
from laborwatch.extract.dates import TimeExpression
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import NumberMention
from laborwatch.extract.segment import Sentence

MIN_COUNT = 10  # smaller figures in this reporting are events ("two workers defected"), not workforces
MAX_COUNT = 2_000_000
_TOKEN = re.compile(r"\[?[A-Za-z][\w'’-]*\]?|[,.;:()“”\"!?]")
_BREAK = frozenset([
    "in", "to", "at", "from", "for", "by", "with", "on", "who", "that", "which", "are", "were", "is", "was",
    "have", "has", "had", "will", "would", "could", "can", "may", "might", "as", "than", "per", "each", "a",
    "an", "this", "these", "those"
])
_NUMBER_OF = re.compile(r"\b(?:number|numbers|figure|total|tally|count|headcount|population)\b"
                        r"(?:\s+of\s+(?P<np>(?:[\w\[\]’'-]+\s+){0,3}[\w\[\]’'-]+))?", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:dropped|fell|rose|grew|declined|decreased|increased|shrank|jumped|climbed|"
                     r"doubled|halved|plunged|surged|slipped|went (?:up|down)|was cut|has been cut|reduced)\b",
                     re.IGNORECASE)
_NOUN_BEFORE = re.compile(
    r"(?P<noun>workers|laborers|labourers|North Koreans|soldiers|employees|workforce|troops|citizens|nationals)\b"
    r"[^.;]{0,60}?"
    r"\b(?:number(?:ed|ing|s)?|total(?:l?ed|l?ing|s)?|reached|stood at|stands at|amount(?:ed|s)? to|"
    r"(?:is|are|was|were) (?:estimated|put|believed|thought) (?:at|to be|to number)|rose to|fell to|grew to|"
    r"dropped to|declined to|increased to|decreased to|climbed to|to|(?:down|up) from)\s*$", re.IGNORECASE)
_COORDINATED = re.compile(r"^\s*(?:more\s+|others?\s+)?(?:(?:were\s+|are\s+)?(?:sent\s+|dispatched\s+)?"
                          r"(?:to|in|at|into)\s+|\(\s*(?:in|to)\s+)")
_PER_UNIT = re.compile(r"\b(?:each|every|per|typical|average|a single)\b[^.;,]{0,50}$", re.IGNORECASE)
# A removal or enforcement verb right before the figure makes it an event ("expelled 30 workers"), not a workforce.
_EVENT_BEFORE = re.compile(r"\b(?:expelled|deported|repatriated|arrested|detained|fired|dismissed|rescued|"
                           r"sent home|sent back|returned|evacuated|killed|injured|punished|executed)\s+"
                           r"(?:about\s+|around\s+|some\s+|nearly\s+|more than\s+|at least\s+|over\s+)?$",
                           re.IGNORECASE)
_WORK_AFTER = re.compile(r"^\s*(?:more\s+|others?\s+)?(?:(?:are|were|is|was|had|have|has|been|still|now|"
                         r"reportedly|believed to|thought to|said to|estimated to|reported to)\s+){0,3}"
                         r"(?:work|working|worked|employed|toil|toiling|labou?ring|remain|remained|based|"
                         r"stationed)\b", re.IGNORECASE)
_EACH_COUNTRY = re.compile(r"\b(?P<a>[A-Z][\w ]{2,30}?) and (?P<b>[A-Z][\w ]{2,30}?) each\b")
_PER_UNIT_AFTER = re.compile(r"^\s*(?:of them\s+|workers\s+)?(?:on|at|in)\s+(?:one|a single|each|every|one of)\b",
                             re.IGNORECASE)
# "Poland, which hosted around 500 in 2016": a bare figure after a hosting verb, once workers are the topic.
_HOST_BEFORE = re.compile(r"\b(?:hosts?|hosted|hosting|employs?|employed|had|has|have|keeps?|kept)\s*$",
                          re.IGNORECASE)
_SAYS_CLOSER = re.compile(r"\b(?:is|was|are|were|be)\s+"
                          r"(?:closer to\s+|nearer\s+|as high as\s+|as low as\s+|more like\s+)?$",
                          re.IGNORECASE)
_ESTIMATE_BEFORE = re.compile(r"\b(?:estimated|estimates|estimate|counted|counts|reported|put|puts|says|said|"
                              r"(?:estimates?|figures?|tally|count|total|guess) of|arrived at|came to)\s*$",
                              re.IGNORECASE)
# An event verb a little after the noun phrase ("13 waitresses from a restaurant in Ningbo defected").
_LATE_EVENT = re.compile(r"[^,;.]{0,70}?\b(?:defected|mutinied|escaped|fled|died|were killed|protested|rioted|"
                         r"were arrested|went on strike|deserted|disappeared|were detained|were deported|"
                         r"were expelled|were repatriated|arrived|entered|left the country)\b", re.IGNORECASE)
_PAREN_BEFORE = re.compile(r"\(\s*$")
_CLAUSE_LEAD = re.compile(r"^[\s\"“‘'(\[—–-]*(?:(?:and|but|so|yet|while|whereas|although|though)\s+)?", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r",\s*(?:but|and|while|whereas|although|though|yet)\b|\b(?:but|while|whereas)\b",
                         re.IGNORECASE)
_FROM_ELSEWHERE = re.compile(r"(?:\s+[a-z]+){0,2}\s+from\s+(?:the\s+)?[A-Z]")
_FROM_NK = re.compile(r"(?:\s+[a-z]+){0,2}\s+from\s+(?:the\s+)?"
                      r"(?:North Korea|DPRK|Democratic People|Pyongyang|the North)")
_PUT_IT = re.compile(r"\bput(?:s|ting)?\s+(?:it|them|the (?:number|figure|total|workforce))\s+at\s*$", re.IGNORECASE)
_STILL_IN = re.compile(r"^\s*(?:are|were|is|was|remain|remained)\s+(?:still\s+|now\s+)?(?:in|at|on|based)\b",
                       re.IGNORECASE)
_MORE = re.compile(r"^\s*(?:more|others?|additional)\b", re.IGNORECASE)
_WORKER_TOPIC = re.compile(r"\b(?:workers|laborers|labourers|workforce|North Koreans\s+(?:\w+\s+)?work\w*)\b")
_OF_THEM = re.compile(r"^\s*(?:of\s+(?:them|whom|those|these))\b", re.IGNORECASE)
_WORK_WORDS = re.compile(r"\b(?:work\w*|labou?r\w*|employ\w*|hired|construction|logging|factory|factories|"
                         r"jobs?|dispatched|deployed|shipyards?|farms?|mines?|building sites?|restaurants?|"
                         r"fishing|seafood|textiles?|garments?|sites?)\b", re.IGNORECASE)


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


def _noun_phrase(ctx: DocumentContext, end: int, stop: int) -> tuple[str | None, bool, bool, int]:
    """After a number: (category, NK named in the phrase, other nationals named, end of the phrase)."""
    lex = lexicon()
    segment = ctx.text[end:min(stop, end + 120)]
    words: list[str] = []
    for token in _TOKEN.finditer(segment):
        raw = token.group(0)
        word = raw.strip("[]").lower()
        if raw in ",.;:()“”\"!?" or (word in _BREAK and words):
            if word == "(":
                continue
            break
        if word == "of" and not words:
            continue
        words.append(word)
        phrase_end = end + token.end()
        if word in lex.worker_nouns or (word == "koreans" and words[-2:-1] == ["north"]) or word in lex.people:
            nk = ("north" in words and ("korean" in words or "koreans" in words)) or "dprk" in words
            foreign = any(m.code != "KP" for m in ctx.countries_in(end, phrase_end)) or \
                any(w in lex.foreign_markers for w in words)
            if word in lex.worker_nouns:
                category = _category(words, lex.worker_nouns[word])
            else:
                after = ctx.text[phrase_end:phrase_end + 40].lower()
                if not _work_verb_after().match(after):
                    clause_text = ctx.text[max(0, end - 200):min(len(ctx.text), end + 200)]
                    if word != "koreans" or not _WORK_WORDS.search(clause_text):
                        return None, nk, foreign, phrase_end
                category = _category(words, "all")
            return category, nk, foreign, phrase_end
        if len(words) >= 6:
            break
    return None, False, False, end


@lru_cache(maxsize=1)
def _work_verb_after() -> re.Pattern[str]:
    """Up to two words, then a work verb ("were working", "held valid work permits"), compiled once."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon().work_verbs, key=len, reverse=True))
    return re.compile(rf"\s*(?:\w+\s+){{0,2}}(?:{verbs})\b")


def _category(words: list[str], default: str) -> str:
    found = [lexicon().category_words[w] for w in words if w in lexicon().category_words]
    if "civilian" in found:
        return "civilian"
    return found[-1] if found else default


def _category_of(text: str) -> str:
    words = [w.strip("[]").lower() for w in re.findall(r"[\w\[\]’'-]+", text)]
    nouns = [lexicon().worker_nouns[w] for w in words if w in lexicon().worker_nouns]
    return _category(words, nouns[-1] if nouns else "all")


def _refused(ctx: DocumentContext, mention: NumberMention, clause: tuple[int, int]) -> bool:
    """Money, units, legal references, dates and prison figures are never worker counts."""
    lex = lexicon()
    text = ctx.text
    lead = text[max(clause[0], mention.start - 60):mention.start]
    if (_PER_UNIT.search(lead) and not _EACH_COUNTRY.search(lead)) or _EVENT_BEFORE.search(lead) \
            or _PER_UNIT_AFTER.match(text, mention.end):
        return True
    after = text[mention.end:mention.end + 16].lower()
    after_word = re.match(r"\s*(-?[\w%]+(?:\s+cent)?)", after)
    if after_word and after_word.group(1) in lex.units_after:
        return True
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


def find_worker_figures(ctx: DocumentContext, sentence: Sentence, previous: list[WorkerFigure]
                        ) -> list[WorkerFigure]:
    """The worker counts in one sentence; ``previous`` are the document's earlier ones, for references back."""
    figures: list[WorkerFigure] = []
    text = ctx.text
    lex = lexicon()
    for clause in ctx.clauses(sentence):
        mentions = ctx.numbers_in(clause[0], clause[1])
        if not mentions:
            continue
        times: list[TimeExpression] | None = None  # found only when a figure needs them: most sentences do not
        companies: list[CompanyMention] | None = None
        clause_figures: list[WorkerFigure] = []
        previous_end = clause[0]  # where the last figure that was not a date ended
        for i, m in enumerate(mentions):
            if m.is_year_like:  # "in 2010 North Korean workers ...": a year inside a date is not a count
                times = times if times is not None else _clause_times(ctx, sentence, clause)
                if any(t.start <= m.value_start < t.end for t in times):
                    continue
            figure_start, previous_end = previous_end, m.end
            stop = mentions[i + 1].start if i + 1 < len(mentions) else clause[1]
            if _refused(ctx, m, clause):
                continue
            category, nk, foreign, phrase_end = _noun_phrase(ctx, m.end, stop)
            direct = category is not None
            country_stop = stop
            if foreign:
                continue
            if not direct:
                category = _indirect_category(ctx, m, clause, clause_figures, [*previous, *figures], sentence)
                if category is None:
                    continue
                phrase_end = m.end
                if _NOUN_BEFORE.search(text[max(clause[0], m.start - 120):m.start]) or \
                        _PAREN_BEFORE.search(text, max(clause[0], m.start - 3), m.start):
                    country_stop = m.end  # "workers in Russia, numbering 11,000": the place is the one before
            elif _FROM_ELSEWHERE.match(text, phrase_end) and not _FROM_NK.match(text, phrase_end):
                continue  # "22 crew members from Southeast Asia"
            elif lex.event_verbs.match(text[phrase_end:phrase_end + 30]) or _LATE_EVENT.match(text, phrase_end, stop):
                continue
            if m.is_year_like and not direct:
                continue
            if not m.vague and (m.magnitude < MIN_COUNT or m.magnitude > MAX_COUNT):
                continue
            # Tied to North Korea: in the phrase, nearby, in the paragraph, or (for "800 workers", a worker noun
            # right after the figure) in a document whose headline or lead is about North Korea.
            if not (nk or ctx.nk_near(sentence, 3) or ctx.nk_in_paragraph(sentence)
                    or (direct and ctx.nk_topic)):
                continue
            where = ctx.locate(sentence, clause, m.start, phrase_end, country_stop)
            country, confidence = where.code, where.confidence
            if country is None or (m.vague and confidence < 0.6):
                continue
            figure = WorkerFigure(m, sentence, clause, category or "all", country, confidence, direct, nk,
                                  place=where.place, located_by=where.how,
                                  tie="worker noun after the figure" if direct else "figure tied to workers "
                                                                                     "by its phrase")
            if companies is None:
                companies = find_companies(text, sentence.start, sentence.end)
            figure.employer = _employer_for(companies, m.start, clause_figures)
            if figure.employer is None:
                named = list(ctx.company_cores().finditer(text, sentence.start, m.start))
                figure.employer = named[-1].group(0) if named else None  # the last one named before the figure
            figure.sector = _sector(text, m.start, stop, clause)
            times = times if times is not None else _clause_times(ctx, sentence, clause)
            figure.as_of = _as_of(text, times, m, stop, clause, figure_start)
            figure.attributed_to = ctx.attribution(sentence, clause, m.start)
            clause_figures.append(figure)
            each = _EACH_COUNTRY.search(text, max(clause[0], m.start - 60), m.start)
            if each:  # "Vietnam and Laos each hosted fewer than 100": one figure for each country
                from laborwatch.evidence.countries import lookup_country

                codes = [lookup_country(each.group("a")), lookup_country(each.group("b"))]
                if all(codes) and figure.country in codes:
                    other = codes[1] if codes[0] == figure.country else codes[0]
                    clause_figures.append(dataclasses.replace(figure, country=other))
        figures.extend(clause_figures)
    return figures


def _indirect_category(ctx: DocumentContext, m: NumberMention, clause: tuple[int, int],
                       clause_figures: list[WorkerFigure], earlier: list[WorkerFigure],
                       sentence: Sentence) -> str | None:
    """A number tied to workers by its phrase rather than a noun right after it, or None."""
    text = ctx.text
    before = text[max(clause[0], m.start - 300):m.start]
    after = text[m.end:m.end + 40]
    if clause_figures and _COORDINATED.match(after):  # "... to Kuwait and about 750 to Qatar"
        return clause_figures[-1].category
    # "There are about 50,000 in Russia, 20,000 in China ..." once workers are the sentence's topic.
    topic_start = ctx.sentences[max(0, sentence.index - 1)].start
    if _COORDINATED.match(after) and _WORKER_TOPIC.search(text, topic_start, m.start):
        return "all"
    recent = clause_figures or [f for f in earlier if f.sentence.index >= sentence.index - 2]
    if (_OF_THEM.match(after) or _MORE.match(after)) and recent:
        return recent[-1].category
    of_them = _OF_THEM.match(after)
    if of_them and _WORK_AFTER.match(after[of_them.end():]) and ctx.nk_near(sentence, 2):
        return "all"  # "perhaps 100,000 of them toil in some 40 countries"
    if _WORK_AFTER.match(after) and (recent or ctx.nk_near(sentence, 1)):
        return recent[-1].category if recent else "all"
    if recent and (_HOST_BEFORE.search(before) or _SAYS_CLOSER.search(before) or _STILL_IN.match(after)
                   or _PAREN_BEFORE.search(before)):
        return recent[-1].category
    # "..., and Oman fewer than 200": a country, then the figure, after a count in the same sentence.
    if clause_figures and ctx.countries_in(max(clause[0], m.start - 30), m.start) and re.search(
            r"(?:,|\band)\s+(?:the\s+)?[A-Z][\w ]{2,30}$", before):
        return clause_figures[-1].category
    # "A UN report estimated more than fifty thousand" right after a sentence about how many work abroad.
    first = ctx.sentences[max(0, sentence.index - 2)]
    if (_ESTIMATE_BEFORE.search(before) or _PUT_IT.search(before)) and _WORKER_TOPIC.search(text, first.start,
                                                                                             m.start):
        return "all"
    noun_before = _NOUN_BEFORE.search(before[-120:])
    if noun_before:
        return _category_of(before[-120:][:noun_before.end("noun")])
    number_of = None
    for found in _NUMBER_OF.finditer(before):
        number_of = found  # the last "number of ..." before the figure is the one it belongs to
    if number_of is None:
        return None
    tail = before[number_of.end():]
    linked = re.search(r"\b(?:at|to|of|is|was|stands at|stood at|reached|from|around|about|some)\s+[^\w]*"
                       r"(?:about\s+|around\s+|approximately\s+|roughly\s+|some\s+)?$", tail)
    if not linked and not _CHANGE.search(tail):
        return None
    if number_of.group("np"):
        category = _category_of(number_of.group("np"))
        np_words = number_of.group("np").lower()
        if not any(w.strip("[]") in lexicon().worker_nouns or w in lexicon().people
                   for w in re.findall(r"[\w\[\]’'-]+", np_words)):
            return None
        return category
    previous = clause_figures or [f for f in earlier if f.sentence.index >= sentence.index - 2]
    if previous:
        return previous[-1].category
    # "put the total at 100,000" with no earlier figure: workers must be the topic just before.
    first = ctx.sentences[max(0, sentence.index - 2)]
    if _WORKER_TOPIC.search(text, first.start, m.start):
        return "all"
    return None


def _employer_for(companies: list[CompanyMention], start: int, clause_figures: list[WorkerFigure]) -> str | None:
    company = nearest(companies, start)
    if company is not None:
        return company.short
    return clause_figures[-1].employer if clause_figures else None


def _sector(text: str, start: int, stop: int, clause: tuple[int, int]) -> str | None:
    for lo, hi in ((start, stop), clause):
        found = lexicon().sectors.search(text, lo, hi)
        if found:
            return found.lastgroup
    return None


def _clause_times(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int]) -> list[TimeExpression]:
    return [t for t in ctx.times(sentence.start, sentence.end) if t.start >= clause[0] and t.end <= clause[1]]


def _as_of(text: str, times: list[TimeExpression], m: NumberMention, stop: int, clause: tuple[int, int],
           previous_end: int) -> str | None:
    for t in times:
        if m.end <= t.start < stop and t.start - m.end <= 100:
            if t.since:
                continue  # "has doubled since 2010": the figure is not as of 2010
            return str(t.value) if t.value else None
    for t in reversed([t for t in times if previous_end <= t.start and t.end <= m.start]):
        # A date before the figure dates it when it opens the clause ("In the first half of 2017, about
        # 20,000 ...") or stands right before it ("rose in 2016 to 4,000"); not one that dates another event
        # ("expelled the ambassador in 2017 and cut the workforce from around 7,000").
        opens = not _CLAUSE_LEAD.sub("", text[clause[0]:t.start]).strip()
        if opens or (m.start - t.end <= 25 and not _NEW_CLAUSE.search(text, t.end, m.start)):
            return str(t.value) if t.value else None
    return None
