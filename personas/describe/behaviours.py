"""Behaviours and context: what members say they *do* ("I batch on Sundays", "we use Canva for
everything", "I send one newsletter a month"), grouped by meaning like needs.

A behaviour is a first-person clause in the present that states a habit, routine, practice or tool
use. Rule-based, precision before recall (:func:`behaviour_clause`):

1. **Subject.** ``I`` / ``we`` (``I'm``, ``we've`` ...) at the start of a clause: the start of the
   sentence or line, or after ``, ; : – — ( "``, with only lead words ("honestly", "and", "so",
   "these days" ...) or a habit phrase ("On Sundays", "Most mornings") between. "if I", "what I",
   "everyone I follow" are not clause starts, so conditionals, relatives and third persons drop out.
2. **Present tense, an action.** After the subject and adverbs ("usually", "don't", "tend to"):
   a present-tense verb that is not stative, a wish or a modal ("know", "feel", "want", "need",
   "'d", "'ll", "would", "can", "going to", "used to"), nor a past form ("tried", "posted", "sent");
   or ``'m`` + ``-ing`` ("I'm posting daily"), ``'ve been`` + ``-ing``, ``'ve always`` + participle, or
   ``'m usually on/in/at`` ("I'm mostly on Facebook").
3. **A habit or a practice.** The clause holds a habit marker (:data:`_MARKER`: "usually", "never",
   "every week", "once a month", "three times a week", "on Sundays", "most mornings", "at night",
   "in batches", "then nothing for", "£1,500 a month", "monthly" ...) or its verb is a practice verb
   (:data:`PRACTICE_VERBS`: use, post, batch, schedule, film, send, reply, sell on/through/at ...).
4. **Not a goal, pain or question.** A sentence that asks is never a behaviour; nor one with a goal,
   pain or indirect-question cue of :mod:`analysis.rules` ("I want", "I'd love", "struggle", "hate",
   "too expensive") before the end of the behaviour's clause; nor a clause with a past time
   ("yesterday", "last week", "ago", "in January").

What comes after the clause ("..., but I hate it") does not cancel it: the sentence is then a pain
too, and its behaviour is still what the person does. Sentences are grouped within a persona by
:func:`personas.describe.needs.groups_by_meaning` and backed by standalone quotes from different
people (:func:`personas.describe.needs._need`); a label is the behaviour's own clause, verbatim, with
the first-person subject trimmed ("Batch on Sundays").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.rules import GOAL_RULES, PAIN_RULES, QUESTION_RULES
from analysis.runtime import Runtime
from personas.describe.needs import MIN_QUOTES, Candidate, Need, _need, candidate_key, groups_by_meaning
from personas.describe.sentences import cue_regex, is_question, need_label, sentence_spans, standalone, word_count

KIND = "behaviour"
#: Behaviours a persona card shows.
MAX_BEHAVIOURS = 4
#: Words a behaviour label keeps once its subject is trimmed ("Batch on Sundays").
MIN_BEHAVIOUR_LABEL_WORDS = 3
#: Cosine similarity at which behaviour sentences (or groups, on average) say the same thing. Behaviours
#: differ more than needs do: on the sample, the needs' 0.25 grouped "I barely use the list" with "I do a
#: 'what's on the counter today' story most mornings" and "I use Canva for everything" with "I've been
#: watching loads of YouTube tutorials" (the statements' context vectors pull them together); 0.3 keeps
#: them apart; 0.35 also splits "I sell on Etsy, at craft fairs ..." from "I sell on Etsy, at markets ...".
BEHAVIOUR_SIMILARITY = 0.3

# -- words ----------------------------------------------------------------------------------------

_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_PERIOD = r"(?:day|night|morning|afternoon|evening|week|weekend|weeknight|weekday|month|year|season|quarter|fortnight|term|" + _DAYS + ")"
_NUMBER = (r"(?:\d+(?:[.,]\d+)?k?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred|"
           r"a\s+few|a\s+couple\s+of|several|a\s+couple|couple\s+of|a\s+dozen|dozens\s+of)")
#: Phrases that say how often or when someone does something (one of them makes a clause a habit).
_MARKERS = [
    r"usually|always|normally|typically|generally|often|frequently|sometimes|occasionally|rarely|seldom|never|barely|hardly\s+ever",
    r"regularly|routinely|constantly|religiously|consistently|mostly|mainly",
    r"daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually",
    r"every\s*day|everyday|as\s+a\s+rule|every\s+so\s+often|from\s+time\s+to\s+time|on\s+and\s+off|here\s+and\s+there",
    rf"(?:every|each)\s+(?:single\s+|other\s+|few\s+|couple\s+of\s+|{_NUMBER}\s+)?{_PERIOD}s?",
    rf"(?:once|twice|(?:{_NUMBER}|\d+|a\s+few|a\s+couple\s+of)\s+times)\s+(?:a|an|per|each|every)\s+{_PERIOD}",
    rf"(?:[£$€]\s?)?{_NUMBER}\s+(?:[\w’'-]+\s+){{0,2}}(?:a|per|each)\s+{_PERIOD}",
    rf"(?:most|some|many|all|other)\s+{_PERIOD}s",
    rf"on\s+(?:a\s+)?(?:{_DAYS})(?:\s+(?:morning|afternoon|evening|night))?|(?:on\s+)?(?:{_DAYS})s|on\s+(?:weekdays|weekends|weeknights)",
    r"(?:at|in|during|over)\s+(?:the\s+)?(?:nights?|evenings|mornings|weekends?|lunch(?:time)?s?|bedtime)",
    r"at\s+\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)|first\s+thing",
    r"after\s+(?:work|bedtime|the\s+kids\s+are\s+in\s+bed)|before\s+(?:work|the\s+school\s+run)",
    r"on\s+(?:the|my|our)\s+(?:school\s+run|commute|way\s+(?:to|home\s+from)\s+work|lunch\s+break|days?\s+off)",
    r"in\s+(?:batches|bulk|bursts|spurts|waves|fits\s+and\s+starts)|(?:and\s+)?then\s+nothing(?:\s+for)?",
]
_MARKER = re.compile(r"(?<![\w'’])(?:" + "|".join(_MARKERS) + r")(?![\w'’])", re.I)

#: Verbs that state a practice or a tool's use on their own ("I use Canva for everything").
PRACTICE_VERBS = frozenset("""use post batch schedule film shoot send email newsletter blog vlog write reply respond share record
edit upload publish boost advertise outsource repurpose rely plan sell listen watch follow""".split())
#: Practice verbs that need a place after them ("I sell on Etsy", not "I sell buns").
_PLACE_VERBS = {"sell": re.compile(r"^\s*(?:mostly\s+|mainly\s+|only\s+|just\s+)?(?:on|through|via|at|online|direct)\b", re.I)}
#: Main verbs that state a state of mind, a wish or a possession, not something done.
_NOT_ACTIONS = frozenset("""know think feel believe understand seem wonder guess suppose mean realise realize hope wish want need
like love hate prefer care doubt have has get got am are be is was were will would could should can can't cannot couldn't
wouldn't shouldn't won't may might must shall used tried did didn't had hadn't went made sent wrote took spent ran sold shot told
thought felt saw came gave found kept left paid bought began lost met said built started stopped decided needed wanted
struggle struggled keep going gonna wanna aim try trying look seriously recommend suggest swear bet promise agree admit
expect assume reckon imagine hear see notice find appreciate enjoy miss say own owe worry suspect live
held brought heard caught taught fought sought bought felt meant slept dealt dreamt lent built bent won sat stood understood laid
did became knew grew threw drew flew rode drove broke spoke woke chose froze rose ate fell forgot began swam sang rang drank stole
wore tore swore hung stuck struck dug ground bound wound fed led fled met lit slid hid bit spun shook
seen gone known taken given eaten written driven spoken broken chosen forgotten gotten begun fallen shown grown thrown drawn flown
worn torn sworn born done become becomes would've could've should've might've must've""".split())
#: Participles that say nothing done after "I've always" ("I've always liked their name").
_STATIVE_PARTICIPLES = frozenset("""liked loved wanted hated enjoyed known thought felt been had needed wished believed found preferred
admired wondered hoped dreamed dreamt meant said told heard seen prided""".split())
#: Words ending in -ly that are verbs, not adverbs.
_LY_VERBS = frozenset("apply reply rely supply fly multiply comply imply ally bully rally tally".split())
#: Words ending in -ed that are not past forms.
_ED_BASE = frozenset("feed need seed shed speed weed embed bleed proceed succeed exceed bed red".split())
#: Adverbs (and negations) that may stand between the subject and its verb.
_ADVERBS = frozenset("""usually always normally typically generally often frequently sometimes occasionally rarely seldom never
regularly routinely constantly religiously consistently mostly mainly barely hardly ever almost just also still only now actually
basically literally even really definitely pretty all both do don't dont does doesn't not also currently honestly genuinely
probably kind sort of somehow sometimes rather quite nearly kinda sorta
tend tends to try""".split())
_HABIT_ADVERBS = frozenset("usually always normally typically generally often frequently sometimes occasionally rarely seldom never "
                           "regularly routinely constantly mostly mainly".split())
