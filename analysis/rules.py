"""Rule data for the signal and channel matchers: plain data, no spaCy objects.

Kept apart from :mod:`analysis.components` so the rules can be read, reviewed and tested as
data. Every rule is ``(cue, specs, negatable)``: ``cue`` is the name reported in
:class:`analysis.features.Signal.cue`, ``specs`` are phrase specs (see :func:`expand`) that
become lowercase token sequences found on ``LOWER`` by :class:`analysis.phrase_index.PhraseIndex`
(what spaCy's ``PhraseMatcher`` finds, on token arrays; hash lookups, much faster than ``Matcher``
``IN`` predicates), and ``negatable`` means "do not fire when a
negation word stands in the two tokens before the match" (``"not difficult"``,
``"I don't want to"``).

Besides goals and pains (:func:`cue_rules` lists every rule with its kind):

* ``QUESTION_RULES``: indirect questions without ``?`` ("i want to know", "can you tell me", "tell me"
  at the start, ", how do i ..." after a comma); their span also cancels a goal cue that overlaps it
  ("i need to" of "i need to know"). "customers tell me that's why" asks nothing.
* ``QUESTION_OPENERS``: a sentence that *starts* with one is a question even without ``?`` ("how
  do i reset my pin", "can you help me"); up to three ``LEADERS`` ("so", "hi", ",") may stand before.
* ``GUARDS``: a question sentence that starts with one of these or with an opener states no goal
  ("Do you have any fees if I want to add money?", "If I want to…?").
* ``BLOCKS``: phrases that cancel a goal or pain cue starting inside them ("can't wait", "can't
  go wrong").
* A question is never a pain: pains are dropped from question sentences.
* Every phrase with a straight apostrophe also matches with a curly one (``’d``, ``n’t``).
"""

from __future__ import annotations

import itertools

#: A rule: (cue reported in Signal.cue, phrase specs, negatable).
Rule = tuple[str, list[str], bool]

_ADV = "[really|just|also|still|so|desperately|actually|truly]"


def expand(spec: str) -> list[list[str]]:
    """Expand a phrase spec into lowercase token sequences.

    Tokens are separated by spaces; ``a|b`` means either token; ``[a|b]`` means an optional
    token. ``"i|we [really] need to"`` -> ``i need to``, ``i really need to``, ``we need to`` ...
    """
    slots: list[list[str | None]] = []
    for part in spec.split():
        if part.startswith("[") and part.endswith("]"):
            slots.append([None, *part[1:-1].split("|")])
        else:
            slots.append(list(part.split("|")))
    out = []
    for combo in itertools.product(*slots):
        words = [w for w in combo if w is not None]
        if words:
            out.append(words)
            if any("'" in w for w in words):  # the same phrase typed with a curly apostrophe
                out.append([w.replace("'", "\u2019") for w in words])
    return out


GOAL_RULES: list[Rule] = [
    ("want to", [f"{_ADV} want|wants to", "wanna", f"i|we {_ADV} want a|an|some|more|my|our|people|customers|clients|someone|something",
                 "always wanted to", "have|'ve wanted to", f"i|we {_ADV} wanted to"], True),
    # a request of someone else: "i need for you to connect to my phone", "I want you to cancel it"
    ("want you to", [f"i|we {_ADV} need|want [for] you to", f"i|we 'd|would {_ADV} like [for] you to"], True),
    ("would love", [f"i|we 'd|would|d {_ADV} love", f"would {_ADV} love to|more|some"], True),
    ("would like to", [f"'d|would|d {_ADV} like to", f"i|we 'd|would|d {_ADV} like a|an|more|some|my|our"], True),
    ("hope to", ["hope|hoping|hopes to", "hope|hoping for"], True),
    ("would be great", ["would|'d be great|amazing|nice|lovely|brilliant|helpful|ideal to|if",
                        # a wish said as its outcome: "Canva templates that match my colours would be amazing."
                        "would|'d be amazing|incredible|huge", "would|'d be a dream|lifesaver|godsend",
                        "would|'d be a game changer", "would|'d be a game - changer",
                        f"i|we 'd|would {_ADV} be made up", f"i|we 'd|would {_ADV} be chuffed|thrilled|delighted",
                        f"i|we 'd|would {_ADV} be over the moon"], True),
    ("my goal", ["my|our goal|goals|aim|dream|ambition|mission|priority|focus", "goal|goals :|is|for", "aim|target :|is"], False),
    ("need to", [f"i|we {_ADV} need|needed to"], True),
    ("need", [f"i|we {_ADV} need|needed a|an|some|more|help|advice|someone|somebody|my|our|the|better"], True),
    ("aim to", ["aim|aiming|aims|plan|planning to", "aim|aiming for", "plan is", "planning on", "working towards|toward",
                f"i|we 'm|am|are|'re|was|were {_ADV} looking to"], True),
    ("looking to", ["looking to"], True),  # start of a sentence only (START_ONLY): "Looking to hire a VA"
    ("dream is", ["dream is|was|of"], False),
    ("trying to", ["trying|tryna|attempting to"], True),
    ("looking for", [f"i|we 'm|am|are|'re {_ADV} looking for"], True),
    ("i wish", [f"i|we {_ADV} wish"], True),
]

