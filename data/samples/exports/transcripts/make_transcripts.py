"""Write the transcript export fixtures of data/samples/exports/transcripts/ and their truth.

Every person and company is fictional. Each file follows the layout its tool documents or is
known to write (see the report of issue 16 and tests/ingest/test_transcript_exports.py):
Zoom cloud-recording VTT, Zoom TXT transcript, Zoom chat (cloud tab-separated and saved
"From ... to ..."), Microsoft Teams VTT, Google Meet (TXT and DOCX), Otter TXT, two podcast
layouts, YouTube auto-caption VTT, research interviews and a focus group with role labels.
The truth (who has how many turns, who is the interviewer) is written to
tests/ingest/transcript_exports_truth.json from the same lists the files are made from.

    python data/samples/exports/transcripts/make_transcripts.py
"""

# The Brightbook customer council (fictional people and companies): (speaker, text) turns.
HOST = "Priya Raman | Brightbook"
COUNCIL = [
(HOST, "Thanks everyone for joining the customer council. We're recording so we can go back to what you said. To start, how do you send invoices today, and what is annoying about it?"),
("sam", "I do it all from my phone between grooming appointments. Typing line items with wet hands on a tiny screen is the worst part of my day. I usually end up sending invoices at night from the sofa."),
("Lee Wong (Acme)", "For us it's volume. Acme Cleaning has fourteen cleaners and every job needs an invoice the same evening. The batch invoice button saves us, but it still takes my office manager an hour every night."),
("Ana Ruiz | Globex", "At Globex Physio we have three clinics, and each one invoices differently. I want one set of invoice templates that every location has to use, otherwise our reports in Xero never line up."),
("j.doe.eth", "I'm a freelance developer, so my invoices are simple. The annoying part is that clients want to pay in different ways and I have to chase the bank transfers by hand every month."),
(HOST, "That's helpful. What about getting paid: how long does it take, and what would make it faster?"),
("mara_k", "Deposits changed everything for my salon. Since I take a deposit at booking, people actually turn up. Before that I lost maybe four appointments a week to no-shows."),
("Tomás Ferreira", "Most of my plumbing jobs get paid on the spot with the card reader. The problem is the signal in basements. If the app could take the payment offline and sync later, I'd stop losing payments."),
("Grace O'Neill", "I'm a bookkeeper for six small businesses. Payment time is fine, but matching payouts to invoices in QuickBooks is a nightmare when one payout covers twenty invoices."),
("sam", "Yeah."),
("Bo Chen (Chen Plumbing)", "Speed is fine for us. My issue is the fees. Between the card fees and the per-seat price, Brightbook is now our third biggest software cost after the accounting package and the van tracker."),
(HOST, "Let's talk about scheduling. Who here books appointments through Brightbook, and where does it break down?"),
("Hiroko Sato", "My yoga studio books every class through it. The waitlist is the thing I love. When someone cancels, the next person gets the spot automatically and I don't have to send a single message."),
("Lee Wong (Acme)", "Scheduling is where we live. I drag jobs between cleaners all day. What breaks is when two supervisors move the same job at the same time and one change quietly disappears."),
("kwame.a", "I sell packages of ten personal training sessions. Brightbook doesn't really understand packages, so I keep a spreadsheet next to it to count how many sessions each client has left."),
("Nadia El-Amin | Pet Pals", "Pet Pals has eight sitters and the schedule changes every day. The text reminders work, but the sitters want to see the whole week on their phones, not one visit at a time."),
("devbot", "I built our booking page on the API. The calendar endpoint is solid, but webhooks arrive out of order sometimes, so a cancelled booking can show up as confirmed for a few seconds."),
(HOST, "Interesting. What about the mobile app: what do you do on your phone versus a computer?"),
("Tomás Ferreira", "Everything is on the phone. Quotes, photos of the job, the invoice, the payment. I haven't opened the website in months. Offline mode is the one thing I'd beg for."),
("sam", "Same for me, it's phone only. I'd love to take a photo of the dog before and after and attach it to the invoice, because owners love that and it cuts down on complaints."),
("Ana Ruiz | Globex", "Our receptionists use computers all day and our physios use tablets in the treatment rooms. The tablet layout hides the notes field, which is where our physios write the treatment summary."),
("mara_k", "I check the day's bookings on my phone before I open the salon. Honestly the mobile calendar is good. What I miss is seeing who still owes a deposit without opening every booking."),
("Hiroko Sato", "Students book on their phones, I manage the studio on a laptop. The class check-in on the phone is slow when twenty people arrive at once, so I end up ticking names on paper."),
(HOST, "Let's go to reports and accounting. What do you export, and where does it go?"),
("Grace O'Neill", "Everything goes to QuickBooks. I need the payouts split into fees, refunds and sales. Right now I export three reports and stitch them together in a spreadsheet for each client."),
("Ana Ruiz | Globex", "We send everything to Xero. I need revenue by clinic and by practitioner. The location filter on the revenue report helped, but it doesn't include refunds, so the numbers never match."),
("Bo Chen (Chen Plumbing)", "I just want a monthly profit number per job type. I don't need twenty reports, I need one page that tells me whether drain jobs or boiler jobs make me money."),
("j.doe.eth", "I export a CSV once a quarter for my tax return. It would be great if the export included the payment method, so I could separate crypto payments from card payments for my accountant."),
("kwame.a", "I don't export anything. I'd like one screen that shows who has sessions left in their package and who is about to run out, so I can offer them the next package before they leave."),
(HOST, "What about your team? How do you handle permissions and who can see what?"),
("Lee Wong (Acme)", "Permissions are our biggest gap. Supervisors need to move jobs but shouldn't see the client's payment details. Right now it's all or nothing, so I give fewer people access than I should."),
("Nadia El-Amin | Pet Pals", "Our sitters should only see the visits assigned to them and the pet notes, not the client's address history. We had a sitter turn up at an old address because she saw the wrong record."),
("devbot", "From the developer side, API keys have full access. I'd like read-only keys, so our booking page can't accidentally change invoices if something goes wrong in our code."),
("Tomás Ferreira", "It's only me and my apprentice. He should be able to create a quote but not send the invoice. Right now I just don't let him log in, so I type everything myself after the job."),
(HOST, "If you could change one thing about the price, what would it be?"),
("Bo Chen (Chen Plumbing)", "Charge per business, not per seat. My two apprentices only look at the schedule, and I pay the same for them as for myself. That's why I keep them off the app."),
("sam", "For a one-person business the monthly price is fine. What hurts is the card fee on small invoices. On a thirty dollar nail trim the fee eats most of my profit on that visit."),
("mara_k", "I'd pay more if no-show protection was better. Deposits already saved me more money than the subscription costs, so the price isn't my problem."),
("Hiroko Sato", "A studio plan with unlimited class bookings would suit me. Right now I pay for an appointment plan and use it for classes, which feels like a workaround."),
("kwame.a", "Give me packages and memberships and I'll pay for the higher tier. Right now I'm paying for features I don't use while keeping a spreadsheet for the one thing I need."),
(HOST, "Last question: what would make you recommend Brightbook to another business owner?"),
("Grace O'Neill", "If the QuickBooks sync matched payouts to invoices automatically, I'd move all six of my clients onto it. That would save me a full day every month."),
("Nadia El-Amin | Pet Pals", "A proper weekly view for the sitters on their phones. If they can plan their week without calling me, I'd recommend it to every pet care business I know."),
("j.doe.eth", "More payment options and a cleaner export. I already tell other freelancers about it, mostly because the invoices look professional without any effort."),
("Ana Ruiz | Globex", "Locked templates per location and refunds in the revenue report. Then I could tell our other clinic owners it runs a multi-site practice properly."),
("Tomás Ferreira", "Offline mode. Tradespeople work in basements and lofts with no signal. Fix that and every plumber and electrician I know would switch."),
("devbot", "Ordered webhooks and read-only keys. Then I'd happily write a blog post about building on the API."),
("Lee Wong (Acme)", "Real permissions for supervisors. With that, I'd put all fourteen cleaners on it and recommend it to the other franchise owners."),
("Bo Chen (Chen Plumbing)", "A fair price for small teams. The product is good, the per-seat price just doesn't fit a trade business with apprentices."),
(HOST, "Thank you all, this was really useful. We'll share a summary next week."),
]