#: Words that may stand at a clause start before its subject ("Honestly, I ...", "These days we ...").
_LEADS = frozenset("""and but so also honestly really basically ok okay tbh plus then oh well yeah yes yep hi hey um uh
personally currently now nowadays generally anyway anyways lol haha right like""".split())
_LEAD_PHRASES = re.compile(r"^(?:these\s+days|right\s+now|at\s+the\s+moment|to\s+be\s+honest|in\s+general|for\s+now|at\s+the\s+minute|"
                           r"for\s+(?:the|my|our)\s+\w+|as\s+for\s+\w+)\s*$", re.I)
#: A clause ends at punctuation or at a word that opens another clause.
#: ("and" or "so" before another subject too: "I post our pre-orders there and they fill up").
_OTHER_SUBJECT = r"it|it's|it’s|they|they're|they’re|that|that's|that’s|this|there|he|she|people|nobody|everyone|everybody|no\s+one"
_CLAUSE_END = re.compile(r"\s*(?:[;:–—()\[\]!?…]|\.(?!\d)|(?<![\d£$€]),(?!\d)|(?<!\d)\s-\s|\n)|"
                         r"\s+(?:but|because|cause|cos|which|although|though|while|whereas|unless|until|if|except|otherwise|so\s+that|"
                         r"whenever|when)\b|"
                         rf"\s+and\s+(?=(?:{_OTHER_SUBJECT})\b)|\s+so\s+(?=(?:that\s+)?(?:i|we|my|our|{_OTHER_SUBJECT})\b)", re.I)
