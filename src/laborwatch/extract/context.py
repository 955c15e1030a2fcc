"""What a figure's surroundings say: who said it, which country it is about, which company is involved.

One ``DocumentContext`` is built per document: country mentions, North Korea mentions and sentences are found
once, so each rule asks cheap questions about a span ("which country follows this number in its clause?").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from laborwatch.evidence.countries import WORLD, CountryMention, find_countries, lookup_country
from laborwatch.evidence.places import find_places
from laborwatch.extract.attribution import (
    enclosing_quote,
    find_sources,
    is_pronoun,
    quote_spans,
    speaker_after,
    trailing_source,
)
from laborwatch.extract.companies import SUFFIX_WORDS, CompanyMention, find_companies
from laborwatch.extract.dates import TimeExpression, find_times
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import NumberMention, find_numbers
from laborwatch.extract.segment import Sentence, clauses, sentences

NOT_HOSTS = frozenset({"KP", "KR"})  # North Koreans work abroad: neither Korea is a host country
# Lines of capitals only (a cable's "SIPDIS", a page header) that can interrupt a sentence.
_MARKER_LINES = re.compile(r"^(?:[A-Z0-9/().-]{2,}[ \t]*\n\s*)+")
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})"
                       r"(?=,? ?(?:[A-Z][a-z]+\.? \d|\(|—|–|-))")
_POINTS_BACK = re.compile(r"(?:according to|citing|in the (?:view|estimate) of)\s+[^,;]{2,80},\s+"
                          r"(?:the|this|that|these|those)\s+(?:number|figure|figures|numbers|estimate|total|count|"
                          r"tally)\b|"
                          r"(?:the|this|that)\s+(?:number|figure|estimate)\s+(?:comes|came|is taken)\s+from\b",
                          re.IGNORECASE)
_JOINT_PLACES = re.compile(r"\s*(?:,|and|or|&|,\s*and)\s*(?:the\s+)?", re.IGNORECASE)
_EACH_OR_RESPECTIVELY = re.compile(r"\b(?:each|respectively|apiece)\b", re.IGNORECASE)
# A sentence that opens with a named body and a verb: "Russia's Interior Ministry has ...", "The UN panel said".
_SUBJECT = re.compile(r"[\"“‘(\s]*((?:(?:The|the)\s+)?(?:[A-Z][\w.'’&-]*\s+){0,4}(?:[A-Z][\w.'’&-]*))\s+"
                      r"(?:has|have|had|said|says|told|reported|estimated|stated|is|was|noted|found)\b")
_NAME_WORD_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_SHARE_BEFORE = re.compile(r"\b(?:most|mostly|many|some|half|the majority|a majority|the bulk|the rest|others)\b"
                           r"(?:\s+of\s+(?:them|whom|those))?\s+(?:[a-z]+\s+)?(?:in|to|at)\s+(?:the\s+)?$",
                           re.IGNORECASE)
_AUTHOR = re.compile(r"\s*(?:(?:Press\s+)?[Ss]tatement|Press release|Report|Submission|Note verbale|Letter|"
                     r"Communication|Briefing)\s+(?:by|of|from)\s+((?:the\s+)?[A-Z][^\n.:;]{2,100}?)\s*(?:\n|$)")
_NEW_FRAME = re.compile(r"[\"“‘(\s]*(?:today|now|currently|nowadays|these days|at present|since then|by contrast|"
                        r"in contrast|elsewhere|meanwhile|in (?:19|20)\d\d|in the \w+ of (?:19|20)\d\d)\b",
                        re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s?(?:\$|dollars?\b|cents?\b)")
_PERSONAL_AFTER = re.compile(
    r"\s+(?:(?:[a-z-]+\s+)?(?:workers?|labou?rers?|employees?|man|men|woman|women|nationals?|citizens?|journalists?|"
    r"reporters?|researchers?|scholars?|experts?|analysts?|activists?|defectors?|students?|migrants?|"
    r"immigrants?|passport|-born)\b|(?:[A-Z][\w-]*\s+){0,2}(?:Institute|University|Academy|Center|Centre|"
    r"Council|Foundation|Association|Society|Times|News|Post|Herald|Journal|Agency|Broadcasting|Radio|"
    r"Television|Daily|Press|Institution|Research)\b)")
_LOCATIVE = re.compile(r"(?:\b(?:in|to|at|into|across|throughout|inside|within|near|around|from)\s+"
                       r"(?:the\s+)?(?:nearby\s+|neighbou?ring\s+|eastern\s+|western\s+|southern\s+|northern\s+)?)$",
                       re.IGNORECASE)
_COUNTRIES_COUNT = re.compile(r"\b(?:in|over|across|to|among)\s+(?:some\s+|about\s+|around\s+|more than\s+|over\s+|"
                              r"nearly\s+|at least\s+)?(?:\d+|dozens of|several|many)\s+countries\b", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(?:in|at|inside|within)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class DocumentContext:
    text: str
    published: str | None
    sentences: list[Sentence] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    nk_starts: list[int] = field(default_factory=list)
    dominant: str | None = None
    nk_topic: bool = False  # North Korea is what the document is about (named early or often)
    last_source: str | None = None  # the last named source, for "he said" further on
    previous_source: str | None = None  # the source of the previous sentence, if it named one
    previous_paragraph: int = -1
    previous_end: int = 0

    @classmethod
    def build(cls, text: str, published: str | None) -> DocumentContext:
        # "US$700", "U.S. dollars": a currency, not a place.
        found = [m for m in find_countries(text) if not _CURRENCY_AFTER.match(text, m.end)]
        found = sorted([*found, *_datelines(text), *_gazetteer_places(text, found)], key=lambda m: m.start)
        ctx = cls(text, published, sentences(text), found)
        # "a Ukrainian worker said", "the Swedish Institute": a person's or a body's nationality says nothing
        # about where the workers are, so these never locate a figure.
        ctx._personal = {m.start for m in found if _is_adjective(m) and _PERSONAL_AFTER.match(text, m.end)}
        ctx.nk_starts = [m.start() for m in lexicon().north_korea.finditer(text)]
        author = _AUTHOR.match(text)
        ctx.author = " ".join(author.group(1).split()) if author else None
        ctx.nk_topic = bool(ctx.nk_starts) and (ctx.nk_starts[0] < 600 or len(ctx.nk_starts) >= 3)
        ctx.numbers = find_numbers(text)
        ctx._number_starts = [m.value_start for m in ctx.numbers]

        hosts = Counter(m.code for m in ctx.countries if m.code not in NOT_HOSTS and m.code != "US"
                        and m.start not in ctx._personal)
        total = sum(hosts.values())
        if total:
            code, n = hosts.most_common(1)[0]
            ctx.dominant = code if n / total >= 0.6 else None
            ctx._dominant_mentions = n
        ctx._starts = [m.start for m in ctx.countries]
        return ctx

    _starts: list[int] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    _number_starts: list[int] = field(default_factory=list)
    _times: dict[tuple[int, int], list[TimeExpression]] = field(default_factory=dict)
    _sources: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)
    _cores: re.Pattern[str] | None = None
    _quotes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _personal: set[int] = field(default_factory=set)
    _speakers: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _companies: dict[tuple[int, int], list[CompanyMention]] = field(default_factory=dict)
    _dominant_mentions: int = 0
    # The body a statement, report or submission is from, named in its heading ("Statement by the Ministry of
    # Foreign Affairs of Mongolia"): the source of what it states without naming another.
    author: str | None = None

    def sources(self, start: int, end: int) -> list[tuple[int, str]]:
        """Every source named in text[start:end] with where its verb is, found once."""
        key = (start, end)
        if key not in self._sources:
            self._sources[key] = find_sources(self.text, start, end)
        return self._sources[key]

    def source(self, start: int, end: int, position: int | None = None) -> str | None:
        """The source named in text[start:end] (the one nearest before ``position``, if given), remembered."""
        found = self.sources(start, end)
        if not found:
            return None
        if position is not None:
            before = [source for at, source in found if at < position]
            if before:
                return before[-1]
        return found[0][1]

    def numbers_in(self, start: int, end: int) -> list[NumberMention]:
        found = self.numbers[bisect_left(self._number_starts, start):bisect_left(self._number_starts, end)]
        return [m for m in found if m.start >= start and m.end <= end]

    # --- spans -----------------------------------------------------------------------------------------
    def companies_in(self, start: int, end: int) -> list[CompanyMention]:
        """``find_companies`` over text[start:end], found once: worker counts and employers both ask."""
        key = (start, end)
        if key not in self._companies:
            self._companies[key] = find_companies(self.text, start, end)
        return self._companies[key]

    def company_cores(self) -> re.Pattern[str]:
        """Companies named anywhere in the document, by their distinctive words ("Korea Rungrado"), so a later
        sentence that names one without its suffix still gives the employer."""
        if self._cores is None:
            cores: dict[str, str] = {}
            for company in find_companies(self.text, 0, len(self.text)):
                core = SUFFIX_WORDS.sub("", company.name).strip()
                if core and core.split()[0] not in lexicon().not_names:
                    cores.setdefault(core, core)
            body = "|".join(re.escape(c) for c in sorted(cores, key=len, reverse=True))
            self._cores = re.compile(body if cores else r"(?!x)x")  # the second never matches
        return self._cores

    def countries_in(self, start: int, end: int) -> list[CountryMention]:
        return self.countries[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def mentions_nk(self, start: int, end: int) -> bool:
        i = bisect_left(self.nk_starts, start)
        return i < len(self.nk_starts) and self.nk_starts[i] < end

    def nk_near(self, sentence: Sentence, back: int = 2) -> bool:
        first = self.sentences[max(0, sentence.index - back)]
        return self.mentions_nk(first.start, sentence.end)

    def nk_in_paragraph(self, sentence: Sentence) -> bool:
        """North Korea named earlier in the sentence's paragraph (a long paragraph keeps its topic)."""
        start = sentence.start
        for previous in reversed(self.sentences[:sentence.index]):
            if previous.paragraph != sentence.paragraph:
                break
            start = previous.start
        return self.mentions_nk(start, sentence.end)

    def clauses(self, sentence: Sentence) -> list[tuple[int, int]]:
        return clauses(self.text, sentence.start, sentence.end)

    def times(self, start: int, end: int) -> list[TimeExpression]:
        """Time expressions in text[start:end]; computed on demand, since most spans never need them."""
        key = (start, end)
        if key not in self._times:
            self._times[key] = [TimeExpression(t.start + start, t.end + start, t.value, t.relative, t.since)
                                for t in find_times(self.text[start:end], self.published)]
        return self._times[key]

    def _named_before(self, code: str, position: int) -> bool:
        return any(m.code == code for m in self.countries[:bisect_left(self._starts, position)])

    def is_locative(self, mention: CountryMention) -> bool:
        if mention.is_place:
            return True
        return bool(_LOCATIVE.search(self.text[max(0, mention.start - 30):mention.start]))

    # --- countries -------------------------------------------------------------------------------------
    def host_country(self, sentence: Sentence, clause: tuple[int, int], start: int, end: int, stop: int,
                     exclude: frozenset[str] = NOT_HOSTS) -> tuple[str | None, float]:
        """The country a figure at [start, end) is about, and how sure the choice is (0-1)."""
        found = self.locate(sentence, clause, start, end, stop, exclude)
        return found.code, found.confidence

    def locate(self, sentence: Sentence, clause: tuple[int, int], start: int, end: int, stop: int,
               exclude: frozenset[str] = NOT_HOSTS) -> Location:
        """Where a figure at [start, end) is: its country, how sure the choice is (0-1), the place named (a city,
        region or site, as written) and which rule chose it.

        In order: a location after the figure in its own stretch of the clause ("2,000 workers in Qatar"), a
        global phrase before that ("abroad"), a location earlier in the clause ("in Kuwait ... from 4,000"),
        any country in the sentence, the paragraph's last location, the document's main host country.
        """
        world = _GlobalPhrases(self.text)
        inside = [m for m in self.countries_in(end, stop) if m.is_place or _IN_PLACE.search(
            self.text[max(0, m.start - 20):m.start])]
        if inside and inside[0].code in exclude:
            return Location(None, 0.0, None, "located in North or South Korea")
        # "50,000 to 100,000, with most in China and Russia": where most of them are is not where all of them are.
        shares = self._shares(end, stop)
        after = [m for m in self.countries_in(end, stop) if m.code not in exclude and m.start not in shares]
        located = [m for m in after if self.is_locative(m)]
        world_match = world.search(end, stop)
        region = _regions().search(self.text, end, min(stop, end + 60))  # where they are, not their clients
        if region and not (located and located[0].start < region.start()) and not (
                world_match and world_match.start() < region.start()):
            # "in the Gulf", "in Asian and Middle Eastern countries": a region has no country code, and pinning
            # its figure on one country would be wrong.
            return Location(None, 0.0, None, f"'{region.group(0).strip()}' is a region, not a country")
        if located and not (world_match and world_match.start() < located[0].start):
            partner = next((m for m in after if m.start > located[0].end), None)
            if partner is not None and partner.code != located[0].code and _JOINT_PLACES.fullmatch(
                    self.text, located[0].end, partner.start) and not _EACH_OR_RESPECTIVELY.search(
                    self.text, clause[0], clause[1]):
                # "900 in the UAE and Oman combined": one figure for two countries is neither's.
                return Location(None, 0.0, None, f"one figure for '{located[0].text}' and '{partner.text}'")
            return Location(located[0].code, 0.9, _place(located[0]), f"'{located[0].text}' after the figure")
        if world_match:
            return Location(WORLD, 0.8, None, f"'{world_match.group(0)}' after the figure")
        speakers = self._speaker_spans(sentence)
        before = [m for m in self.countries_in(clause[0], start) if m.code not in exclude
                  and m.start not in self._personal and not self._speakers_nationality(m, speakers)]
        if before:
            named = [m for m in before if self.is_locative(m) or not _is_adjective(m)]
            chosen = (named or before)[-1]
            return Location(chosen.code, 0.8 if named else 0.6, _place(chosen),
                            f"'{chosen.text}' earlier in the clause")
        lo, hi = max(clause[0], start - 400), min(clause[1], end + 400)
        if world.search(lo, hi) or _COUNTRIES_COUNT.search(self.text, lo, hi):
            return Location(WORLD, 0.7, None, "a global phrase in the clause")
        shares = self._shares(sentence.start, sentence.end)
        in_sentence = [m for m in self.countries_in(sentence.start, sentence.end) if m.code not in exclude
                       and m.start not in self._personal and not self._speakers_nationality(m, speakers)
                       and m.start not in shares]
        if in_sentence:
            chosen = min(in_sentence, key=lambda m: abs(m.start - start))
            return Location(chosen.code, 0.6, _place(chosen), f"'{chosen.text}' in the sentence")
        lo, hi = max(sentence.start, start - 600), min(sentence.end, end + 600)
        if world.search(lo, hi) or _COUNTRIES_COUNT.search(self.text, lo, hi):
            return Location(WORLD, 0.6, None, "a global phrase in the sentence")
        adjective: CountryMention | None = None
        for back in range(sentence.index - 1, max(-1, sentence.index - 4), -1):
            previous = self.sentences[back]
            if previous.paragraph != sentence.paragraph:
                break
            found = [m for m in self.countries_in(previous.start, previous.end) if m.code not in exclude
                     and m.start not in self._personal]
            # A place or a country's name says where; an adjective in an earlier sentence ("for Lao and Chinese
            # clients") is weaker than the document's main host country, so it waits until that is tried.
            named = [m for m in found if self.is_locative(m) or not _is_adjective(m)]
            if named:
                chosen = ([m for m in named if self.is_locative(m)] or named)[-1]
                return Location(chosen.code, 0.5, _place(chosen), f"'{chosen.text}' in an earlier sentence")
            adjective = adjective or (found[-1] if found else None)
            if world.search(previous.start, previous.end):
                return Location(WORLD, 0.5, None, "a global phrase in an earlier sentence")
        if WORLD not in exclude and world.search(0, min(start, self.sentences[0].end + 300)) and not (
                self.dominant and self._country_headline(self.dominant)):
            # A headline or lead about workers abroad makes an unplaced figure a global one, even when one host
            # country is named most often further down.
            return Location(WORLD, 0.45, None, "no place named; the headline or lead speaks of workers abroad")
        if self.dominant and self.dominant not in exclude and (
                self._dominant_mentions >= 2 or self._named_before(self.dominant, start)):
            # A country named once, after the figure (a cut-off last line), is not what the document is about.
            return Location(self.dominant, 0.4, None, "the document's main host country")
        if adjective is not None:
            return Location(adjective.code, 0.4, None, f"'{adjective.text}' in an earlier sentence")
        # No place anywhere near, no main host country, and the document has spoken of workers abroad: a figure
        # for the whole labour export ("a recent paper cites a figure of 50,000-60,000 workers").
        if WORLD not in exclude and world.search(0, start):
            return Location(WORLD, 0.35, None, "no place named; the document speaks of workers abroad")
        return Location(None, 0.0, None, "no country found")

    # --- attribution -----------------------------------------------------------------------------------
    def attribution(self, sentence: Sentence, clause: tuple[int, int], position: int | None = None) -> str | None:
        """Who the clause says made the statement, as written; pronouns resolve to the last named source."""
        source = self.source(clause[0], clause[1], position)
        if source is None and clause != (sentence.start, sentence.end):
            source = trailing_source(self.text, sentence.start, sentence.end)
        if source is None and position is not None:
            source = self._quote_speaker(sentence, position)
        if source is None:
            # News style names the source once and lets the next sentence of the paragraph lean on it.
            same_run = self.previous_paragraph == sentence.paragraph and "\n" not in self.text[
                self.previous_end:sentence.start]  # list items and table rows do not lean on each other
            if self._continues(sentence):
                return self.previous_source
            # ... unless the sentence turns to another time ("Today ...", "In 2019 ...") or another source's
            # country ("Malaysia said ...; Poland, which hosted 500, ..."): then the figure is the writer's own.
            if not same_run or _NEW_FRAME.match(self.text, sentence.start):
                return self.author
            return self.previous_source or self.author
        if is_pronoun(source):
            # "Russia's Interior Ministry has not published figures since 2019, when it reported ...": a pronoun
            # stands first for the sentence's own subject, then for the last source named before.
            return self._sentence_subject(sentence, position) or self.last_source or source
        return source

    def _sentence_subject(self, sentence: Sentence, position: int | None) -> str | None:
        subject = _SUBJECT.match(self.text, sentence.start, position if position is not None else sentence.end)
        if subject is None or is_pronoun(subject.group(1)):
            return None
        return " ".join(subject.group(1).split())

    def quotes(self, paragraph: int) -> list[tuple[int, int]]:
        """The quotations of a paragraph (see ``quote_spans``), found once."""
        if paragraph not in self._quotes:
            members = [s for s in self.sentences if s.paragraph == paragraph]
            self._quotes[paragraph] = quote_spans(self.text, members[0].start, members[-1].end) if members else []
        return self._quotes[paragraph]

    def _country_headline(self, code: str) -> bool:
        """Is the country named in the document's first sentence (its headline or lead)?"""
        first = self.sentences[0]
        return any(m.code == code for m in self.countries_in(first.start, first.end))

    def _shares(self, start: int, end: int) -> set[int]:
        """Countries in text[start:end] that say where a share of the workers is ("with most in China and
        Russia", "mostly in Dandong"), by their starts."""
        found: set[int] = set()
        previous: CountryMention | None = None
        for mention in self.countries_in(start, end):
            if _SHARE_BEFORE.search(self.text, max(start, mention.start - 40), mention.start) or (
                    previous is not None and previous.start in found
                    and _JOINT_PLACES.fullmatch(self.text, previous.end, mention.start)):
                found.add(mention.start)
            previous = mention
        return found

    def _speakers_nationality(self, mention: CountryMention, speakers: list[tuple[int, int]]) -> bool:
        """"a Czech driver said": the speaker's nationality. A country's own name in the speaker ("Namibia's
        government told the UN", "Russia said") is where the figure is, and stays."""
        return _is_adjective(mention) and _inside(mention.start, speakers)

    def _speaker_spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Where the sentence names its speakers ("a Czech driver said"): a country named there is the speaker's,
        not the workers'."""
        if sentence.index not in self._speakers:
            spans = []
            for at, source in self.sources(sentence.start, sentence.end):
                found = self.text.rfind(source.split(" (")[0], sentence.start, at + len(source) + 40)
                if found >= 0:
                    spans.append((found, found + len(source)))
            self._speakers[sentence.index] = spans
        return self._speakers[sentence.index]

    def source_named_next(self, sentence: Sentence) -> str | None:
        """A source the next sentence gives for this one's figure by pointing back at it: "According to the
        Journal, the number is part of ...", "That figure comes from the ministry"."""
        if sentence.index + 1 >= len(self.sentences):
            return None
        following = self.sentences[sentence.index + 1]
        if following.paragraph - sentence.paragraph > 1:
            return None
        back = _POINTS_BACK.match(self.text, following.start, following.end)
        if back is None:
            return None
        found = find_sources(self.text, following.start, following.end)
        return found[0][1] if found and not is_pronoun(found[0][1]) else None

    def _quote_speaker(self, sentence: Sentence, position: int) -> str | None:
        """Who speaks the quotation ``position`` is in: named right after it closes (', ” Yonhap reports'),
        before it opens in its first sentence ('the minister said: “...'), or in the sentence before that
        ('..., Breuker commented. ‘Our estimates ...'). None when not quoted or unnamed."""
        quote = enclosing_quote(self.quotes(sentence.paragraph), position)
        if quote is None:
            return None
        opening, closing = quote
        speaker = speaker_after(self.text, closing)
        if speaker is not None:
            return speaker
        first = next((s for s in self.sentences if s.start <= opening < s.end or s.start >= opening), sentence)
        lead = [(first.start, opening)]
        if first.index > 0 and self.sentences[first.index - 1].paragraph == first.paragraph:
            lead.append((self.sentences[first.index - 1].start, self.sentences[first.index - 1].end))
        for start, end in lead:
            named = [source for _, source in find_sources(self.text, start, end) if not is_pronoun(source)]
            if named:
                return named[-1]
        return None

    def _continues(self, sentence: Sentence) -> bool:
        """Does the sentence carry on the previous one across a break (a page header, a cable's "SIPDIS" line,
        a hard wrap)? The previous one stops without a full stop and this one starts in lower case."""
        if sentence.index == 0:
            return False
        previous = self.text[self.sentences[sentence.index - 1].start:self.sentences[sentence.index - 1].end]
        if previous.rstrip()[-1:] in ".!?:;\"”’)]":
            return False
        rest = _MARKER_LINES.sub("", self.text[sentence.start:sentence.end])
        return rest[:1].islower()

    def note_sources(self, sentence: Sentence) -> None:
        """Remember the sentence's named source, so a later "he said" can be traced to it."""
        segment = self.text[sentence.start:sentence.end]
        self.previous_source, self.previous_paragraph = None, sentence.paragraph
        self.previous_end = sentence.end
        if not (lexicon().attribution_verbs.search(segment) or "ccording to" in segment):
            return
        for clause in self.clauses(sentence):
            source = self.source(*clause)
            if source and not is_pronoun(source):
                self.last_source = source
            if source:
                self.previous_source = self.last_source if is_pronoun(source) else source