import io
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE.parents[3] / "tests" / "ingest" / "transcript_exports_truth.json"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def _clock(seconds: float, millis: bool = True) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}" if millis else f"{int(h):02d}:{int(m):02d}:{int(s):02d}"


def _counts(turns: list[tuple[str, str]]) -> dict[str, int]:
    """Turns per speaker after merging consecutive turns of one speaker."""
    merged: list[str] = []
    for who, _ in turns:
        if not merged or merged[-1] != who:
            merged.append(who)
    return dict(Counter(merged))


truth: dict[str, dict] = {}


def record(name: str, turns: list[tuple[str, str]] | None = None, *, interviewers=(), generic=(), counts=None, **more) -> None:
    truth[name] = {"turns": counts if counts is not None else _counts(turns or []), "interviewers": sorted(interviewers), "generic": sorted(generic), **more}


def write(name: str, text: str, *, bom: bool = False, crlf: bool = False) -> None:
    data = text.replace("\n", "\r\n") if crlf else text
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))


# 1. Zoom cloud recording VTT: numbered cues, "Name: text", one cue per sentence.
def zoom_vtt() -> None:
    out, t, n = ["WEBVTT", ""], 1.2, 0
    for who, text in COUNCIL:
        for sentence in _sentences(text):
            n += 1
            length = 1.2 + 0.32 * len(sentence.split())
            out += [str(n), f"{_clock(t)} --> {_clock(t + length)}", f"{who}: {sentence}", ""]
            t += length + 0.4
    write("zoom_customer_council_GMT20260311-150012_Recording.transcript.vtt", "\n".join(out))
    record("zoom_customer_council_GMT20260311-150012_Recording.transcript.vtt", COUNCIL, interviewers=[HOST])