_CLAUSE_START = re.compile(r"[,;:–—()\[\]\"“”\n]|\s-\s|(?<![\w'’])(?:and|but|then|plus|or|because|cos)\s+", re.I)
_PAST = re.compile(r"(?<![\w'’])(?:yesterday|ago|last\s+(?:week|month|year|night|time|weekend|summer|winter|spring|autumn|christmas|"
                   + _DAYS + r"|january|february|march|april|may|june|july|august|september|october|november|december)|the\s+other\s+day|"
                   r"in\s+(?:january|february|march|april|june|july|august|september|october|november|december|20\d\d)|"
                   r"for\s+(?:the\s+)?first\s+time|used\s+to)(?![\w'’])", re.I)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SUBJECT = re.compile(r"(?<![\w'’])(?:i|we)(?:['’](?:m|re|ve|d|ll))?(?![\w'’])", re.I)


@functools.cache
def _cue_regex() -> re.Pattern[str]:
    """Every goal, pain and indirect-question cue phrase of :mod:`analysis.rules` as one pattern."""
    return cue_regex(spec for _cue, specs, _negatable in GOAL_RULES + PAIN_RULES + QUESTION_RULES for spec in specs)


# -- detection ------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _TOKEN.findall(text)]


def _strip_leads(segment: str, offset: int) -> tuple[str, int]:
    """``segment`` without its lead words at both ends, and where what is left starts (plus ``offset``)."""
    words = list(re.finditer(r"\S+", segment))
    lead = lambda w: not _words(w.group()) or all(x in _LEADS for x in _words(w.group()))  # noqa: E731
    while words and lead(words[0]):
        words.pop(0)
    while words and lead(words[-1]):
        words.pop()
    if not words:
        return "", offset + len(segment)
    return segment[words[0].start():words[-1].end()].strip(" ,."), offset + words[0].start()