PAIN_RULES: list[Rule] = [
    ("struggle", ["struggle|struggles|struggling|struggled"], True),
    ("frustrated", ["frustrated|frustration"], True),
    ("frustrating", ["frustrating"], True),
    ("can't", ["ca|can n't|nt|not"], False),
    ("too expensive", ["too expensive|pricey|costly|much|complicated|slow|hard|difficult|long"], True),
    ("overwhelmed", ["overwhelmed"], True),
    ("overwhelming", ["overwhelming"], True),
    ("waste of time", ["waste|wasting|wasted [of|my|so|a] [much|lot|of|my] time|money|hours"], True),
    ("hard to", ["hard|tough|impossible to"], True),
    ("difficult", ["difficult|difficulty|difficulties"], True),
    ("confusing", ["confusing|confused|confusion"], True),
    ("no time", ["no time", "not enough time", "never have time", "lack of time", "do|did n't|not have [the|enough] time"], False),
    ("stuck", ["stuck"], True),
    ("hate", ["hate|hated|hates|hating"], True),
    ("annoying", ["annoying|annoyed|annoys"], True),
    ("burnt out", ["burnt|burned [-] out", "burnout"], True),
    ("tired of", ["tired|sick of", "fed up"], True),
    ("worried", ["worried|worry|worries|anxious|stressed|stressful"], True),
    ("disappointed", ["disappointed|disappointing"], True),
    ("doesn't work", ["does|did|do|is|was n't|not work|working"], False),
    # "issue" only where it means a problem: not "newsletter issue 6", "this issue" of an album
    ("problem", ["problem|problems", "issue|issues with", "an|the|my|our|biggest|main|big|real|same|any|some|major|having|had|have|has issue|issues"], True),
    ("wrong", ["is|'s|was|went|goes|gone|going|doing|something|got|been wrong", "the wrong"], True),
    ("error", ["error|errors|fault|faulty|glitch|glitches|bug|bugs"], True),
    ("failed", ["failed|failing|fails|declined|rejected|reverted|bounced"], True),
    ("don't know how", ["do|did n't|not [even|really] know how|what|where|whether|why", "no idea how|what|where|whether|why",
                        "not sure how|what|where|whether|why"], False),
    ("stopped working", ["stopped working|loading|showing"], True),
    ("lack of", ["lack|lacks|lacking"], True),
    ("complaint", ["complaint|complaints|criticism|criticisms|gripe|gripes|downside|downsides|drawback|drawbacks"], True),
    ("awkward", ["awkward|embarrassing|embarrassed|guilty|imposter|cringe|cringey|cringing|overpriced"], True),
    ("scared", ["scared|afraid|terrified|nervous|dreading"], True),
    ("shame", ["shame|pity"], True),
    ("unhappy", ["unhappy|upset|fuming|gutted|miserable|rubbish|awful|terrible|horrible|useless|dreadful"], True),
    ("not happy", ["not|n't happy"], False),
    ("never again", ["never again"], False),
    ("never get round", ["never get|got|getting round|around to"], False),
    ("going up", ["keep|keeps|kept going|go up", "went|go|going|gone up again",
                  "cost|costs|price|prices|fees|rent|rates|cpm|cpms|cpc|cpcs go|going|went|gone|keep up"], False),
    ("dropped", ["dropped|dropping off", "drying|dried up", "tanked|plummeted", "killed our|my|the"], True),
    ("still waiting", ["still [is|'s] pending", "still waiting", "been waiting"], True),
    ("hit and miss", ["hit and|or miss", "no luck"], False),
    # idioms of a hard time: "it's feast or famine", "abandoned carts are killing me", "costs are through the roof"
    ("feast or famine", ["feast or|and famine", "nightmare|nightmares", "killing me|us", "is|are killing", "through the roof",
                         "sky high", "sky - high", "skyrocketed|skyrocketing|soaring", "drowning in", "headache|headaches",
                         "at the mercy of", "eats|eating|ate into", "the last thing i|we want|need"], True),
    # a state that holds someone back: "I'm camera-shy", "I freeze", "I compare myself to ..."
    ("camera-shy", ["shy", "exhausted|knackered|drained|demoralised|demoralized|disheartening|discouraging|daunting|intimidating|intimidated",
                    "i|we freeze|froze", "out of my|our depth", "compare myself|ourselves", "lonely|isolating"], True),
    # something done to them: "Our Google Business Profile was suspended for no reason", "Someone copied my designs"
    ("suspended", ["suspended|banned|hacked|scammed|scam", "ripped off", "rip - off", "copied|copying|copies my|our", "copycat|copycats",
                   "stole|stolen", "steal|stealing my|our", "for no reason"], True),
    # nothing came of it: "not one person mentioned it", "zero sales"
    ("not one", ["not one person|customer|client|sale|booking|enquiry|order|like|reply|comment", "not a single person|customer|client|sale|booking|enquiry|order|like|reply|comment",
                 "zero|no sales|enquiries|bookings|orders|engagement|replies|response|responses"], False),
    ("inconsistent", ["inconsistent|inconsistency", "not|n't consistent"], False),
    # sources that disagree: "Shopify, GA4, Meta, Klaviyo all say something different."
    ("disagree", ["say|says|tell|tells|show|shows something|anything different", "all say|tell|show different",
                  "contradict|contradicts|contradicting|contradictory|conflicting", "do|does|did n't|not|never match",
                  "do|does|did n't|not|never add up"], False),
]

