#!/usr/bin/env python3
"""Regenerate the survey-export fixtures under ``data/samples/exports/surveys/``.

Fictional scenario: Tillpoint, an invoicing, stock and bookings app for small businesses, surveyed
its customers with six tools. Each file is written the way its tool exports responses (header
rows, metadata columns, checkbox encodings, timestamps, BOM and line endings); every respondent,
email and business is invented. ``tests/ingest/survey_truth/<name>_truth.json`` holds the answer key
the tests check against (kept out of ``surveys/`` so the folder can be built as a whole): for every respondent, the speaker the reader must produce, whether they are
anonymous, the question of every open answer, and the closed answers that must become attributes.

Deterministic (fixed seeds, fixed workbook metadata): running it again gives identical files.

    python data/samples/exports/make_surveys.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import zipfile
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent / "surveys"
#: The answer keys live beside the tests, so that building the whole surveys/ folder reads only exports.
TRUTH = Path(__file__).resolve().parents[3] / "tests" / "ingest" / "survey_truth"

# ---------------------------------------------------------------------------- what people say

SEGMENTS = ("market", "trades", "salon", "cafe")

BUSINESS = {
    "market": "Market stall or pop-up",
    "trades": "Trades and home services",
    "salon": "Salon, studio or clinic",
    "cafe": "Cafe, bar or shop",
}

HARDEST = {
    "market": [
        "Keeping track of what stock I took to which market and what came back in the van.",
        "There is no signal at half the craft fairs I do, so taking card payments is a gamble every weekend.",
        "Counting stock on a Sunday night after a long day standing at the stall.",
        "Knowing which events are actually worth the pitch fee once I add up fuel and the stall cost.",
        "Writing sales down on paper when the card reader drops out and then typing it all in later.",
        "Working out which products sell at which market, because the Saturday crowd is totally different.",
        "Packing the right amount of stock, I either run out by eleven or drag half of it home again.",
        "Doing the books for lots of tiny cash sales, it takes me longer than the market itself.",
        "Remembering to reorder jars and labels before a busy run of Christmas fairs.",
        "Juggling the stall with my day job, so all the admin happens late at night.",
        "Seeing my real profit per event, the takings look fine until I take off the pitch fees.",
        "Getting the float right and reconciling cash at the end of a festival weekend.",
    ],
    "trades": [
        "Chasing customers who take sixty days to pay an invoice for a job I finished in an afternoon.",
        "Turning a quote into an invoice while I am still on site, usually on my phone with dirty hands.",
        "Keeping receipts for materials from the merchant so I can actually claim them back.",
        "Doing paperwork in the van at night after a full day on the tools.",
        "Working out my mileage between jobs for the tax return, I always forget to log it.",
        "Quoting accurately when material prices change from one week to the next.",
        "Customers disputing extras that we agreed on site but never wrote down anywhere.",
        "Knowing which jobs are paid and which ones I still need to ring people about.",
        "Booking jobs in around emergency callouts without double booking myself.",
        "Getting deposits from new customers before I order expensive parts.",
        "Handling the CIS deductions for the lads who work for me on bigger jobs.",
        "Keeping the quote, the photos and the invoice for one job in the same place.",
    ],
    "salon": [
        "No-shows on a Saturday, an empty chair for two hours is money I never get back.",
        "Taking deposits for long appointments without it feeling awkward for regular clients.",
        "Working out commission for my two stylists at the end of each month.",
        "Clients messaging me on Instagram, WhatsApp and text to book, so I lose track of who asked for what.",
        "Sending reminders the day before, I still do it by hand most evenings.",
        "Keeping product stock for retail and for the back bar separate.",
        "Managing the diary when one of the team calls in sick and I have to move everyone.",
        "Chasing class packs that have run out for the students who keep coming anyway.",
        "Rebooking clients before they leave, I forget when it gets busy at the desk.",
        "Knowing which treatments actually make money once product and time are counted.",
        "Patch tests and consultation forms that have to be done before certain appointments.",
        "Handling cancellations fairly without losing regulars over a late fee.",
    ],
    "cafe": [
        "Ordering from five different suppliers and still running out of oat milk by Friday.",
        "Throwing away food at the end of the day because I over ordered again.",
        "Making the staff rota when half the team are students with changing timetables.",
        "Getting the VAT return done on time, it always lands in our busiest month.",
        "Matching the till takings to what actually goes into the bank.",
        "Tracking stock on the shelves when deliveries come in while we are serving.",
        "Costing a new menu item properly before we put it on the board.",
        "Covering shifts at short notice when someone is ill.",
        "Paying staff the right hours when they swap shifts between themselves.",
        "Knowing which products barely sell and are just taking up shelf space.",
        "Keeping on top of supplier invoices that come in by email, post and in the delivery box.",
        "Planning for quiet weeks in January when the takings drop off a cliff.",
    ],
}

IMPROVE = {
    "market": [
        "An offline mode that stores card sales and sends them when the signal comes back.",
        "Stock lists per event so I can tick off what I packed and see what sold.",
        "A quick sale button on the phone app, three taps is too many with a queue.",
        "A report that shows profit per market after pitch fees.",
        "Let me scan the barcode on my own labels to count stock faster.",
        "Sync with my online shop so the stock numbers match after a weekend.",
        "Let me log cash sales quickly without opening three screens.",
        "A simple end of day summary I can check before I leave the field.",
        "Low stock warnings before a busy weekend of fairs.",
        "Work properly on a cheap tablet that stays on the stall all day.",
    ],
    "trades": [
        "Automatic reminders to customers when an invoice is overdue, so I do not have to ring them.",
        "Turn an accepted quote into an invoice with one tap.",
        "Photograph a receipt and attach it to the job it belongs to.",
        "Log mileage automatically between job addresses.",
        "Take a deposit by card link when the customer accepts the quote.",
        "A job sheet that the customer signs on my phone when the work is finished.",
        "Show me at a glance who owes me money and for how long.",
        "Let my apprentice add hours and materials without seeing the accounts.",
        "Price lists I can update once when materials go up.",
        "A calendar that blocks out travel time between jobs.",
    ],
    "salon": [
        "Online booking with a deposit that clients pay when they book.",
        "Automatic text reminders the day before every appointment.",
        "Commission reports per stylist that I do not have to fix in a spreadsheet.",
        "One inbox for bookings from Instagram and WhatsApp.",
        "A waiting list that fills cancelled slots automatically.",
        "Class packs and memberships that count down each visit.",
        "Consultation forms clients fill in before they arrive.",
        "Let clients rebook from the reminder message.",
        "Separate retail stock from the stock we use on clients.",
        "A no-show fee that is charged without me having to ask.",
    ],
    "cafe": [
        "Supplier ordering from the stock levels, with a suggested order each week.",
        "A rota planner that staff can see on their phones and swap shifts in.",
        "Waste tracking so I can see what we throw away each week.",
        "Connect to our till so the takings come in without typing.",
        "Recipe costing that updates when supplier prices change.",
        "A VAT return that is ready to submit when the quarter closes.",
        "Timesheets that match the rota so payroll is quicker.",
        "Scan delivery notes to update stock when the van arrives.",
        "Show me the slow sellers so I can cut them.",
        "Forecast a quiet week from last year's takings.",
    ],
}

ELSE = {
    "market": [
        "The app has been great at the summer fairs, the winter ones are where it struggles.",
        "I switched from a notebook last year and I will not go back.",
        "Please keep a cheap plan for small traders like me who only sell at weekends.",
        "Support answered me on a Sunday once when my reader would not connect, that meant a lot.",
        "I would pay more for proper offline card payments.",
        "Most traders at my market use paper, they would love something this simple.",
    ],
    "trades": [
        "Getting paid faster since I started sending invoices from site, keep that side simple.",
        "I am not a computer person, so the fewer screens the better.",
        "My accountant likes the exports, which saves me a bill at the end of the year.",
        "Would be good to talk to someone on the phone when things go wrong.",
        "Most of my mates in the trade still use paper invoice books.",
        "The price went up last year and I nearly left, please keep it fair.",
    ],
    "salon": [
        "My clients love the reminders, fewer people forget now.",
        "I moved from a big booking platform because the fees were eating my margin.",
        "The team found it easy to learn, which was a relief.",
        "Please add a proper client history with notes and colour formulas.",
        "Deposits changed everything for my Saturday bookings.",
        "It would be lovely if the booking page matched my salon's branding.",
    ],
    "cafe": [
        "We are a small team and every hour of admin saved goes back into the cafe.",
        "The stock side is good but the rota side still needs work.",
        "I would love to see other cafes using it so we could swap tips.",
        "Our bookkeeper says it is much tidier than our old spreadsheets.",
        "Please do not make it complicated, we open at seven and have no time.",
        "Great for the shop, harder for the events we cater.",
    ],
}

OTHER_SHORT = ["Dog grooming van", "Florist", "Tutoring", "Bike repairs", "Photography", "Cleaning company", "Mobile bar"]
OTHER_LONG = [
    "Mobile phone repairs from a kiosk in the shopping centre and a van for callouts.",
    "We are a community allotment shop selling seeds, compost and tools to members.",
    "I run a one woman bookkeeping service for other small businesses in town.",
    "Screen printing t-shirts for local bands and sports clubs from my garage.",
    "A family run B&B with four rooms and a small tea room at the front.",
    "Window cleaning rounds across three villages, mostly regular monthly customers.",
    "We run a mobile coffee van at weekends and do wedding catering during the week.",
    "I restore and sell vintage furniture from a unit and at antiques fairs.",
    "A small charity shop with volunteers, so the stock side matters more than sales.",
    "Dog grooming from a van, I travel to clients all over the county.",
    "Private music lessons from home and in two local schools.",
    "I make cakes to order from my kitchen and sell at two farmers markets.",
]

FEATURES = {
    "market": ["Invoicing", "Stock counts", "Card payments", "Reports"],
    "trades": ["Quotes", "Invoicing", "Expenses", "Reports"],
    "salon": ["Bookings", "Card payments", "Reminders", "Reports"],
    "cafe": ["Stock counts", "Staff rota", "Card payments", "Reports"],
}
ALL_FEATURES = ["Invoicing", "Quotes", "Stock counts", "Bookings", "Staff rota", "Card payments", "Reminders", "Expenses", "Reports"]
TEAM = {"market": ["Just me", "Just me", "2-5"], "trades": ["Just me", "2-5", "2-5", "6-10"], "salon": ["2-5", "2-5", "6-10"], "cafe": ["2-5", "6-10", "6-10", "11 or more"]}
YEARS = ["Less than 1 year", "1-3 years", "4-10 years", "More than 10 years"]
PLANS = ["Free", "Starter", "Pro"]
SATISFACTION = ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied"]

FIRST = ["Amara", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Hamza", "Isla", "Jonah", "Kemi", "Liam", "Maya", "Niall", "Orla",
         "Priti", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes", "Yara", "Zane", "Abi", "Callum", "Daisy", "Emeka", "Fern",
         "Gus", "Hana", "Ivo", "Jess", "Kai", "Lola", "Marek", "Nina", "Owen", "Pia", "Rhys", "Sian", "Tomasz", "Una", "Vik", "Willa"]
LAST = ["Achebe", "Barlow", "Castillo", "Dunmore", "Eze", "Fairweather", "Gallo", "Hussain", "Ingram", "Jovanovic", "Kaur", "Lindqvist",
        "Mbeki", "Nakamura", "Okafor", "Pryce", "Quayle", "Rahman", "Sorensen", "Thackeray", "Udeh", "Varga", "Whitlock", "Yilmaz", "Zeller"]


class Person:
    """One fictional respondent and everything they answer."""

    def __init__(self, rng: random.Random, index: int, used: set[str], pools: dict[str, list[list[str]]]):
        self.segment = SEGMENTS[index % len(SEGMENTS)]
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if f"{first} {last}" not in used:
                used.add(f"{first} {last}")
                break
        self.first, self.last = first, last
        self.email = f"{first.lower()}.{last.lower()}@{rng.choice(['example.com', 'example.org', 'example.net'])}"
        self.business = BUSINESS[self.segment]
        self.team = rng.choice(TEAM[self.segment])
        self.years = rng.choice(YEARS)
        self.plan = rng.choice(PLANS)
        self.nps = str(rng.choice([3, 5, 6, 7, 7, 8, 8, 9, 9, 10, 10]))
        self.satisfaction = rng.choice(SATISFACTION[:3] if int(self.nps) >= 7 else SATISFACTION[1:])
        feats = FEATURES[self.segment]
        self.features = [f for f in ALL_FEATURES if f in rng.sample(feats, rng.randint(1, len(feats)))]
        self.hardest = _answer(rng, pools, "hardest", self.segment)
        self.improve = _answer(rng, pools, "improve", self.segment)
        self.other = _answer(rng, pools, "else", self.segment) if rng.random() < 0.55 else ""


def _answer(rng: random.Random, pools: dict[str, list[list[str]]], question: str, segment: str) -> str:
    source = {"hardest": HARDEST, "improve": IMPROVE, "else": ELSE}[question][segment]
    key = f"{question}:{segment}"
    if not pools.get(key):
        pools[key] = [list(source)]
    pool = pools[key][0]
    if len(pool) < 2:
        pool.extend(source)
        rng.shuffle(pool)
    first = pool.pop(rng.randrange(len(pool)))
    if question != "else" and rng.random() < 0.45:
        second = pool.pop(rng.randrange(len(pool)))
        if second != first:
            return f"{first} {second}"
    return first


def people(seed: int, count: int) -> list[Person]:
    rng = random.Random(seed)
    used: set[str] = set()
    pools: dict[str, list[list[str]]] = {}
    return [Person(rng, i, used, pools) for i in range(count)]


def stamps(rng: random.Random, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    began = start + dt.timedelta(minutes=rng.randint(30, 60 * 24 * 12))
    return began, began + dt.timedelta(seconds=rng.randint(95, 900))


def write_csv(path: Path, rows: list[list[str]], *, bom: bool, newline: str = "\r\n") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))


def write_truth(path: Path, tool: str, respondents: list[dict], files: tuple[str, ...] = ()) -> None:
    truth = {"tool": tool, "files": list(files or (path.name,)), "respondents": respondents}
    TRUTH.mkdir(parents=True, exist_ok=True)
    (TRUTH / f"{path.stem}_truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def fixed_xlsx(workbook: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed metadata and zip timestamps so the file is byte-identical on every run."""
    when = dt.datetime(2026, 6, 1, 9, 0, 0)
    workbook.properties.creator = "Tillpoint survey (fictional)"
    workbook.properties.created = when
    workbook.properties.modified = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in sorted(source.infolist(), key=lambda i: i.filename):
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 6, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rb"\g<1>2026-06-01T09:00:00Z\g<3>", data)
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