_QUOTED = re.compile(r"(?:[\"“”‘]|&quot;|&#34;)\s*$")


def _opening(sentence: str, subject_start: int) -> tuple[int, bool] | None:
    """Where the clause of the subject at ``subject_start`` begins and whether a habit phrase opens it
    ("On Sundays I ...", "Every Sunday, I ..."), or None when the subject does not open a clause."""
    prefix = sentence[:subject_start]
    if _QUOTED.search(prefix):
        return None  # a title or someone else's words: 'the medley "We All Fall in Love Sometimes"'
    cuts = [0] + [m.end() for m in _CLAUSE_START.finditer(prefix)]
    cut = cuts[-1]
    rest, start = _strip_leads(prefix[cut:], cut)
    if not rest:
        if len(cuts) > 1:  # "Every Sunday, I batch": a habit phrase alone in the clause before
            before, before_start = _strip_leads(prefix[cuts[-2]:cut].rstrip(",;:–—- "), cuts[-2])
            if before and _MARKER.fullmatch(before):
                return before_start, True
        return subject_start, False
    if _MARKER.fullmatch(rest):
        return start, True
    if _LEAD_PHRASES.match(rest):
        return subject_start, False
    return None


def behaviour_clause(sentence: str) -> tuple[int, int] | None:
    """(start, end) in ``sentence`` of its first clause that states a behaviour, or None.

    ``start`` is the clause's first word after any lead words (a habit phrase before the subject is
    kept: "On Sundays I batch everything"); ``end`` is where the clause stops.
    """
    if is_question(sentence) or not sentence.strip():
        return None
    for subject in _SUBJECT.finditer(sentence):
        opening = _opening(sentence, subject.start())
        if opening is None:
            continue
        start, marked_before = opening
        end_match = _CLAUSE_END.search(sentence, subject.end())
        end = end_match.start() if end_match else len(sentence.rstrip())
        if _verb_ok(sentence[subject.start():end], marked_before) and not _cue_regex().search(sentence[:end]):
            if not _PAST.search(sentence[start:end]):
                return start, end
    return None


@dataclass(frozen=True)
class _Scan:
    """A clause (from its subject) as :func:`_verb_ok` reads it left to right: its word tokens, their
    keys (case-folded, straight apostrophe), whether a habit phrase came before the clause, and the
    adverbs read between subject (and auxiliary) and verb. Each scan step gets it whole so the steps
    share one reading of the words instead of re-tokenising the clause."""

    clause: str
    tokens: list[re.Match[str]]
    words: list[str]
    marked_before: bool
    adverbs: list[str]

    def habit(self, verb_at: int) -> bool:
        """A habit phrase before the clause, between subject and verb, or after the verb ("never" after
        the verb aside: "I highly recommend never listening ...")."""
        before = self.clause[self.tokens[0].end():self.tokens[verb_at].start()]
        after = [m.group().casefold() for m in _MARKER.finditer(self.clause, self.tokens[verb_at].end())]
        return (self.marked_before or bool(_MARKER.search(before)) or bool({"tend", "tends"} & set(self.adverbs))
                or any(m not in ("never", "hardly ever") for m in after))


def _verb_ok(clause: str, marked_before: bool) -> bool:
    """The clause (from its subject) has a present-tense action verb and a habit marker or a practice verb.

    One left-to-right scan: subject, auxiliary (:func:`_auxiliary`), adverbs (:func:`_scan_adverbs`),
    then the verb, read by the auxiliary it follows (:func:`_have_verb_ok`, :func:`_be_verb_ok`,
    :func:`_plain_verb_ok`).
    """
    tokens = list(_TOKEN.finditer(clause))
    if not tokens:
        return False
    words = [t.group().casefold().replace("’", "'") for t in tokens]
    if words[0].endswith(("'d", "'ll")):
        return False
    aux, k = _auxiliary(words)
    adverbs, k = _scan_adverbs(words, k, aux)
    if k >= len(words):
        return False
    scan = _Scan(clause, tokens, words, marked_before, adverbs)
    if aux == "have":
        return _have_verb_ok(scan, k)
    if aux == "be":
        return _be_verb_ok(scan, k)
    return _plain_verb_ok(scan, k)