#: Goal / pain cues that count only at the start of a sentence (after at most three LEADERS).
START_ONLY = frozenset({"goal:looking to", "question:tell me (start)"})

_WH = "what|how|why|where|when|which|who"
_AUX = "do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|am|may|'s|'re"
#: "Which is lovely, but ..." / "Which was great." open a relative clause in speech, not a question: "which"
#: opens a question before other auxiliaries ("which do you use") and anywhere with "?".
_WH_OPEN = "what|how|why|where|when|who"
_AUX_NOT_BE = "do|does|did|can|could|would|will|should|shall|may"
_WHO = "i|you|we|it|there|anyone|anybody|someone|somebody|they|he|she|this|that|these|those|my|your|our"

#: Indirect questions (anywhere in a sentence): the sentence asks something without "?".
QUESTION_RULES: list[Rule] = [
    ("want to know", ["want|wanted|need|needed|like to know", "want|wanted|need|needed|like to find out", "i|we wonder|wondered if|whether|how|what|why|where|when|which|who",
                      "was|am|'m wondering"], True),
    # a request: "please tell me", "can you tell me", "let me know"; not "customers tell me that's why"
    ("tell me", ["please tell|show me", "you to tell|show me", "can|could|would|will you|someone|anyone|somebody|anybody [please] tell|show me", "let me know"], True),
    ("tell me (start)", ["tell|show me"], True),  # at the start of a sentence only (START_ONLY)
    # a question clause after a comma: "i need a w2 form, how do i get one"
    ("wh- clause", [f", {_WH} do|does|can|could|should|would i|we|you"], False),
]

#: Openers that make a sentence a question when it starts with them (START of sentence only).
QUESTION_OPENERS: list[Rule] = [
    ("wh-", [f"{_WH_OPEN} {_AUX}", f"which {_AUX_NOT_BE}", f"{_WH} n't|not",
             "how many|much|long|often|far|good|soon|well|big|old", "what|which kind|sort|type|time|day|else|one|ones"], False),
    ("aux-", [f"{_AUX} {_WHO}", f"ca|do|does|is|are|wo|did|should|would|could n't {_WHO}"], False),
    ("anyone", ["anyone|anybody else|know|tried|have|got|here|using|used|use|recommend|able"], False),
    ("any tips", ["any tips|advice|ideas|recommendations|suggestions|thoughts"], False),
]