# 2. Zoom TXT transcript ("Save transcript"/closed captions): "[Name] HH:MM:SS" then the text.
ONBOARDING = [
    ("Tom Hale", "Hi Ola, thanks for making time. Shall we start with how you set up your services?"),
    ("Ola Nowak", "Sure. I added my three massage types and the prices, that part took five minutes."),
    ("Ola Nowak", "The part that took longer was the cancellation policy, I wasn't sure where to put it."),
    ("Tom Hale", "That's under booking rules. Did you find the deposit setting too?"),
    ("Ola Nowak", "Yes, I set a twenty percent deposit. My clients are used to paying up front anyway."),
    ("mara_k", "Sorry I'm late, my last client ran over. Ola, are you using the reminder texts?"),
    ("Ola Nowak", "Not yet. I was worried they'd feel pushy, but if they cut no-shows I'll switch them on."),
    ("mara_k", "They do. I send one the day before and one two hours before, and no-shows almost stopped."),
    ("Tom Hale", "Great tip. What's left to set up on your side?"),
    ("Ola Nowak", "Importing my client list from the old spreadsheet, about four hundred people."),
]


def zoom_txt() -> None:
    out, t = [], 10 * 3600 + 5
    for who, text in ONBOARDING:
        out += [f"[{who}] {_clock(t, millis=False)}", text, ""]
        t += 4 + len(text.split()) // 2
    write("zoom_onboarding_call_transcript.txt", "\n".join(out), crlf=True)
    record("zoom_onboarding_call_transcript.txt", counts=dict(Counter(w for w, _ in ONBOARDING)), interviewers=["Tom Hale"])