def _auxiliary(words: list[str]) -> tuple[str | None, int]:
    """The subject's auxiliary ("be" for "I'm", "we are"; "have" for "I've", "we have been"; else None)
    and the index of the first word after subject and auxiliary."""
    subject = words[0]
    aux = "be" if subject.endswith(("'m", "'re")) else "have" if subject.endswith("'ve") else None
    k = 1
    if aux is None and k < len(words) and words[k] in ("am", "are"):
        aux, k = "be", k + 1
    elif aux is None and k < len(words) and words[k] == "have" and "been" in words[k + 1:k + 4]:
        aux, k = "have", k + 1
    return aux, k


def _scan_adverbs(words: list[str], k: int, aux: str | None) -> tuple[list[str], int]:
    """The adverbs (and negations, "tend to") from ``words[k]`` on, and the index of the word after them."""
    adverbs: list[str] = []
    while k < len(words) and (words[k] in _ADVERBS or _adverb_ly(words[k])) and not (aux == "be" and words[k] in ("do", "don't")):
        if words[k] in ("tend", "tends", "try") and (k + 1 >= len(words) or words[k + 1] != "to"):
            break
        if words[k] in ("do", "does") and (k + 1 >= len(words) or words[k + 1] in _FUNCTION_WORDS):
            break  # "I do a monthly newsletter": the verb itself
        adverbs.append(words[k])
        k += 1
    return adverbs, k


def _have_verb_ok(scan: _Scan, k: int) -> bool:
    """After "I've" / "we have": "been" + an -ing action, or "always" + a participle of something done."""
    words = scan.words
    if words[k] == "been":
        k += 1
        while k < len(words) and (words[k] in _ADVERBS or _adverb_ly(words[k])):
            k += 1
        if k >= len(words) or not words[k].endswith("ing") or words[k] in _NOT_DOING:
            return False
        return scan.habit(k) or _practice(_base(words[k]), scan.clause[scan.tokens[k].end():])
    # "I've always done my own photos", not "I've always liked their name"
    return "always" in scan.adverbs and words[k] not in _STATIVE_PARTICIPLES and scan.habit(k)


def _be_verb_ok(scan: _Scan, k: int) -> bool:
    """After "I'm" / "we are": an -ing action with a habit phrase (or a tool in use for something), or
    a habit adverb + where someone usually is ("I'm mostly on Facebook")."""
    words, adverbs = scan.words, scan.adverbs
    verb = words[k]
    if "not" in adverbs:
        return False  # "so I'm not changing strings every few days"
    if verb.endswith("ing") and verb not in _NOT_DOING:
        # without a habit phrase only a tool in use for something: "I'm using this pedal to ...",
        # "I'm using the snark on my guitar", not "I'm editing my review", "I'm using the app and I noticed ..."
        # "mostly" / "mainly" with a verb in -ing say what, not how often: "I'm mainly referring to the flute"
        if scan.habit(k) and not {"mostly", "mainly"} & set(adverbs):
            return True
        return verb == "using" and bool(_FOR_SOMETHING.search(scan.clause, scan.tokens[k].end()))
    # "I'm usually in from half five", "I'm mostly on Facebook"
    # (a state is not: "I'm always in perfect tune now", "I'm frequently in this position")
    after = words[k + 1] if k + 1 < len(words) else ""
    rest = " ".join(words[k + 1:k + 3])
    return bool(_HABIT_ADVERBS & set(adverbs)) and (
        (verb in ("on", "up", "online", "live") and not _FIGURATIVE_ON.match(rest)) or
        (verb == "in" and after in ("from", "by", "early", "before", "at")))