def entry(speaker: str, anonymous: bool, opens: list[tuple[str, str]], attributes: dict[str, str]) -> dict:
    """One respondent of a truth file: ``open`` lists each open question with its answer.

    An anonymous speaker holds ``{file}``, the export's file name (the SurveyMonkey CSV and XLSX share one truth).
    """
    return {"speaker": speaker, "anonymous": anonymous, "open": [[q, a] for q, a in opens if a],
            "attributes": {k: v for k, v in attributes.items() if v}}


# ---------------------------------------------------------------------------- SurveyMonkey

SM_Q = {
    "business": "What kind of business do you run?",
    "team": "How many people work in the business, including you?",
    "years": "How long have you been in business?",
    "features": "Which Tillpoint features do you use? (Select all that apply)",
    "hardest": "What is the hardest part of running your business day to day?",
    "improve": "What one thing would make Tillpoint more useful for you?",
    "nps": "How likely is it that you would recommend Tillpoint to a friend or colleague?",
    "plan": "Which plan are you on?",
    "else": "Is there anything else you would like to tell us?",
}
SM_FEATURES = ["Invoicing", "Quotes", "Stock counts", "Bookings", "Staff rota", "Card payments"]


def surveymonkey(rng: random.Random) -> tuple[list[list[str]], list[dict], list[tuple[int, int]]]:
    """Rows of the export (two header rows first), the truth, and the merged header ranges (1-based columns)."""
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"]
    first = meta + [SM_Q["business"], "", SM_Q["team"], SM_Q["years"], SM_Q["features"]] + [""] * (len(SM_FEATURES) - 1) + [SM_Q["hardest"], SM_Q["improve"], SM_Q["nps"], SM_Q["plan"], SM_Q["else"]]
    second = [""] * len(meta) + ["Response", "Other (please specify)", "Response", "Response"] + SM_FEATURES + ["Open-Ended Response", "Open-Ended Response", "Response", "Response", "Open-Ended Response"]
    merged = [(10, 11), (14, 13 + len(SM_FEATURES))]
    rows = [first, second]
    truth: list[dict] = []
    start = dt.datetime(2026, 4, 6, 8, 0, 0)
    respondent = 114362781000
    for i, p in enumerate(people(11, 64)):
        respondent += rng.randint(3, 400)
        began, ended = stamps(rng, start)
        emailed = i % 3 != 2  # the email-invitation collector knows who they are; the web link does not
        collector = "431877201" if emailed else "431877349"
        kind = "all" if i % 13 else ("closed" if i % 26 else "blank")
        other = p.segment == "market" and i % 7 == 0
        business = "" if other else p.business
        other_text = rng.choice(OTHER_SHORT) if other else ""
        hardest = p.hardest if kind == "all" and rng.random() > 0.08 else ""
        improve = p.improve if kind == "all" and rng.random() > 0.1 else ""
        extra = p.other if kind == "all" else ""
        feats = [f for f in SM_FEATURES if f in p.features]
        if kind == "blank":
            business = other_text = ""
            feats = []
        row = [str(respondent), collector, began.strftime("%m/%d/%Y %I:%M:%S %p"), ended.strftime("%m/%d/%Y %I:%M:%S %p"),
               f"81.{rng.randint(2, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
               p.email if emailed else "", p.first if emailed else "", p.last if emailed else "", ""]
        row += [business, other_text, p.team if kind != "blank" else "", p.years if kind != "blank" else ""]
        row += [f if f in feats else "" for f in SM_FEATURES]
        row += [hardest, improve, p.nps if kind != "blank" else "", p.plan if kind != "blank" else "", extra]
        rows.append(row)
        if kind == "blank":
            continue
        speaker = f"{p.first} {p.last}" if emailed else f"Respondent {respondent} ({{file}})"
        business_value = f"other: {other_text}" if other else business
        attributes = {SM_Q["business"]: business_value, SM_Q["team"]: p.team, SM_Q["years"]: p.years,
                      SM_Q["features"]: ", ".join(feats), SM_Q["nps"]: p.nps, SM_Q["plan"]: p.plan}
        truth.append(entry(speaker, not emailed, [(SM_Q["hardest"], hardest), (SM_Q["improve"], improve), (SM_Q["else"], extra)], attributes) | {"email": p.email if emailed else ""})
    return rows, truth, merged