# 3. Zoom chat, cloud recording (tab separated: time, "Name:", message).
WEBINAR_CHAT = [
    ("Priya Raman | Brightbook", "Welcome everyone! Questions in the chat, we'll answer at the end."),
    ("sam", "hi from Leeds 👋"),
    ("Lee Wong (Acme)", "Will the recording be shared afterwards?"),
    ("Priya Raman | Brightbook", "Yes, everyone gets the link tomorrow."),
    ("j.doe.eth", "does the API support webhooks for refunds yet"),
    ("Ana Ruiz | Globex", "We need refunds in the revenue report before we can move our other clinics over."),
    ("devbot", "+1 on refund webhooks, we poll every five minutes right now which is ugly"),
    ("sam", "the photo attachments on invoices would be amazing for groomers"),
    ("Grace O'Neill", "For bookkeepers: please split payouts into fees, refunds and sales in the export."),
    ("Lee Wong (Acme)", "Supervisor permissions please! We can't give everyone full access."),
    ("kwame.a", "packages of sessions would save me a spreadsheet"),
    ("Hiroko Sato", "The waitlist is my favourite feature, thank you for building it."),
    ("devbot", "also read-only API keys would be great"),
    ("Nadia El-Amin | Pet Pals", "Weekly schedule view for staff on mobile is our number one request."),
    ("j.doe.eth", "and the payment method column in the CSV export"),
    ("Priya Raman | Brightbook", "Thanks all, we're noting every request."),
]


def zoom_chat_cloud() -> None:
    out, t = [], 14 * 60
    for who, text in WEBINAR_CHAT:
        out.append(f"{_clock(t, millis=False)}\t{who}:\t{text}")
        t += 37
    write("zoom_webinar_chat.txt", "\n".join(out) + "\n")
    record("zoom_webinar_chat.txt", counts=dict(Counter(w for w, _ in WEBINAR_CHAT)), interviewers=[], reactions=0, reply_stubs=0)


# 4. Zoom chat saved from the meeting (newer clients): "HH:MM:SS From  Name  to  Everyone:" then tab-indented lines.
SAVED = [  # (sender, to, lines, kind) kind: msg / reaction / reply
    ("Priya Raman", "Everyone", ["Good morning folks, the slides are in the calendar invite."], "msg"),
    ("Bo Chen (Chen Plumbing)", "Everyone", ['Reacted to "Good morning folks, th..." with 👍'], "reaction"),
    ("Tomás Ferreira", "Everyone", ["Morning! Quick one: is offline mode on the roadmap?", "We lose signal in basements all the time."], "msg"),
    ("sam", "Everyone", ['Replying to "Morning! Quick one: i..."', "", "same question from me, half my visits are in rural areas"], "reply"),
    ("Hiroko Sato", "Everyone", ['Reacted to "Morning! Quick one: i..." with ❤️'], "reaction"),
    ("Priya Raman", "Everyone", ['Replying to "Morning! Quick one: i..." It is being scoped this quarter, no date yet.'], "reply"),
    ("Bo Chen (Chen Plumbing)", "Everyone", ["Any plans for per-business pricing instead of per seat?"], "msg"),
    ("Tom Hale", "Priya Raman(Direct Message)", ["I'll take the pricing question after the demo."], "msg"),
    ("Hiroko Sato", "Everyone", ['Removed a ❤️ reaction from "Morning! Quick one: i..."'], "reaction"),
    ("Hiroko Sato", "Everyone", ["A studio plan for class bookings would be lovely."], "msg"),
    ("sam", "Everyone", ["+1 to per-business pricing, fees on small invoices hurt too"], "msg"),
    ("Tomás Ferreira", "Everyone", ['Reacted to "+1 to per-business pr..." with 👍'], "reaction"),
]


def zoom_chat_saved() -> None:
    out, t = [], 9 * 3600 + 58 * 60
    counts: Counter[str] = Counter()
    for who, to, lines, kind in SAVED:
        out.append(f"{_clock(t, millis=False)} From  {who}  to  {to}:")
        out += ["\t" + line if line else "\t" for line in lines]
        t += 41
        if kind != "reaction":
            counts[who] += 1
    write("meeting_saved_chat.txt", "\n".join(out) + "\n")
    record("meeting_saved_chat.txt", counts=dict(counts), interviewers=[], reactions=sum(k == "reaction" for *_, k in SAVED), reply_stubs=sum(k == "reply" for *_, k in SAVED))