def _plain_verb_ok(scan: _Scan, k: int) -> bool:
    """No auxiliary: a present-tense action verb (not stative, a wish, a modal or a past form) with a
    habit phrase or a practice verb with its object."""
    words = scan.words
    verb = words[k]
    if verb in _NOT_ACTIONS or verb in _ADVERBS or verb in _LEADS or len(verb) < 2:
        if not (verb in ("do", "does") and k + 1 < len(words) and words[k + 1] in _FUNCTION_WORDS):
            return False
    if verb in ("remember", "forget") and (k + 1 >= len(words) or words[k + 1] != "to"):
        return False  # "I never remember to film" is a habit, "I remember what they said" is not
    if verb == "use" and k + 1 < len(words) and words[k + 1] == "to":
        return False  # "I use to tune with ..." is "used to": a past habit
    if verb == "plan" and k + 1 < len(words) and words[k + 1] in ("on", "to"):
        return False  # "I plan on buying another set" is a goal
    if verb == "share" and _OPINION.search(scan.clause, scan.tokens[k].end()):
        return False  # "I share another reviewer's opinion" is agreeing, not sharing posts
    if verb.endswith("ed") and verb not in _ED_BASE:
        return False
    if verb.endswith("s") and not verb.endswith("ss"):
        return False  # "I posts" is not English; "I" followed by a noun ("I/O", "we people")
    if verb in _FUNCTION_WORDS:
        return False
    return scan.habit(k) or _practice(verb, scan.clause[scan.tokens[k].end():])


#: -ing forms that say a state, a wish or an attempt, not something done.
_NOT_DOING = frozenset("""going thinking feeling wondering hoping trying planning looking struggling getting having being becoming
wanting needing waiting considering""".split())
#: "I'm always on the quest for better tone" is a wish, not where someone is.
_FIGURATIVE_ON = re.compile(r"^(?:a|the)\s+(?:quest|lookout|hunt|search|look|verge|fence|edge)\b")
_OPINION = re.compile(r"\b(?:opinion|opinions|view|views|concern|concerns|sentiment|feelings?|experience|frustration|pain)\b", re.I)
_FOR_SOMETHING = re.compile(r"\S\s+(?:for|to|with|on|in|as|across)\s+\S", re.I)


def _base(ing: str) -> str:
    """The practice verb of an -ing form ("using" -> "use", "blogging" -> "blog"), else the form itself."""
    stem = ing[:-3]
    for base in (stem, stem + "e", stem[:-1]):
        if base in PRACTICE_VERBS:
            return base
    return ing