def write_surveymonkey() -> None:
    rows, truth, merged = surveymonkey(random.Random(101))
    path = OUT / "surveymonkey_export.csv"
    write_csv(path, rows, bom=False)
    write_truth(path, "SurveyMonkey", truth, ("surveymonkey_export.csv", "surveymonkey_export.xlsx"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet"
    for row in rows:
        sheet.append([int(c) if c.isdigit() and len(c) <= 2 else c for c in row])
    for low, high in merged:
        sheet.merge_cells(start_row=1, start_column=low, end_row=1, end_column=high)
    xlsx = OUT / "surveymonkey_export.xlsx"
    fixed_xlsx(workbook, xlsx)


# ---------------------------------------------------------------------------- Qualtrics

QX = {
    "business": "What kind of business do you run?",
    "team": "How many people work in the business, including you?",
    "hardest": "What is the hardest part of running your business day to day?",
    "features": "Which Tillpoint features do you use?",
    "nps": "How likely is it that you would recommend Tillpoint to a friend or colleague?",
    "improve": "What one thing would make Tillpoint more useful for you?",
    "else": "Is there anything else you would like to tell us?",
}


def write_qualtrics() -> None:
    rng = random.Random(202)
    codes = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
             "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
             "DistributionChannel", "UserLanguage", "Q1", "Q1_6_TEXT", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
             "Recipient Last Name", "Recipient First Name", "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language", f"{QX['business']} - Selected Choice", f"{QX['business']} - Other - Text", QX["team"],
             QX["hardest"], f"{QX['features']} - Selected Choice", QX["nps"], QX["improve"], QX["else"]]
    zone = ',"timeZone":"Europe/London"'
    ids = ['{"ImportId":"startDate"%s}' % zone, '{"ImportId":"endDate"%s}' % zone, '{"ImportId":"status"}', '{"ImportId":"ipAddress"}',
           '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}', '{"ImportId":"recordedDate"%s}' % zone,
           '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
           '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
           '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}', '{"ImportId":"QID1_6_TEXT"}',
           '{"ImportId":"QID2"}', '{"ImportId":"QID3_TEXT"}', '{"ImportId":"QID4"}', '{"ImportId":"QID5"}', '{"ImportId":"QID6_TEXT"}',
           '{"ImportId":"QID7_TEXT"}']
    rows = [codes, texts, ids]
    truth: list[dict] = []
    start = dt.datetime(2026, 3, 2, 7, 30, 0)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    long_others = rng.sample(OTHER_LONG, len(OTHER_LONG))  # each written by one respondent
    for i, p in enumerate(people(22, 58)):
        began, ended = stamps(rng, start)
        rid = "R_" + "".join(rng.choice(alphabet) for _ in range(15))
        emailed = i % 2 == 0
        finished = i % 11 != 5
        other = i % 6 == 3
        business = "Other" if other else p.business
        other_text = long_others.pop(0) if other else ""
        hardest = p.hardest if finished and rng.random() > 0.07 else ""
        improve = p.improve if finished and rng.random() > 0.1 else ""
        extra = p.other if finished else ""
        features = ",".join(p.features)
        lat, lon = f"{51 + rng.random() * 3:.4f}", f"{-3 + rng.random() * 3:.4f}"
        rows.append([began.strftime("%Y-%m-%d %H:%M:%S"), ended.strftime("%Y-%m-%d %H:%M:%S"), "IP Address",
                     f"86.{rng.randint(2, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "100" if finished else str(rng.choice([33, 50, 67])),
                     str(int((ended - began).total_seconds())), "True" if finished else "False", ended.strftime("%Y-%m-%d %H:%M:%S"), rid,
                     p.last if emailed else "", p.first if emailed else "", p.email if emailed else "", "", lat, lon,
                     "email" if emailed else "anonymous", "EN-GB", business, other_text, p.team, hardest,
                     features if finished else "", p.nps if finished else "", improve, extra])
        speaker = f"{p.first} {p.last}" if emailed else f"Respondent {rid} ({{file}})"
        opens = [(f"{QX['business']} - Other - Text", other_text), (QX["hardest"], hardest), (QX["improve"], improve), (QX["else"], extra)]
        attributes = {QX["business"]: business, QX["team"]: p.team, QX["features"]: features if finished else "", QX["nps"]: p.nps if finished else ""}
        truth.append(entry(speaker, not emailed, opens, attributes) | {"email": p.email if emailed else ""})
    # The survey author previewing the survey: Status "Survey Preview", not a respondent (not in the truth).
    rows.insert(10, ["2026-03-01 16:02:11", "2026-03-01 16:03:40", "Survey Preview", "", "100", "89", "True", "2026-03-01 16:03:40",
                     "R_PreviewByAuthor1", "", "", "", "", "51.5072", "-0.1276", "preview", "EN-GB", "Cafe, bar or shop", "", "Just me",
                     "test test - checking the page layout before we send this out", "Invoicing", "10", "testing the improve box, ignore", ""])
    path = OUT / "qualtrics_export.csv"
    write_csv(path, rows, bom=True)
    write_truth(path, "Qualtrics", truth)


# ---------------------------------------------------------------------------- Google Forms

GF = {
    "business": "What kind of business do you run?",
    "years": "How long have you been trading?",
    "hardest": "What is the hardest part of running your business day to day?",
    "features": "Which features do you use most?",
    "improve": "What would make Tillpoint more useful for you?",
    "nps": "How likely are you to recommend Tillpoint to a friend?",
    "satisfaction": "Overall, how satisfied are you with Tillpoint?",
    "else": "Anything else you want to tell us?",
}


def write_google_forms() -> None:
    rng = random.Random(303)
    header = ["Timestamp", "Email Address", GF["business"], GF["years"], GF["hardest"], GF["features"], GF["improve"], GF["nps"], GF["satisfaction"], GF["else"]]
    rows = [header]
    truth: list[dict] = []
    start = dt.datetime(2026, 5, 11, 8, 0, 0)
    for i, p in enumerate(people(33, 52)):
        began, _ = stamps(rng, start)
        hour = began.hour % 12 or 12
        stamp = f"{began:%Y/%m/%d} {hour}:{began:%M:%S} {'AM' if began.hour < 12 else 'PM'} GMT+1"
        closed_only = i % 17 == 8
        hardest = "" if closed_only or rng.random() < 0.06 else p.hardest
        improve = "" if closed_only or rng.random() < 0.1 else p.improve
        extra = "" if closed_only else p.other
        features = ", ".join(p.features)
        rows.append([stamp, p.email, p.business, p.years, hardest, features, improve, p.nps, p.satisfaction, extra])
        attributes = {GF["business"]: p.business, GF["years"]: p.years, GF["features"]: features, GF["nps"]: p.nps, GF["satisfaction"]: p.satisfaction}
        truth.append(entry(p.email, False, [(GF["hardest"], hardest), (GF["improve"], improve), (GF["else"], extra)], attributes) | {"email": p.email})
    path = OUT / "google_forms_export.csv"
    write_csv(path, rows, bom=False)
    write_truth(path, "Google Forms", truth)


# ---------------------------------------------------------------------------- Typeform

TF = {
    "business": "What kind of business do you run?",
    "hardest": "What's the hardest part of running your business day to day?",
    "nps": "How likely are you to recommend Tillpoint to a friend or colleague?",
    "improve": "If you could change one thing about Tillpoint, what would it be?",
}
TF_FEATURES = ["Invoicing", "Stock counts", "Bookings", "Card payments"]
#: Typeform heads a multiple-selection question's columns with its options only; the reader names the group so.
TF_OPTIONS = "Selected options: Invoicing / … / Card payments"


def write_typeform() -> None:
    rng = random.Random(404)
    header = ["#", "First name", "Last name", "Email", TF["business"], TF["hardest"]] + TF_FEATURES + [TF["nps"], TF["improve"],
              "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"]
    rows = [header]
    truth: list[dict] = []
    start = dt.datetime(2026, 2, 9, 9, 0, 0)
    for i, p in enumerate(people(44, 46)):
        began, ended = stamps(rng, start)
        token = "".join(rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(32))
        contact = i % 4 != 1  # the contact-info block is optional
        partial = i % 15 == 7
        hardest = p.hardest if rng.random() > 0.06 else ""
        improve = "" if partial or rng.random() < 0.1 else p.improve
        chosen = [f for f in TF_FEATURES if f in p.features]
        rows.append([token, p.first if contact else "", p.last if contact else "", p.email if contact else "", p.business, hardest]
                    + [f if f in chosen else "" for f in TF_FEATURES]
                    + ["" if partial else p.nps, improve, "partial" if partial else "completed", began.strftime("%Y-%m-%d %H:%M:%S"),
                       began.strftime("%Y-%m-%d %H:%M:%S") if partial else "", "" if partial else ended.strftime("%Y-%m-%d %H:%M:%S"),
                       "".join(rng.choice("0123456789abcdef") for _ in range(10)), ""])
        speaker = f"{p.first} {p.last}" if contact else f"Respondent {token} ({{file}})"
        attributes = {TF["business"]: p.business, TF_OPTIONS: ", ".join(chosen), TF["nps"]: "" if partial else p.nps}
        truth.append(entry(speaker, not contact, [(TF["hardest"], hardest), (TF["improve"], improve)], attributes) | {"email": p.email if contact else ""})
    path = OUT / "typeform_export.csv"
    write_csv(path, rows, bom=True)
    write_truth(path, "Typeform", truth)


# ---------------------------------------------------------------------------- Microsoft Forms

MF = {
    "business": "What kind of business do you run?",
    "team": "How many people work in the business?",
    "hardest": "What takes up most of your admin time each week?",
    "features": "Which features do you use?",
    "nps": "How likely are you to recommend Tillpoint to a friend or colleague?",
    "improve": "What would you like us to build next?",
    "satisfaction": "How satisfied are you with Tillpoint overall?",
}


def write_microsoft_forms() -> None:
    rng = random.Random(505)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", MF["business"], MF["team"], MF["hardest"],
                  MF["features"], MF["nps"], MF["improve"], MF["satisfaction"]])
    truth: list[dict] = []
    start = dt.datetime(2026, 1, 19, 9, 0, 0)
    for i, p in enumerate(people(55, 44), start=1):
        began, ended = stamps(rng, start)
        closed_only = i % 14 == 6
        hardest = "" if closed_only or rng.random() < 0.06 else p.hardest
        improve = "" if closed_only or rng.random() < 0.1 else p.improve
        features = "".join(f + ";" for f in p.features)
        sheet.append([i, began, ended, "anonymous", None, None, p.business, p.team, hardest or None, features, int(p.nps), improve or None, p.satisfaction])
        attributes = {MF["business"]: p.business, MF["team"]: p.team, MF["features"]: features, MF["nps"]: p.nps, MF["satisfaction"]: p.satisfaction}
        truth.append(entry(f"Respondent {i} ({{file}})", True, [(MF["hardest"], hardest), (MF["improve"], improve)], attributes) | {"email": ""})
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "m/d/yy h:mm:ss"
    path = OUT / "microsoft_forms_export.xlsx"
    fixed_xlsx(workbook, path)
    write_truth(path, "Microsoft Forms", truth)