#: Start-of-sentence words after which a question sentence states no goal.
GUARDS: list[Rule] = [("if", ["if|whether"], False)]

#: Phrases that cancel a goal or pain cue starting inside them.
BLOCKS: list[Rule] = [
    ("not a pain", ["ca|can n't|nt|not wait|beat|complain|recommend|fault|stop|praise", "ca|can n't|nt|not say enough",
                    "ca|can n't|nt|not go wrong", "ca|can n't|nt|not get enough", "ca|can n't|nt|not believe how",
                    # nothing to worry about: "I don't have to worry about them being perfect"
                    "n't|not have|need to worry|stress", "no need to worry|stress", "nothing to worry",
                    # others' wish, not the speaker's: "reels of the shop being busy make people want to come"
                    "make|makes|made|making people|customers|them|everyone want|wants",
                    # praise: "hard to beat strings", "the one pedal I can't do without", "never had any problems"
                    "hard|impossible|tough to beat|fault|top", "ca|can n't|nt|not do|live|be without", "is|are|was|were killing it",
                    "never|n't had|have|has any|a problem|problems|issue|issues",
                    # a thing put somewhere: "I printed the list and stuck it on my fridge"
                    "stuck it|them|one on|up|to|in"], False),
]

#: Tokens that may stand before a sentence's first real word ("So, how do I…", "Hi all, can you…").
LEADERS = frozenset({"so", "and", "but", "also", "hi", "hey", "hello", "ok", "okay", "well", "oh", "honestly", "quick", "question",
                     "all", "everyone", "guys", "please", "sorry", ",", ":", "-", "–", "—", "...", "…"})


def cue_rules() -> list[tuple[str, str, list[str], bool]]:
    """Every cue rule as (kind, cue, specs, negatable); kind is goal, pain, question (anywhere),
    opener (question at the start), guard or block. One key ``f"{kind}:{cue}"`` each."""
    groups = (("goal", GOAL_RULES), ("pain", PAIN_RULES), ("question", QUESTION_RULES), ("opener", QUESTION_OPENERS),
              ("guard", GUARDS), ("block", BLOCKS))
    return [(kind, cue, specs, negatable) for kind, rule_list in groups for cue, specs, negatable in rule_list]

#: Tokens that cancel a negatable cue when they stand in the two tokens before it.
NEGATIONS = frozenset({"not", "n't", "n\u2019t", "nt", "never", "no", "hardly", "without", "nothing", "zero", "nobody", "noone"})
#: Negations that reach three tokens back instead of two ("without it being awkward").
FAR_NEGATIONS = frozenset({"without"})

#: Canonical channel name -> phrase variants (matched case-insensitively, token by token).
CHANNELS: dict[str, list[str]] = {
    "Facebook": ["facebook", "fb", "facebook group", "facebook groups", "facebook ads", "messenger"],
    "Instagram": ["instagram", "insta", "ig", "instagram reels", "insta stories"],
    "TikTok": ["tiktok", "tik tok", "tik-tok", "tiktoks"],
    "LinkedIn": ["linkedin", "linked in"],
    "YouTube": ["youtube", "you tube", "youtuber", "youtubers"],
    "Pinterest": ["pinterest"],
    "X/Twitter": ["twitter", "tweet", "tweets", "tweeting", "x.com"],
    "Email/newsletter": ["email", "emails", "e-mail", "e-mails", "newsletter", "newsletters", "mailing list", "email list", "mailchimp", "substack"],
    "Website": ["website", "websites", "web site", "my site", "our site", "landing page", "webshop", "web shop", "online shop", "shopify"],
    "Google": ["google", "google business", "google business profile", "google maps", "google reviews", "google ads", "seo"],
    "Podcasts": ["podcast", "podcasts", "podcasting"],
    "Word of mouth": ["word of mouth", "word-of-mouth", "referral", "referrals", "recommended me", "recommend me"],
    "WhatsApp": ["whatsapp", "whats app", "whatsapp group"],
    "Etsy": ["etsy"],
    "Events": ["event", "events", "trade show", "trade shows", "craft fair", "craft fairs", "meetup", "meetups", "conference", "conferences", "market stall", "expo", "expos"],
}

#: Case-sensitive channel phrases the lowercase list cannot express ("on X" but not "on x").
CHANNEL_CASED: dict[str, list[str]] = {
    "X/Twitter": ["on|On|via|Via|and|or X"],
}