# 5. Microsoft Teams VTT: BOM, cue ids "<guid>/<n>-<k>", <v Name> voice tags, long turns split over cues.
TEAMS = [
    ("Rachel Dunn", "Thanks for joining, Kofi and Elena. Could you each describe how a normal Monday looks in your business?"),
    ("Kofi Mensah", "Monday is admin day. I reply to weekend booking requests, chase unpaid invoices from last week and plan the routes for my two window cleaners."),
    ("Elena Petrova", "For me Monday is the busiest clinic day. Reception handles the bookings, I only look at the schedule between patients."),
    ("Rachel Dunn", "Kofi, where does the chasing of invoices take the most time?"),
    ("Kofi Mensah", "Finding out who actually paid. Bank transfers come in with random references, so I match them by amount and hope nobody paid the same price twice."),
    ("Rachel Dunn", "And Elena, what would you change about the schedule view?"),
    ("Elena Petrova", "I want colour by treatment type. A new patient assessment takes twice as long, and I can't see them coming until I open each appointment."),
    ("Kofi Mensah", "Colours would help us too, for the jobs that need the long ladder."),
    ("Rachel Dunn", "That's a great point. Thank you both, that's everything for today."),
]


def teams_vtt() -> None:
    guid = "6d1e4c2a-93b5-4f1e-8c7a-2b0f5e9d1a37"
    out, t = ["WEBVTT", ""], 3.21
    for n, (who, text) in enumerate(TEAMS, start=10):
        for k, sentence in enumerate(_sentences(text)):
            length = 1.0 + 0.3 * len(sentence.split())
            out += [f"{guid}/{n}-{k}", f"{_clock(t)} --> {_clock(t + length)}", f"<v {who}>{sentence}</v>", ""]
            t += length + 0.3
    write("teams_research_call.vtt", "\n".join(out), bom=True, crlf=True)
    record("teams_research_call.vtt", TEAMS, interviewers=["Rachel Dunn"])


# 6. Google Meet transcript (Google Doc saved as TXT and as DOCX).
MEET = [
    ("Priya Raman", "Thanks for talking to us about pricing, Hiroko. What did you compare us with before you signed up?"),
    ("Hiroko Sato", "Two class booking tools built for gyms. They were cheaper, but neither had a waitlist that moves people up automatically."),
    ("Priya Raman", "What would a fair price look like for your studio?"),
    ("Hiroko Sato", "I'd happily pay a flat monthly price for unlimited classes. Paying per appointment feels wrong when one class has twenty students."),
    ("Priya Raman", "Would you pay extra for memberships and class packs?"),
    ("Hiroko Sato", "Yes, if the packs count down by themselves. Right now I track class packs in a notebook at the front desk."),
]
MEET_DOCX = [
    ("Priya Raman", "Bo, you mentioned per-seat pricing in the council. Can you say more about how it affects your team?"),
    ("Bo Chen", "I have two apprentices who only need the schedule. Paying a full seat for each of them is why they aren't on the app."),
    ("Priya Raman", "What would you do if view-only seats were free?"),
    ("Bo Chen", "I'd add both apprentices tomorrow and stop printing the schedule every morning."),
    ("Bo Chen", "And my office helper on Fridays, she only sends invoices."),
]


def _meet_lines(title: str, turns: list[tuple[str, str]]) -> list[str]:
    names = ", ".join(sorted({w for w, _ in turns}))
    lines = [f"{title} - Transcript", "Attendees", names, "Transcript",
             "This editable transcript was computer generated and might contain errors. People can also change the text after it was created.", "00:00:00", ""]
    for i, (who, text) in enumerate(turns):
        if i and i % 3 == 0:
            lines += ["", f"00:0{i // 3 * 5}:00", ""]
        lines.append(f"{who}: {text}")
    return lines + ["", "Meeting ended after 00:14:52 👋"]