# ---------------------------------------------------------------------------- generic wide sheet

GW = {
    "business": "Business",
    "years": "Years trading",
    "hardest": "What frustrates you most about running the business?",
    "improve": "What should Tillpoint do better",
    "plan": "Plan",
    "spend": "Monthly software spend (GBP)",
}


def write_generic() -> None:
    rng = random.Random(606)
    header = ["Name", "Email", GW["business"], GW["years"], GW["hardest"], GW["improve"], GW["plan"], GW["spend"]]
    rows = [header]
    truth: list[dict] = []
    for i, p in enumerate(people(66, 42)):
        who = i % 5  # 0-2 named, 3 email only, 4 nobody (anonymous by row number)
        name = f"{p.first} {p.last}" if who <= 2 else ""
        email = p.email if who <= 3 else ""
        hardest = p.hardest if rng.random() > 0.05 else ""
        improve = p.improve if rng.random() > 0.1 else ""
        spend = str(rng.choice([0, 12, 15, 25, 30, 45, 60, 80]))
        rows.append([name, email, p.business, p.years, hardest, improve, p.plan, spend])
        speaker = name or email or f"Respondent row {i + 2} ({{file}})"
        attributes = {GW["business"]: p.business, GW["years"]: p.years, GW["plan"]: p.plan, GW["spend"]: spend}
        truth.append(entry(speaker, who == 4, [(GW["hardest"], hardest), (GW["improve"], improve)], attributes) | {"email": email})
    path = OUT / "generic_wide_survey.csv"
    write_csv(path, rows, bom=False, newline="\n")
    write_truth(path, "wide survey", truth)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_surveymonkey()
    write_qualtrics()
    write_google_forms()
    write_typeform()
    write_microsoft_forms()
    write_generic()


if __name__ == "__main__":
    main()