def _adverb_ly(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word not in _LY_VERBS


_FUNCTION_WORDS = frozenset("""the a an to of in on at for with by from and or but my our your their his her its this that these
those it they them he she you me us him there here what who how why where when which if so as than then too very""".split())


#: Words after a practice verb that say nothing of what is used or done ("I don't really use it properly").
_EMPTY_OBJECTS = _FUNCTION_WORDS | frozenset("""properly much well enough really anymore any more now either too all lot lots
something stuff things thing one ones""".split())


def _practice(verb: str, rest: str) -> bool:
    if verb not in PRACTICE_VERBS or not any(w not in _EMPTY_OBJECTS for w in _words(rest)):
        return False
    place = _PLACE_VERBS.get(verb)
    return place is None or bool(place.match(rest))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` (:func:`sentence_spans`), each also cut at its line breaks."""
    out = []
    for a, b in sentence_spans(text):
        start = a
        for m in re.finditer(r"\n\s*", text[a:b]):
            if text[start:a + m.start()].strip():
                out.append((start, a + m.start()))
            start = a + m.end()
        if text[start:b].strip():
            out.append((start, b))
    return out


def behaviour_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that states a behaviour (:func:`behaviour_clause`)."""
    return [(a, b) for a, b in _line_spans(text) if behaviour_clause(text[a:b]) is not None]


def behaviour_sentences(text: str) -> list[str]:
    """The sentences of a statement that say what its speaker does, verbatim, in order."""
    return [text[a:b] for a, b in behaviour_spans(text)]


_SUBJECT_LEAD = re.compile(r"^(?:i|we)(?:['’](?:m|re|ve)|\s+(?:am|are|have))?\s+(?:been\s+)?(?=\S)", re.I)


def behaviour_label(sentence: str) -> str:
    """A behaviour in the member's words: its clause, cut like a need label, first person trimmed.

    "Honestly, I batch everything on Sundays, it saves me." -> "Batch everything on Sundays". A
    sentence that states no behaviour falls back to its need label.
    """
    span = behaviour_clause(sentence)
    if span is None:
        return need_label(sentence)
    text = need_label(sentence[span[0]:span[1]])
    trimmed = _SUBJECT_LEAD.sub("", text, count=1)
    if trimmed != text and word_count(trimmed) >= 2:
        text = trimmed
    return text[:1].upper() + text[1:]


# -- candidates and grouping ------------------------------------------------------------------------

#: Statements per task of :func:`behaviour_candidates`, and from how many the tasks run in workers.
TASK_TEXTS = 2000
PARALLEL_MIN_TEXTS = 4000


def _behaviour_sentences_task(_work: None, texts: Sequence[str]) -> list[list[tuple[str, str | None]]]:
    """Each text's behaviour sentences as ``(sentence, standalone quote or None)`` (a task)."""
    return [[(text[a:b].strip(), standalone(text, a, b)) for a, b in behaviour_spans(text)] for text in texts]


def behaviour_candidates(members: Sequence[str], rows: Mapping[str, Sequence[int]], texts: Sequence[str], themes: Sequence[int],
                         hidden_rows: set[int] | frozenset[int] = frozenset(), *, runtime: Runtime | None = None) -> list[Candidate]:
    """Every member's behaviour sentences as candidates of kind ``"behaviour"``, in member then row
    order; ``quote`` is the sentence as standalone evidence (:func:`standalone`) or None. The
    statements are read in tasks on ``runtime`` (default: this process; in its workers from
    :data:`PARALLEL_MIN_TEXTS` statements): the same candidates on every runtime."""
    wanted = [(pid, i) for pid in members for i in rows[pid] if i not in hidden_rows]
    chunks = [[texts[i] for _pid, i in wanted[start:start + TASK_TEXTS]] for start in range(0, len(wanted), TASK_TEXTS)]
    found = (runtime or Runtime.serial()).map(_behaviour_sentences_task, chunks, None, parallel=len(wanted) >= PARALLEL_MIN_TEXTS)
    out: list[Candidate] = []
    for (pid, i), sentences in zip(wanted, (s for part in found for s in part), strict=True):
        out.extend(Candidate(row=i, person=pid, kind=KIND, sentence=sentence, quote=quote, theme=int(themes[i]))
                   for sentence, quote in sentences)
    return out


#: A label whose object points back to an earlier sentence ("use it", "the list") is unreadable alone.
_REFERS_BACK = re.compile(r"\b(?:it|them|this|that|these|those|there)\b", re.I)


def group_behaviours(candidates: Sequence[Candidate], X: np.ndarray, rank_of: Mapping[str, int], min_support: int = 2, *,
                     small_talk: set[int] | frozenset[int] = frozenset(), max_behaviours: int = MAX_BEHAVIOURS,
                     threshold: float = BEHAVIOUR_SIMILARITY) -> list[Need]:
    """A persona's behaviours: its behaviour sentences grouped by meaning, most supported first.

    ``X``: one L2 row per candidate (:func:`personas.describe.needs.sentence_vectors`). Like a need,
    a behaviour has at least ``min_support`` distinct people and quotes from different people
    (:func:`personas.describe.needs._need`), two at least when ``min_support`` is 2 or more. Its label
    is :func:`behaviour_label` of its most central sentence, at least :data:`MIN_BEHAVIOUR_LABEL_WORDS`
    words. Candidates of other kinds are ignored; groups mostly in a small-talk theme are left out.
    Groups are :func:`personas.describe.needs.groups_by_meaning` at ``threshold``.
    """
    idx = [i for i, c in enumerate(candidates) if c.kind == KIND]
    found: list[Need] = []
    for group in groups_by_meaning(X[idx], threshold, [candidate_key(candidates[i]) for i in idx]) if idx else []:
        members = [idx[j] for j in group]
        need = _need(KIND, members, candidates, X, rank_of)
        if need is None or need.support < min_support or need.theme in small_talk:
            continue
        if len(need.evidence) < min(min_support, MIN_QUOTES):
            continue  # two people, but their sentences do not say the same thing
        label = behaviour_label(need.sentence)
        if word_count(label) < MIN_BEHAVIOUR_LABEL_WORDS or _REFERS_BACK.search(label):
            continue  # "Mostly use it for holiday photos": says nothing on its own
        need.label = label
        found.append(need)
    found.sort(key=lambda nd: (-nd.support, -len(nd.members), nd.label))
    return found[:max_behaviours]