def meet() -> None:
    write("google_meet_pricing_interview.txt", "\n".join(_meet_lines("Pricing interview with Hiroko (2026-03-12 14:00 GMT)", MEET)) + "\n", bom=True)
    record("google_meet_pricing_interview.txt", MEET, interviewers=["Priya Raman"])
    import docx  # python-docx

    document = docx.Document()
    for line in _meet_lines("Seats follow-up with Bo (2026-03-14 09:30 GMT)", MEET_DOCX):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    (HERE / "google_meet_seats_follow_up.docx").write_bytes(buffer.getvalue())
    # Google Meet writes one paragraph per utterance; two in a row by Bo stay two statements.
    record("google_meet_seats_follow_up.docx", counts=dict(Counter(w for w, _ in MEET_DOCX)), interviewers=["Priya Raman"])


# 7. Otter TXT: "Name  m:ss" on its own line, text below; unknown voices are "Speaker N".
OTTER = [
    ("Ayesha Khan", "So tell me about the bakery. How do customers order cakes today?"),
    ("Speaker 2", "Mostly by phone and Instagram messages. I write every order in a paper diary next to the till."),
    ("Ayesha Khan", "What goes wrong with the diary?"),
    ("Speaker 2", "Last month two people ordered the same wedding cake slot and I only noticed the night before. I baked until three in the morning."),
    ("Ayesha Khan", "Would online booking with deposits help?"),
    ("Speaker 2", "If customers could pick a collection slot and pay a deposit, I'd never double book again. Deposits would also stop people who never collect."),
]


def otter() -> None:
    out, t = [], 3
    for who, text in OTTER:
        out += [f"{who}  {t // 60}:{t % 60:02d}", text, ""]
        t += 6 + len(text.split())
    out += ["", "Transcribed by https://otter.ai"]
    write("otter_bakery_interview.txt", "\n".join(out) + "\n")
    record("otter_bakery_interview.txt", OTTER, interviewers=["Ayesha Khan"], generic=["Speaker 2"])


# 8. Podcast layouts: "0:00:13.8 **Name** text" lines, and Markdown "**Name** [0:00]" with text below.
PODCAST_12 = [
    ("Dana Whitfield", "Welcome back to Small Shop Tools. Today I'm talking to Marcus, who runs a bike repair shop. Marcus, what made you move off paper?"),
    ("Marcus Oyelaran", "Losing a customer's bike. Not physically, the ticket fell behind the counter and we forgot to call him for two weeks."),
    ("Dana Whitfield", "Ouch. What do you use now?"),
    ("Marcus Oyelaran", "Brightbook for bookings and invoices. Every repair has a ticket on the tablet, and the customer gets a text when the bike is ready."),
    ("Dana Whitfield", "What still annoys you about it?"),
    ("Marcus Oyelaran", "Parts. I can't keep a parts inventory in it, so I still have a spreadsheet for tubes, chains and brake pads."),
]
PODCAST_13 = [
    ("Dana Whitfield", "This week I'm with Leila, a mobile hairdresser. Leila, how do you plan your days?"),
    ("Leila Haddad", "Around the map. I group clients by area so I'm not driving across town between appointments."),
    ("Dana Whitfield", "Does your booking tool help with that?"),
    ("Leila Haddad", "Not really. It shows a list of appointments, not where they are. I copy the addresses into a map app every morning."),
    ("Dana Whitfield", "If you could add one feature, what would it be?"),
    ("Leila Haddad", "A day view on a map, with travel time between bookings. That would save me an hour a day."),
]


