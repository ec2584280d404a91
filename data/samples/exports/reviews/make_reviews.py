#!/usr/bin/env python3
"""Regenerate the review and comment export fixtures in this folder.

Fictional scenario: Tillpoint, an invoicing, stock and bookings app for small businesses (the
same invented company as the survey fixtures), and Lanternfall, an invented indie game. Every
reviewer, handle, id and message is invented. Each file follows the documented export of its
source:

- ``google_play_reviews.csv``: google-play-scraper's review dicts written by pandas
  (reviewId, userName, userImage, content, score, thumbsUpCount, reviewCreatedVersion, at,
  replyContent, repliedAt, appVersion). Most reviewers are "A Google user" (Google's placeholder
  for people without a public profile); some texts keep HTML entities (``&#39;``) as scraped.
- ``app_store_reviews.csv``: app-store-scraper's review dicts written by pandas (date, review,
  rating, isEdited, userName, title, developerResponse as a dict string). A default nickname
  ("Apple Customer") holds an implausible share of the file.
- ``steam_reviews.csv``: Steam's ``appreviews`` JSON flattened by ``pandas.json_normalize``
  (recommendationid, author.steamid, ..., review, voted_up, ...). The file was opened and saved in
  Excel, so some 17-digit steamids read ``7.65612E+16``.
- ``reddit_comments.jsonl``: Pushshift-style comment objects (id, author, body, created_utc,
  subreddit, score, link_id, parent_id, author_fullname, permalink), with ``[deleted]`` authors and
  ``[removed]`` / ``[deleted]`` bodies.
- ``youtube_comments.csv``: YouTube Data API comment snippets flattened (commentId, parentId,
  channelId, videoId, authorDisplayName, authorChannelId, textDisplay, textOriginal, likeCount,
  publishedAt, updatedAt); the channel owner answers comments.
- ``support_tweets.csv``: the Kaggle "Customer Support on Twitter" layout (tweet_id, author_id,
  inbound, created_at, text, response_tweet_id, in_response_to_tweet_id): anonymised numeric
  customer ids, two brand accounts replying.
- ``reviews_text_only.csv``: one column of review text, no author.

``tests/ingest/review_exports_truth.json`` is the answer key, one entry per file: every statement the reader must make
(location, speaker or ``null`` for an anonymous author, text as a person wrote it) and what must
be left out. Deterministic: running it again gives identical files.

    python data/samples/exports/reviews/make_reviews.py
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import random
import re
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------- what people say

APP_GOOD = [
    "Invoicing from my phone on site has saved me hours every week.",
    "The stock count finally matches what is on my shelves.",
    "Card payments at the market just work, even on a weak signal.",
    "Booking reminders cut my no-shows in half.",
    "Quotes turn into invoices with one tap, which is all I wanted.",
    "The weekly takings report is clear enough for my accountant.",
    "Setting up my price list took ten minutes.",
    "I like that it keeps working offline and syncs later.",
    "Support answered my question within an hour.",
    "Receipts go straight to customers by email, no more paper.",
]
APP_BAD = [
    "It logs me out every few days and I lose the basket I was building.",
    "Sync with my online shop doubles the stock after a busy weekend.",
    "The card reader drops the connection in the middle of a sale.",
    "Since the last update the app takes ages to open.",
    "I can't export invoices to my accounting software without paying more.",
    "Reports don't show profit per market after pitch fees.",
    "The calendar won't let me block out lunch breaks.",
    "Adding a product variant is fiddly on a small screen.",
    "It charged my customer twice and refunds took a week.",
    "Notifications arrive hours late, so I miss new bookings.",
]
APP_WISH = [
    "Please add a dark mode for late-night bookkeeping.",
    "I'd love a simple profit view per event.",
    "A widget for today's bookings would be great.",
    "Let me split a payment between cash and card.",
    "Please let two staff log in on the same account.",
    "Tipping at checkout would help my salon a lot.",
    "An option to send invoice reminders automatically, please.",
    "Bulk editing prices before the Christmas markets would save me an evening.",
]
SHORT = ["Great app", "Love it", "Works well", "Useless", "Good"]

GAME_GOOD = [
    "The lantern mechanic is clever and the puzzles never feel unfair.",
    "Gorgeous hand-drawn levels and a soundtrack I still hum.",
    "Co-op with my partner was the most fun we've had this year.",
    "Runs smoothly on my old laptop and on the Steam Deck.",
    "The story hits harder than I expected from a puzzle game.",
    "Boss fights are tense without being cheap.",
]
GAME_BAD = [
    "Crashes on the third chapter every time I load my save.",
    "Controller support is broken, the menus ignore the d-pad.",
    "Far too short for the price, I finished it in four hours.",
    "The last puzzle is pure trial and error.",
    "Frame rate tanks in the flooded caves.",
    "No way to remap keys, which hurts on an AZERTY keyboard.",
]
GAME_WISH = [
    "I'd pay for a level editor.",
    "Please add a hint system for the later chapters.",
    "A photo mode would be lovely.",
    "Hoping for more languages soon.",
]

FIRST = ["Marta", "Tomasz", "Aoife", "Jonah", "Priti", "Keanu", "Lena", "Osman", "Bea", "Callum", "Dina", "Emeka", "Fern", "Gus",
         "Hana", "Ivo", "Jess", "Kofi", "Lior", "Mina", "Nils", "Orla", "Pavel", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Vik",
         "Wren", "Xavi", "Yara", "Zane", "Ada", "Bram", "Cleo", "Dev", "Elin", "Finn", "Greta", "Hugo", "Isla", "Joss", "Kai"]
LAST = ["Kowalczyk", "Brennan", "Achterberg", "Mistry", "Halloran", "Oduya", "Vasquez", "Lindqvist", "Tanaka", "Moreau",
        "Petrov", "Quayle", "Reyes", "Sokolova", "Thorne", "Umarov", "Varga", "Whitlock", "Yilmaz", "Zeller"]


def review_text(rng: random.Random, good: list[str], bad: list[str], wish: list[str], used: set[str]) -> str:
    """A review of one to three sentences, never one already written by someone else."""
    while True:
        parts = [rng.choice(good if rng.random() < 0.55 else bad)]
        if rng.random() < 0.7:
            parts.append(rng.choice(bad if parts[0] in good else good))
        if rng.random() < 0.5:
            parts.append(rng.choice(wish))
        text = " ".join(parts)
        if text not in used:
            used.add(text)
            return text


def names(rng: random.Random, count: int) -> list[str]:
    """``count`` different full names."""
    out: list[str] = []
    while len(out) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in out:
            out.append(name)
    return out


def write_csv(path: Path, rows: list[list[object]], *, bom: bool = False, newline: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))


#: The answer key lives next to the tests, so this folder holds only exports (it can be given to ``personas build`` as is).
TRUTH = OUT.parents[3] / "tests" / "ingest" / "review_exports_truth.json"
TRUTHS: dict[str, dict] = {}


def write_truth(path: Path, truth: dict) -> None:
    TRUTHS[path.name] = truth


def save_truths() -> None:
    TRUTH.write_text(json.dumps(TRUTHS, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def statement(location: str, speaker: str | None, text: str) -> dict:
    """One statement the reader must make; ``speaker`` None means an anonymous stand-in."""
    return {"location": location, "speaker": speaker, "anonymous": speaker is None, "text": text}


def stamp(rng: random.Random, start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(days * 86400))


# ---------------------------------------------------------------------------- Google Play


def google_play() -> None:
    rng = random.Random(11)
    used: set[str] = set()
    people = names(rng, 70)
    rows: list[list[object]] = [["reviewId", "userName", "userImage", "content", "score", "thumbsUpCount", "reviewCreatedVersion", "at", "replyContent", "repliedAt", "appVersion"]]
    truth: list[dict] = []
    duplicates: list[str] = []
    placeholder = 0
    start = dt.datetime(2025, 9, 1)
    plan: list[tuple[str, str]] = []  # (author, text)
    for i in range(54):  # named reviewers: most write once
        plan.append((people[i], review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)))
    for i in range(3):  # three write twice (an update of their review)
        plan.append((people[i], review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)))
    for _ in range(48):  # people without a public profile
        plan.append(("A Google user", review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)))
    for text in ("Great app", "Great app", "Great app", "Love it", "Love it"):  # identical short reviews by different people
        plan.append(("A Google user", text))
    plan.append((people[60], "Good"))
    rng.shuffle(plan)
    # the same person's review scraped twice (same text, new reviewId): dropped as a repeat
    repeat_at = next(i for i in range(30, len(plan)) if plan[i][0] != "A Google user")
    plan.insert(repeat_at + 1, plan[repeat_at])
    first_seen: dict[tuple[str, str], str] = {}
    for number, (author, text) in enumerate(plan, start=2):
        at = stamp(rng, start, 120)
        shown = html.escape(text, quote=True).replace("&#x27;", "&#39;") if "'" in text and rng.random() < 0.7 else text
        reply, replied = "", ""
        if rng.random() < 0.25:
            reply = "Thanks for the feedback! Please write to help@tillpoint.example and we'll look into it."
            replied = (at + dt.timedelta(hours=rng.randrange(2, 72))).strftime("%Y-%m-%d %H:%M:%S")
        version = rng.choice(["4.12.0", "4.12.1", "4.13.0", ""])
        image = "https://play-lh.googleusercontent.com/a/default-user=mo" if author == "A Google user" else f"https://play-lh.googleusercontent.com/a-/ALV-{uuid.UUID(int=rng.getrandbits(128)).hex[:20]}"
        rows.append([str(uuid.UUID(int=rng.getrandbits(128))), author, image, shown, rng.randint(1, 5), rng.choice([0, 0, 0, 1, 2, 5, 14]), version,
                     at.strftime("%Y-%m-%d %H:%M:%S"), reply, replied, version])
        key = (author, text)
        if author != "A Google user" and key in first_seen:
            duplicates.append(f"row {number}")
            continue
        first_seen[key] = f"row {number}"
        placeholder += author == "A Google user"
        truth.append(statement(f"row {number}", None if author == "A Google user" else author, text))
    path = OUT / "google_play_reviews.csv"
    write_csv(path, rows)
    write_truth(path, {"format": "Google Play (google-play-scraper via pandas)", "text_column": "content", "person_column": "userName",
                       "date_column": "at", "statements": truth, "duplicates": duplicates, "placeholders": {"A Google user": placeholder},
                       "mangled": 0, "share": {}, "company": {}})


# ---------------------------------------------------------------------------- App Store


def app_store() -> None:
    rng = random.Random(12)
    used: set[str] = set()
    handles = [f"{n.split()[0].lower()}{rng.choice(['', '_', '.'])}{rng.randint(1, 99)}" for n in names(rng, 60)]
    handles = list({re.sub(r"[._]", "", h): h for h in handles}.values())  # "finn_4" and "finn.4" would be one person
    rows: list[list[object]] = [["date", "review", "rating", "isEdited", "userName", "title", "developerResponse"]]
    truth: list[dict] = []
    plan = [(handles[i], review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)) for i in range(44)]
    plan += [(handles[i], review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)) for i in range(2)]
    plan += [("Apple Customer", review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)) for _ in range(26)]
    rng.shuffle(plan)
    share = 0
    for number, (author, text) in enumerate(plan, start=2):
        when = stamp(rng, dt.datetime(2025, 6, 1), 200)
        title = rng.choice(["Nearly perfect", "Frustrating", "Does the job", "Needs work", "Lifesaver", "Please fix sync", "Solid"])
        response = ""
        if rng.random() < 0.2:
            response = repr({"id": rng.randint(10**7, 10**8), "body": "Hi, thanks for the review! Our team would love to help: tap Settings > Support.", "modified": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
        rows.append([when.strftime("%Y-%m-%d %H:%M:%S"), text, rng.randint(1, 5), rng.choice(["False", "False", "True"]), author, title, response])
        share += author == "Apple Customer"
        truth.append(statement(f"row {number}", None if author == "Apple Customer" else author, text))
    path = OUT / "app_store_reviews.csv"
    write_csv(path, rows)
    write_truth(path, {"format": "App Store (app-store-scraper via pandas)", "text_column": "review", "person_column": "userName",
                       "date_column": "date", "statements": truth, "duplicates": [], "placeholders": {}, "mangled": 0,
                       "share": {"Apple Customer": share}, "company": {}})


# ---------------------------------------------------------------------------- Steam


def steam() -> None:
    rng = random.Random(13)
    used: set[str] = set()
    header = ["recommendationid", "language", "review", "timestamp_created", "timestamp_updated", "voted_up", "votes_up", "votes_funny",
              "weighted_vote_score", "comment_count", "steam_purchase", "received_for_free", "written_during_early_access",
              "author.steamid", "author.num_games_owned", "author.num_reviews", "author.playtime_forever",
              "author.playtime_last_two_weeks", "author.playtime_at_review", "author.last_played"]
    rows: list[list[object]] = [header]
    truth: list[dict] = []
    mangled = 0
    ids: set[int] = set()
    for number in range(2, 2 + 84):
        steamid = 76561197960265728 + rng.randrange(10**9)
        while steamid in ids:
            steamid += 1
        ids.add(steamid)
        text = review_text(rng, GAME_GOOD, GAME_BAD, GAME_WISH, used)
        excel = number % 3 == 0  # these rows went through Excel, which shows 17 digits as 7.65612E+16
        author = "7.65612E+16" if excel else str(steamid)
        created = int(stamp(rng, dt.datetime(2025, 2, 1), 300).replace(tzinfo=dt.timezone.utc).timestamp())
        played = rng.randrange(30, 6000)
        rows.append([str(150_000_000 + number * 7919), "english", text, created, created + rng.choice([0, 0, 3600 * 24]), rng.choice(["True", "True", "False"]),
                     rng.randrange(0, 40), rng.randrange(0, 5), f"{rng.random():.18f}" if rng.random() < 0.6 else "0",
                     rng.randrange(0, 3), "True", "False", "False", author, rng.randrange(1, 900), rng.randrange(1, 60), played,
                     rng.choice([0, 0, 35]), played - rng.randrange(0, 30), created + 86400])
        mangled += excel
        truth.append(statement(f"row {number}", None if excel else author, text))
    path = OUT / "steam_reviews.csv"
    write_csv(path, rows, newline="\r\n")  # saved by Excel: CRLF
    write_truth(path, {"format": "Steam appreviews JSON flattened by pandas.json_normalize, saved by Excel", "text_column": "review",
                       "person_column": "author.steamid", "date_column": "timestamp_created", "statements": truth, "duplicates": [],
                       "placeholders": {}, "mangled": mangled, "share": {}, "company": {}})


# ---------------------------------------------------------------------------- Reddit


def reddit() -> None:
    rng = random.Random(14)
    used: set[str] = set()
    users = ["bakery_bex", "stallholder_sam", "quietgeek", "invoice_ivy", "mobile_mechanic_mo", "candle_corner", "tradesman_tom",
             "pitchfee_pete", "soapsmith", "dogwalker_dee", "salonsuzie", "vanlife_vendor", "mugsbymia", "plumbpaul", "floristfern",
             "bookkeeper_bo", "craftfair_kat", "tiling_tim", "markets_mel", "coffee_cart_cal", "hairbyhana", "jam_jars_jo",
             "sparky_steve", "nailsbynell", "printshop_pri", "yarn_yasmin", "barber_ben", "cakes_by_cleo", "framer_fin",
             "window_wren", "potter_pavel", "tees_by_tess", "garden_gus", "vintage_vik", "detailer_dev", "stitch_sami",
             "bagel_bram", "ironing_isla"]
    post = "t3_1h8kq2x"
    lines: list[str] = []
    truth: list[dict] = []
    removed: list[str] = []
    placeholder = 0
    written: list[tuple[str, str]] = []  # (comment id, author)
    when = dt.datetime(2025, 11, 3, 18, 0, tzinfo=dt.timezone.utc)
    plan: list[str] = [u for u in users]  # everyone writes once ...
    plan += ["bakery_bex", "stallholder_sam", "invoice_ivy", "candle_corner", "bakery_bex", "soapsmith", "markets_mel"]  # ... some more
    plan += ["quietgeek"] * 7  # a regular who mostly replies: not a company account
    plan += ["[deleted]"] * 9
    rng.shuffle(plan)
    for number, author in enumerate(plan, start=1):
        cid = f"m{rng.randrange(36**5):07x}"[:7]
        if author == "quietgeek" or (written and rng.random() < 0.45):
            targets = [w for w in written if w[1] != author] or written
            parent = "t1_" + rng.choice(targets[-12:])[0] if targets else post
        else:
            parent = post
        when += dt.timedelta(minutes=rng.randrange(1, 90))
        body = review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)
        state = "kept"
        if author == "[deleted]" and rng.random() < 0.45:
            body, state = rng.choice(["[deleted]", "[removed]"]), "gone"
        elif author != "[deleted]" and number % 17 == 0:
            body, state = "[removed]", "gone"  # removed by a moderator: author kept, words gone
        record = {"id": cid, "author": author, "author_fullname": "" if author == "[deleted]" else f"t2_{rng.randrange(36**8):x}",
                  "body": body, "created_utc": int(when.timestamp()), "subreddit": "smallbusiness", "score": rng.randrange(-2, 60),
                  "link_id": post, "parent_id": parent, "permalink": f"/r/smallbusiness/comments/1h8kq2x/which_pos_app/{cid}/",
                  "author_flair_text": None, "distinguished": None}
        lines.append(json.dumps(record, ensure_ascii=False))
        written.append((cid, author))
        if state == "gone":
            removed.append(f"line {number}")
            continue
        placeholder += author == "[deleted]"
        truth.append(statement(f"line {number}", None if author == "[deleted]" else author, body))
    path = OUT / "reddit_comments.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_truth(path, {"format": "Reddit comments (Pushshift-style JSON lines)", "text_column": "body", "person_column": "author",
                       "date_column": "created_utc", "statements": truth, "duplicates": [], "removed_text": removed,
                       "placeholders": {"[deleted]": placeholder}, "mangled": 0, "share": {}, "company": {}})


# ---------------------------------------------------------------------------- YouTube


def youtube() -> None:
    rng = random.Random(15)
    used: set[str] = set()
    channel = "UCt1llp0intHQx9vRk2mA0bQ"
    video = "dQ7tIllPnt0"
    viewers = [f"@{n.replace(' ', '').lower()}{rng.randint(1, 999)}" for n in names(rng, 48)]
    header = ["commentId", "parentId", "channelId", "videoId", "authorDisplayName", "authorChannelId", "textDisplay", "textOriginal",
              "likeCount", "publishedAt", "updatedAt"]
    rows: list[list[object]] = [header]
    truth: list[dict] = []
    company = 0
    tops: list[tuple[str, str]] = []
    when = dt.datetime(2025, 10, 2, 9, 0)
    plan = viewers + viewers[:6]
    rng.shuffle(plan)
    owner_replies = {10, 14, 19, 23, 27, 31, 36, 40, 44, 49}
    sequence: list[str] = []
    for i, viewer in enumerate(plan):
        sequence.append(viewer)
        if i in owner_replies:
            sequence.append("@TillpointApp")
    for number, author in enumerate(sequence, start=2):
        cid = "Ugz" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") for _ in range(19)) + "4AaABAg"
        when += dt.timedelta(minutes=rng.randrange(3, 300))
        owner = author == "@TillpointApp"
        if owner:
            target = tops[-1]
            parent = target[0]
            text = f"{target[1]} thanks for watching! We're on it, and the fix ships in the next update."
            cid = f"{parent}.{rng.getrandbits(40):x}"
        else:
            parent = ""
            text = review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used)
            tops.append((cid, author))
        display = html.escape(text, quote=True).replace("&#x27;", "&#39;")
        author_channel = channel if owner else "UC" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") for _ in range(22))
        stamp_ = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append([cid, parent, channel, video, author, author_channel, display, text, rng.choice([0, 0, 1, 3, 12]), stamp_, stamp_])
        if owner:
            company += 1
            continue
        truth.append(statement(f"row {number}", author, text))
    path = OUT / "youtube_comments.csv"
    write_csv(path, rows, bom=True)
    write_truth(path, {"format": "YouTube Data API comments (snippet fields, flattened)", "text_column": "textOriginal",
                       "person_column": "authorDisplayName", "date_column": "publishedAt", "statements": truth, "duplicates": [],
                       "placeholders": {}, "mangled": 0, "share": {}, "company": {"@TillpointApp": company}})


# ---------------------------------------------------------------------------- support tweets


CUSTOMER_OPEN = [
    "my card reader keeps disconnecting mid-sale, three customers walked off today",
    "why does sync double my stock every Monday?? fix it please",
    "I was charged twice for my subscription this month",
    "the app logs me out every morning, I have to reset my password constantly",
    "can I export invoices to my accountant's software yet?",
    "bookings from last night never showed up in the calendar",
    "my parcel has been 'out for delivery' for four days now",
    "the courier left my stock at the wrong address again",
    "tracking says delivered but nothing arrived at the shop",
    "how do I change the collection time for tomorrow's pickup?",
]
CUSTOMER_FOLLOW = ["thanks, that worked!", "still happening after the update", "DM sent", "ok I'll try that tonight",
                   "it's been a week and nobody has replied", "brilliant, sorted"]
BRAND_REPLY = {
    "TillpointHelp": ["Sorry about that! Could you DM us your account email so we can take a look? ^AK",
                      "That shouldn't happen. Please update to 4.13 and restart the reader; DM us if it persists. ^RB",
                      "Thanks for flagging this, we've passed it to the team. We'll DM you as soon as we know more. ^AK"],
    "ParcelHopCares": ["We're sorry your parcel is late. Please DM us the tracking number and we'll chase it. ^LM",
                       "Thanks for letting us know. Could you DM us the address and tracking number? ^JS",
                       "Apologies for the trouble, we've raised this with the depot. ^LM"],
}


def support_tweets() -> None:
    rng = random.Random(16)
    header = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"]
    tweets: list[dict] = []
    next_id = [1]

    def tweet(author: str, inbound: bool, text: str, when: dt.datetime, parent: dict | None) -> dict:
        record = {"tweet_id": next_id[0], "author_id": author, "inbound": inbound, "when": when, "text": text, "children": [],
                  "parent": parent["tweet_id"] if parent else None}
        next_id[0] += 1
        if parent:
            parent["children"].append(record["tweet_id"])
        tweets.append(record)
        return record

    when = dt.datetime(2017, 10, 31, 8, 0, tzinfo=dt.timezone.utc)
    customers = [str(v) for v in rng.sample(range(115700, 830000), 42)]
    for i, customer in enumerate(customers):
        brand = "TillpointHelp" if i % 2 == 0 else "ParcelHopCares"
        pool = CUSTOMER_OPEN[:6] if brand == "TillpointHelp" else CUSTOMER_OPEN[6:]
        when += dt.timedelta(minutes=rng.randrange(5, 120))
        first = tweet(customer, True, f"@{brand} {rng.choice(pool)}", when, None)
        reply = tweet(brand, False, f"@{customer} {rng.choice(BRAND_REPLY[brand])}", when + dt.timedelta(minutes=rng.randrange(2, 40)), first)
        if rng.random() < 0.4:
            follow = tweet(customer, True, f"@{brand} {rng.choice(CUSTOMER_FOLLOW)}", when + dt.timedelta(minutes=rng.randrange(45, 90)), reply)
            tweet(brand, False, f"@{customer} Glad to help, and thanks for your patience! ^{rng.choice(['AK', 'LM'])}", when + dt.timedelta(minutes=rng.randrange(95, 140)), follow)
    rows: list[list[object]] = [header]
    truth: list[dict] = []
    company: dict[str, int] = {}
    for number, t in enumerate(tweets, start=2):
        rows.append([t["tweet_id"], t["author_id"], str(t["inbound"]), t["when"].strftime("%a %b %d %H:%M:%S +0000 %Y"), t["text"],
                     ",".join(str(c) for c in t["children"]), f"{t['parent']}.0" if t["parent"] else ""])
        if not t["inbound"]:
            company[t["author_id"]] = company.get(t["author_id"], 0) + 1
            continue
        truth.append(statement(f"row {number}", t["author_id"], t["text"]))
    path = OUT / "support_tweets.csv"
    write_csv(path, rows)
    write_truth(path, {"format": "Customer Support on Twitter (twcs.csv layout)", "text_column": "text", "person_column": "author_id",
                       "date_column": "created_at", "statements": truth, "duplicates": [], "placeholders": {}, "mangled": 0,
                       "share": {}, "company": company})


# ---------------------------------------------------------------------------- text only


def text_only() -> None:
    rng = random.Random(17)
    used: set[str] = set()
    texts = [review_text(rng, APP_GOOD, APP_BAD, APP_WISH, used) for _ in range(58)] + ["Great app", "Great app", "Useless"]
    rng.shuffle(texts)
    rows: list[list[object]] = [["review"]] + [[t] for t in texts]
    truth = [statement(f"row {n}", None, t) for n, t in enumerate(texts, start=2)]
    path = OUT / "reviews_text_only.csv"
    write_csv(path, rows)
    write_truth(path, {"format": "one column of review text, no author", "text_column": "review", "person_column": None,
                       "date_column": None, "statements": truth, "duplicates": [], "placeholders": {}, "mangled": 0, "share": {}, "company": {}})


if __name__ == "__main__":
    google_play()
    app_store()
    steam()
    reddit()
    youtube()
    support_tweets()
    text_only()
    save_truths()