@dataclass(frozen=True)
class _GlobalPhrases:
    """The lexicon's global phrases ("abroad", "overseas") in a text, except inside a name ("the Mansudae Overseas
    Project Group" is a company, not a place)."""

    text: str

    def search(self, start: int, end: int) -> re.Match[str] | None:
        for found in lexicon().world.finditer(self.text, start, end):
            if not (found.group(0)[:1].isupper() and _NAME_WORD_BEFORE.search(self.text, max(0, found.start() - 30),
                                                                               found.start())):
                return found
        return None


@dataclass(frozen=True)
class Location:
    code: str | None
    confidence: float
    place: str | None  # a city, region or site as written, when that is what located the figure
    how: str  # which rule chose the country, for the claim's explanation


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _gazetteer_places(text: str, countries: list[CountryMention]) -> list[CountryMention]:
    """Cities, regions and sites the country table does not list ("in Hunan Province", "Yobe state",
    "Alabuga"), from the gazetteer (laborwatch.evidence.places), where they do not overlap a country mention."""
    taken = [(m.start, m.end) for m in countries]
    found = []
    for mention in find_places(text, countries):
        if not any(s < mention.end and mention.start < e for s, e in taken):
            found.append(CountryMention(mention.code, mention.start, mention.end, mention.text, True))
    return found