def podcasts() -> None:
    out, t = ["Small Shop Tools, episode 12: Marcus Oyelaran", ""], 13.8
    for who, text in PODCAST_12:
        out.append(f"{int(t // 3600)}:{int(t % 3600 // 60):02d}:{t % 60:04.1f} **{who}** {text}")
        t += 3 + 0.4 * len(text.split())
    write("small_shop_tools_ep12.txt", "\n".join(out) + "\n")
    record("small_shop_tools_ep12.txt", PODCAST_12, interviewers=["Dana Whitfield"])
    out, t = ["# Small Shop Tools, episode 13: Leila Haddad", ""], 0
    for who, text in PODCAST_13:
        out += [f"**{who}** [{t // 60}:{t % 60:02d}]", "", text, ""]
        t += 4 + len(text.split()) // 2
    write("small_shop_tools_ep13.md", "\n".join(out))
    record("small_shop_tools_ep13.md", PODCAST_13, interviewers=["Dana Whitfield"])


# 9. YouTube auto-captions: rolling two-line cues, inline word timing, 10 ms repeat cues, whitespace-only lines.
YOUTUBE = ("so i've been running my grooming van for three years now and i switched to brightbook about a year ago "
           "the main reason was the deposits because no shows were killing me and now people pay twenty percent when they book "
           "the app is fast on my phone which matters because i do everything between dogs "
           "the thing i still want is photos on the invoice so owners can see the before and after "
           "and the card fees on small jobs are a bit painful but overall it paid for itself in the first month")


def youtube() -> None:
    words = YOUTUBE.split()
    lines = [words[i:i + 7] for i in range(0, len(words), 7)]
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    t, previous = 0.0, ""
    for line in lines:
        length = 0.3 * len(line) + 0.5
        tagged = line[0] + "".join(f"<{_clock(t + 0.3 * (i + 1))}><c> {w}</c>" for i, w in enumerate(line[1:]))
        out += [f"{_clock(t)} --> {_clock(t + length)} align:start position:0%", previous or " ", tagged, ""]
        plain = " ".join(line)
        out += [f"{_clock(t + length)} --> {_clock(t + length + 0.01)} align:start position:0%", plain, " ", ""]
        t, previous = t + length + 0.01, plain
    name = "A year with Brightbook - grooming van review [q3VbX9kLm2s].en.vtt"
    write(name, "\n".join(out))
    record(name, counts={}, one_speaker={"name": "A year with Brightbook - grooming van review", "text": YOUTUBE})


# 10. Research interviews with role labels; generic "Interviewee" is a different person per file.
INTERVIEW_12 = [
    ("Interviewer 1", "Can you walk me through the last time you rescheduled a client?"),
    ("Interviewee", "A client texted me at seven in the morning asking to move to Thursday. I had to open the calendar, find a gap, then text her back.\nBecause: the app doesn't let clients reschedule themselves, every change goes through me."),
    ("Interviewer 2", "How often does that happen in a week?"),
    ("Interviewee", "Ten or twelve times. It's the biggest interruption in my day."),
    ("Interviewer 1", "What would good look like?"),
    ("Interviewee", "A link in the reminder text where the client picks a new slot, and I just get a notification."),
]
INTERVIEW_14 = [
    ("Interviewer1 ", "Tell me about how you take payments at the end of a session?"),
    ("Interviewee", "I use the card reader for most people, but regulars pay monthly by bank transfer."),
    ("interviewer", "And how do you keep track of the monthly ones?"),
    ("Interviewee", "A spreadsheet with a column per month. When someone forgets, I only notice at the end of the quarter."),
    ("Interviewer1 ", "What would help?"),
    ("Interviewee", "Automatic monthly invoices for the regulars, and a list of who hasn't paid yet."),
]


def interviews() -> None:
    text = "\n\n".join(f"{who}: {said}" for who, said in INTERVIEW_12)
    write("Interview 12.txt", "Study: scheduling pain points\nDate: 2026-02-17\n\n" + text + "\n", crlf=True)
    record("Interview 12.txt", INTERVIEW_12, interviewers=["Interviewer 1", "Interviewer 2"], generic=["Interviewee"], ambiguous=1)
    text = "\n".join(f"{who}: {said}" for who, said in INTERVIEW_14)
    write("Interview 14.txt", text + "\n")
    record("Interview 14.txt", [(w.strip(), s) for w, s in INTERVIEW_14], interviewers=["Interviewer1", "interviewer"], generic=["Interviewee"])


FOCUS = [
    ("Moderator", "Let's start with reminders. How do your clients hear about their appointment?"),
    ("P1", "Text message the day before. Email gets ignored."),
    ("P2", "We do both, and we still get no-shows on Monday mornings."),
    ("P3", "I call my older clients personally. They don't read texts."),
    ("Moderator", "P2, why Monday mornings, do you think?"),
    ("P2", "People book on Friday and forget over the weekend.\nNote: P2 checked her phone here to confirm the numbers.\nIt was nine no-shows last month, all on Mondays."),
    ("P1", "A second reminder on Monday at eight would fix that."),
    ("P3", "I'd want to choose the time of the reminder per client."),
]


def focus_group() -> None:
    text = "\n".join(f"{who}: {said}" for who, said in FOCUS)
    write("focus_group_03_reminders.txt", "# Focus group 3: reminders\n\n" + text + "\n")
    record("focus_group_03_reminders.txt", FOCUS, interviewers=["Moderator"], generic=["P1", "P2", "P3"], ambiguous=1)


QA = [
    ("Q", "What made you choose Brightbook over the other tools you tried?"),
    ("A", "The invoices looked professional out of the box and the deposits were easy to switch on."),
    ("Q", "What is the one thing you would change?"),
    ("A", "Let me set different deposit amounts per service. A colour takes three hours, a trim takes thirty minutes."),
]


def qa() -> None:
    text = "\n\n".join(f"{who}: {said}" for who, said in QA)
    write("written_qa_salon_owner.md", "# Written Q&A, salon owner\n\n" + text + "\n")
    record("written_qa_salon_owner.md", QA, interviewers=["Q"], generic=["A"])


# 11. A plain-text call with handles and affiliations behind timestamps, a one-off handle and a "Note:" line.
HANDLES = [
    ("Priya Raman", "Quick round: what's the one integration you'd want next?"),
    ("sam", "Google Calendar both ways, please."),
    ("Lee Wong (Acme)", "Payroll. We export hours by hand every fortnight."),
    ("j.doe.eth", "Stripe Connect, so clients can pay in more currencies."),
    ("Ana Ruiz | Globex", "Xero, with refunds and locations mapped properly."),
    ("devbot", "Outgoing webhooks for every object, in order."),
    ("zed_w", "Honestly just QuickBooks Online, nothing fancy."),
    ("sam", "And Instagram booking links if that's possible."),
    ("devbot", "Plus read-only API keys.\nNote: devbot shared a link to the API docs in the chat.\nThat's all from me."),
    ("Priya Raman", "Thanks, that's a clear list."),
]


def handles() -> None:
    out, t = ["Integrations round, customer council follow-up", ""], 5
    for who, said in HANDLES:
        first, *rest = said.split("\n")
        out.append(f"[{_clock(t, millis=False)}] {who}: {first}")
        out += rest
        t += 6
    write("integrations_round_call.txt", "\n".join(out) + "\n")
    record("integrations_round_call.txt", HANDLES, interviewers=["Priya Raman"], ambiguous=1)


# 12. A monologue with no speaker labels (a founder's voice memo, transcribed).
MEMO = ("I started the cleaning company with my sister five years ago. At first we did everything on paper and a shared phone.\n"
        "When we passed ten cleaners the paper system fell apart, so we moved the schedule to Brightbook.\n\n"
        "What I still miss is a way for cleaners to swap shifts between themselves without calling me.")


def memo() -> None:
    write("founder_voice_memo.txt", MEMO + "\n")
    record("founder_voice_memo.txt", counts={}, one_speaker={"name": "founder_voice_memo", "text": " ".join(MEMO.split())})


if __name__ == "__main__":
    for make in (zoom_vtt, zoom_txt, zoom_chat_cloud, zoom_chat_saved, teams_vtt, meet, otter, podcasts, youtube, interviews, focus_group, qa, handles, memo):
        make()
    TRUTH.write_text(json.dumps(truth, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(truth)} fixtures and {TRUTH}")