def _datelines(text: str) -> list[CountryMention]:
    """Places in capitals that open a paragraph as a dateline ("KALININGRAD —", "SEOUL, March 3 (Wire) -"):
    prose matching is case-sensitive, so these are looked up on their own."""
    found = []
    for match in _DATELINE.finditer(text):
        code = lookup_country(match.group(1).title())
        if code is not None:
            found.append(CountryMention(code, match.start(1), match.end(1), match.group(1), True))
    return found


@lru_cache(maxsize=1)
def _regions() -> re.Pattern[str]:
    """A locative phrase naming a region rather than a country ("in the Middle East", "across Africa")."""
    words = "|".join(re.escape(w) for w in sorted(lexicon().raw["workers"]["regions"], key=len, reverse=True))
    return re.compile(rf"\b(?:in|to|across|throughout|around|within)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:and|or)\s+)?"
                      rf"(?:{words})(?![\w-])")


def _place(mention: CountryMention) -> str | None:
    return mention.text if mention.is_place else None


def _is_adjective(mention: CountryMention) -> bool:
    """"Qatari", "Chinese": an adjective or demonym, not the country's own name ("Oman", "Sudan")."""
    from laborwatch.evidence.countries import country_table

    word = mention.text
    return (not mention.is_place and word.casefold() != country_table().names.get(mention.code, "").casefold()
            and word.endswith(("an", "ese", "i", "ish", "ch", "ns", "is")) and " " not in word)
