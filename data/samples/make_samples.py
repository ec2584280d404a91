#!/usr/bin/env python3
"""Regenerate the bundled "coaching_community" sample data set.

Fictional scenario: Priya Raman runs "The Social Shop Collective", an online community
for small-business owners, and wants personas of her members. This script writes every file
under ``data/samples/coaching_community/`` plus ``coaching_community_truth.csv``.

Deterministic (fixed seeds, fixed Office metadata and zip timestamps): running it again
produces byte-identical files. Uses only the standard library, openpyxl and python-docx.

    python data/samples/make_samples.py
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import re
import zipfile

import docx
import openpyxl

# ---------------------------------------------------------------------------
# Hand-written interviews. "I:" starts an interviewer turn, "C:" a customer
# turn; an unprefixed line continues the previous turn (a new paragraph).
# ---------------------------------------------------------------------------

INTERVIEW_AISHA = """
I: Thanks for jumping on, Aisha. Can you tell me a bit about Happy Paws Walks and where you're at?
C: Yeah of course. So I started Happy Paws about five months ago, it's dog walking and a bit of pet sitting around Didsbury and Chorlton. I still work three days a week at the GP surgery on reception, so it's mornings before work, lunchtimes, and then Thursdays and Fridays are all dogs.
I've got nine regular dogs now which honestly feels like a miracle.
I: Nine is brilliant. How did those nine find you?
C: Mostly word of mouth, if I'm honest. My neighbour's cockapoo was the first one and she told everyone at the park. Two came from a post in the Didsbury mums Facebook group. I don't think a single one came from Instagram, which is funny because that's where I spend all my time worrying.
I: Tell me about the worrying. What does a typical week look like with social media?
C: Chaotic. I'll have a good Sunday where I think right, I'm going to post every day this week, and I'll do Monday and Tuesday and then I just... stop. Wednesday I'm on reception till six, I get home, my son needs his tea, and by the time I remember Instagram it's ten o'clock and I'm too tired to think of anything clever.
Then I feel guilty, and then I don't post for two weeks because it feels weird coming back.
I: That guilt cycle is really common. What stops you when you do sit down to post?
C: Not knowing what to post, mainly. I look at other dog walkers and they've got these lovely reels with music and text and I think, where do I even start? I've got 300 photos of dogs on my phone but I don't know what makes a good post versus just a picture of a dog. And is a picture of a dog enough? I genuinely don't know.
I: What have you tried so far?
C: I downloaded Canva and spent a whole evening on a template and then didn't use it. I watched a load of YouTube videos about the algorithm but they all say different things. One says post three times a day, one says three times a week. One says hashtags are dead.
I ended up more confused than when I started.
I: If I could wave a wand, what would you want from social media in six months?
C: Honestly? I'd love to have a simple plan. Like, Monday you post this, Wednesday you post that, here's a template, done. I don't need to go viral. I want to get to fifteen regular dogs so I can drop a day at the surgery, and I want to feel like I know what I'm doing instead of winging it.
I: Fifteen dogs, drop a day. That's a clear goal. How many hours a week could you realistically give to content?
C: Two? Maybe three if I batch it on a Sunday. That's the bit I need help with, I think, batching. People keep saying batch your content and I nod along but I don't actually know how.
I: What about the feeling side of it? You mentioned it feels weird coming back.
C: Yeah. There's a big imposter thing. I'm not a vet, I'm not a trainer, I'm just someone who loves dogs and is reliable. Who am I to be giving tips? So I don't post tips, I post photos, and then nobody engages and I think well there you go, nobody cares.
I: Do your current clients tell you what they value?
C: Oh they say I'm reliable and I send them photos during the walk. One lady said the photo updates are the best part of her day. Which, now I'm saying it out loud, maybe that's the content.
I: I think it might be. Is there a platform you feel most comfortable on?
C: Facebook, weirdly, because that's where the local mums are and they actually reply. Instagram feels like a performance. TikTok I've not even opened, I'm scared of it. I'm 38, I don't dance.
I: No dancing required, I promise. Last question, what would make the community most useful for you?
C: Accountability, probably. Someone to say "Aisha, did you post this week?" And examples from people like me, tiny businesses, not big brands with a team. When I see a local cleaner or a dog groomer doing it well I think okay, I could do that.
I: That's really helpful, thank you Aisha.
C: Thank you for asking, honestly it's nice to talk about it out loud.
"""

INTERVIEW_TOM = """
I: So Tom, you joined the Collective in January. What made you sign up?
C: Panic, mostly. Ha. I left my job at the warehouse in November to go full time with Becker Clean, which is domestic and end-of-tenancy cleaning in Bristol, and I'd assumed the customers would just sort of turn up. They didn't. My wife said "you need to be on social media" and I said "doing what?" and she didn't know either.
I: How are you getting customers at the moment?
C: Checkatrade, a couple of letting agents I knew from before, and one Facebook post my mate shared that got me three jobs in a week. That one post did more than anything, which is why I think there's something in it. I just don't know how to do it on purpose.
I: What have you posted so far?
C: Before and afters, mostly. Ovens. People love an oven. But I've posted maybe eight times in total and I'm not consistent at all. Some weeks I'm out cleaning from seven till seven and the last thing I want to do is sit on my phone writing captions.
I: What's the hardest part of writing a caption?
C: Knowing what to say without sounding like a salesman. I'm not a words person. I write "another happy customer" and then I stare at it and think that's rubbish. I'd genuinely like someone to just give me the sentences. Fill in the blanks kind of thing.
I: So templates would help?
C: Massively. A weekly plan and templates. Monday before and after, Wednesday a tip, Friday a review, that sort of thing. I can follow a plan. I was in logistics, give me a checklist and I'm happy. It's the blank page that kills me.
I: You mentioned not having enough time. How many hours a week do you think you spend on social right now?
C: Thinking about it? Loads. Actually doing it? Maybe forty minutes. That's the frustrating bit. I spend more time worrying about posting than posting.
I: Which platforms are you on?
C: Facebook page, an Instagram that I set up and have barely touched, and Nextdoor, which actually isn't bad for cleaning. Someone told me I should be on TikTok because cleaning videos go viral, but I don't want to be the face of it, I'm quite a private person.
I: What would success look like six months from now?
C: Steady bookings so I can hire one person. Right now I'm turning down end-of-tenancy jobs because I can't do them alone, but I'm also not busy enough midweek to pay someone. If social media could fill my Tuesdays and Wednesdays I'd be made up.
I: And how do you feel about the money side of it, ads and so on?
C: I boosted one post for twenty quid and got a load of likes from people in Spain, I think. So no, never again until I understand it. I'd rather get the free stuff right first.
I: Is there anything that's surprised you since joining?
C: How many people feel the same. I thought everyone else had it figured out. Reading the Facebook group, there's a florist and a dog walker and loads of others saying exactly what I'm thinking. That helped, honestly. Made me feel less daft.
I: Anything you'd want me to add to the programme?
C: Short stuff. Ten-minute videos, not an hour-long webinar. And a list of thirty post ideas for service businesses that I can just work through. I'd print it out and stick it on the fridge.
I: Love that. Thanks Tom.
C: Cheers Priya.
"""

INTERVIEW_LUCY = """
I: Lucy, thanks for making time. Give me the quick version of Lumen Skin?
C: Sure. Lumen is a small skincare brand, three products at the moment, a cleanser, a vitamin C serum and a barrier cream. We're on Shopify, we launched about two years ago from my flat in Walthamstow, and we now do around four hundred orders a month. It's me and a part-timer who does fulfilment.
I: Where do most of those orders come from?
C: Paid social, mostly Meta. Instagram and Facebook ads. Some from TikTok, some from email, a bit from Google. Organic Instagram is maybe ten percent if I'm generous.
I: And how are the ads going?
C: Honestly, badly lately. My ROAS was about 3.2 last spring and it's sitting around 1.6 now. CPMs went up, my creatives are tired, and every time iOS does something my attribution gets worse. I'm spending roughly four grand a month on Meta and I can't tell you with a straight face which of it is working.
I: That's a lot of money to feel unsure about.
C: It's terrifying. It's my biggest cost after stock. I keep thinking I should cut it, but when I paused for a week in October sales dropped by half, so I'm kind of trapped.
I: What have you tried on the creative side?
C: UGC. I paid a couple of creators through one of those platforms, got eight videos, two of them worked really well and six were a waste of money. The ones that worked were real people with real skin talking about the texture, nothing polished. So now I'm trying to figure out how to get more of that without paying £150 a video.
I: Talk to me about conversion on the site.
C: Conversion rate is about 2.1%. Abandoned carts are huge, like seventy percent of people who add to cart don't buy. I have a Klaviyo abandoned cart flow, three emails, and it recovers some, but I think the problem starts earlier. Maybe shipping cost, maybe people don't trust a brand they've never heard of.
I: How do you use organic social alongside the ads?
C: That's what I want to get better at. Right now organic is an afterthought. I post product photos on the grid because I feel like I have to, but the analytics say nobody cares. What I'd love is for organic to be where I test ideas. If a reel does well organically, I turn it into an ad. I know big brands do that, I just don't have a system.
I: What does six months from now look like if it goes well?
C: ROAS back over 2.5, conversion up to 3%, and an email list that actually makes money on its own. I've got nine thousand subscribers and I send one newsletter a month because I never have time. My goal is for email to be twenty-five percent of revenue.
I: What's the biggest thing standing in the way?
C: Time and focus. I'm doing product development, customer service, ads, content, all of it. And I get overwhelmed by the data, there are so many dashboards. Shopify says one thing, Meta says another, GA4 says something else entirely. I just want one number I can trust.
I: Do you look at TikTok Shop at all?
C: I've looked. It scares me a bit, the discounting culture. I don't want Lumen to be a cheap brand. But a friend who sells haircare does really well there, so I keep wondering if I'm missing out.
I: Last one, what would be most useful from the Collective for you?
C: Honest numbers from other ecommerce sellers. Everyone online says "I scaled to 100k a month" and I want to hear from people like me, doing 15 to 30k, about what their ad spend really looks like. And maybe ad creative reviews, someone looking at my ads and saying "this hook is weak".
I: Brilliant. Thanks Lucy.
C: Thank you, this was really useful.
"""

INTERVIEW_HARRIET = """
I: So Harriet, tell me about Lang Studio.
C: I'm a brand designer, solo, based in Bristol. Logos, brand identities, packaging sometimes. I've been freelance for six years, before that I was at an agency in London. Most of my clients are small food and drink brands and a few professional services firms.
I: How do clients find you today?
C: Referrals, almost entirely. An old colleague sends me work, happy clients tell their friends, and I get the odd enquiry from my website. Which is lovely, but it's feast or famine. Last autumn I had three projects at once and I was working weekends. In January I had nothing booked and I was panicking.
I: So the goal is something more predictable?
C: Exactly. I want a steady pipeline of leads that doesn't depend on whether someone happened to mention me at a dinner party. Ideally I'd have two or three discovery calls a week with the right kind of client, and I could be a bit pickier about what I take on.
I: Where does social media fit in at the moment?
C: Instagram, historically, because I'm a designer and that's where designers show work. But honestly, my clients aren't hiring from Instagram. Other designers like my posts. Founders who have a budget of eight grand for a rebrand are on LinkedIn. I've just been slow to accept that.
I: What's held you back on LinkedIn?
C: It feels cringe, to be blunt. All those posts that start with "I was fired on a Tuesday. Here's what it taught me about B2B sales." I don't want to be that. I'm also not sure what I'd say. I know my stuff, but writing about it feels like showing off.
I: What would you want people to think of you after reading your posts?
C: That I'm the person who really understands small brands. That I'm thoughtful and I get results. I'd love to be seen as an authority on packaging for independent food brands. That's quite a niche, and I think I could own it if I was visible.
I: Do you have case studies?
C: I have portfolio pages. Pretty pictures. What I don't have is the story, the before and after in business terms. One client's sales went up forty percent in Waitrose after the repackaging, and I've never posted about it. That's mad, isn't it, when I say it out loud?
I: It's very common. What about email?
C: I started a newsletter in 2023, sent four issues and stopped. I had about 200 subscribers. I'd like to restart it, maybe monthly, but I struggle to see how it leads to work. Is a newsletter worth it for someone like me, or is that a waste of time?
I: We'll come back to that one. How much time do you have for all this?
C: Three hours a week, protected. I've put it in the diary as "marketing" on a Friday morning. The problem is client work always eats it. If I'm being honest, I need a system where I can write a month of LinkedIn posts in one sitting.
I: Is video something you'd consider?
C: Not yet. Maybe short talking clips later. I'm more comfortable writing. Carousels, maybe, since I'm a designer, that feels like a natural fit.
I: What would make this year a success?
C: Half my work coming from people who found me through LinkedIn or the newsletter rather than referrals. And putting my day rate up. I'm undercharging, I know I am, and positioning myself as an expert is part of justifying that.
I: Love it. Thank you, Harriet.
C: Thanks Priya, this was genuinely useful just to say out loud.
"""

INTERVIEW_SARAH = """
I: Okay, I think we're recording. Sarah, thanks for doing this. Could you start by telling me what you make?
C: Sure! So I make stoneware ceramics, mugs, bowls, little bud vases, from a studio in Margate. I sell on Etsy, at craft fairs, and through my own little website. I also do drop-in wheel classes on Saturdays, which has become a bigger part of the business than I expected.
I: Where does Instagram fit in?
C: It's kind of everything and nothing. Everything because that's where my people are, other makers, the customers who buy at fairs and then follow me. Nothing because in the last year the reach has just died. I used to post a photo of a new glaze and sell out a kiln load in a day. Now the same kind of post gets a third of the likes.
I: What changed, do you think?
C: The algorithm, obviously, everyone says it's reels now. And I've tried. I've done a couple of reels of me throwing on the wheel and those do way better, like thousands of views compared to hundreds. But I find them exhausting. Setting up the tripod, the lighting in the studio is awful, and I hate seeing my face. I'm really camera-shy.
I: Do you need to show your face?
C: I don't know! That's one of my questions. Hands on clay seems to work. But then people say you need to show the person behind the brand for authenticity. And I'm torn, because I love that side of it, people buying from a real person, knowing the mug was made by me, but I don't want to be an influencer.
I: Tell me about pricing.
C: Ugh. Yes. So pricing handmade work is a constant battle. A mug takes me, if you count throwing, trimming, handles, two firings, glazing, about two hours spread across a week, and I sell it for £32. People comment "that's expensive for a mug". And then I see mass-produced handmade-look mugs on Amazon for £12.
I'd love to get better at explaining why it costs what it costs without sounding defensive.
I: Could process content help with that?
C: I think so. When I showed the glaze testing, forty test tiles for one colour, someone said "I had no idea it was that much work". That's the kind of thing I want people to see. The problem is remembering to film while I'm doing it, with clay all over my hands.
I: What about TikTok?
C: I set it up and posted three videos. One got twelve thousand views, which was wild, but it didn't lead to a single sale. The audience felt different. Lots of "asmr" comments, not "where can I buy". So I don't know if it's worth the time.
I: And craft fairs, how do they connect to social?
C: Fairs are where I actually make money in the autumn. I'd like to use Instagram more to tell people where I'll be and then follow up after. Right now I hand out cards and hope. I've started collecting emails at the stall with a little clipboard, but I haven't emailed anyone yet. Ha.
I: What would success look like in six months?
C: Selling out my quarterly shop update without panicking about it, and my Saturday classes always full. And feeling like I've got a way of doing content that suits me. Calm, a bit slow, nothing dancing. Community over numbers.
I'd honestly rather have two thousand people who really care than fifty thousand who scroll past.
I: That's lovely. Anything else?
C: Just that I love the maker threads in the group. It's nice to be around people who get why you'd spend a week on one vase.
I: Thanks Sarah.
C: Thank you!
"""

INTERVIEW_BEX = """
I: Thanks for chatting, Bex! Tell me about the salon.
C: So Morgan & Co is a six-chair salon in Pontcanna in Cardiff. I opened it four years ago after ten years renting a chair elsewhere. There's me, four stylists and an apprentice, Ffion, who's amazing on TikTok, I'll come back to that.
I: How do new clients find you?
C: Google is massive for us. When people search "hairdresser near me" or "balayage Cardiff", that's where the bookings come from. We've got about 280 Google reviews and I'm obsessive about them. Then Instagram for people who want to see the work before they book. And walk-ins, especially for blow-dries on a Saturday.
I: What's working on Instagram?
C: Before and afters, always. Colour transformations do amazing. The frustrating bit is I rely on the stylists to take photos and half of them forget, or the lighting is terrible, or the client doesn't want to be on there. So some weeks we post loads and some weeks nothing.
I: How do you manage the team posting?
C: Badly! Ha. I tried a shared Google Drive where they drop photos and I caption them, but it became a dumping ground. I'd love a simple system, like each stylist owns one day a week. Do you think that works or does it get messy having five people on one account?
I: It can work with some guidelines. What about your Google Business Profile beyond reviews?
C: I don't really use it properly. I know you can post updates and offers on there, I've done it maybe twice. Is it worth the effort? Someone told me it helps you show up in the map pack, which is where all our bookings come from, so if that's true I should be doing it weekly.
I: You mentioned Ffion and TikTok.
C: Yes! She started doing these little videos of her day in the salon, sweeping up, mixing colour, chatting with clients, and one got 80k views. We got six new bookings from people saying "I saw you on TikTok". But she's 19 and I'm nervous about the brand, and I don't know how to measure whether it's worth her time when she should be learning colour.
I: What about local stuff, Facebook groups, events?
C: The Pontcanna and Canton Facebook community group is gold. When we did a charity cut-a-thon last year for the local hospice, we posted it there and the place was rammed. I want to do more of that, events that bring the neighbourhood in. We've talked about a late-night bridal consultation evening with prosecco.
I: What's the biggest frustration?
C: Time, like everyone. I'm still behind the chair four days a week. And I feel like I'm always chasing the next thing, reels, then TikTok, then Google posts. I'm overwhelmed with all the places I'm supposed to be. I just want to know what actually gets bums in chairs.
I: Is there anything you've stopped doing?
C: We stopped paying for a Facebook ad that was costing £200 a month. It got likes but I couldn't link a single booking to it. Waste of money. Our booking system shows where clients come from and Facebook ads never showed up.
I: Where do you want the salon to be in six months?
C: Midweek fully booked. Tuesdays and Wednesdays are quiet, Saturdays we're turning people away. I'd love social to drive midweek, maybe offers for local office workers on their lunch break. And I want the team posting consistently without me nagging.
I: Thanks Bex, really useful.
C: Any time, lovely.
"""

INTERVIEW_RYAN = """
I: Ryan, quick intro to Stride Supply?
C: We do running gear. Technical tees, shorts, a couple of jackets. Designed in Manchester, made in Portugal. Shopify store, launched 2023. Last year we did about £380k revenue. Team of three.
I: What's your main channel?
C: Meta ads, by a distance. Then TikTok ads, which we started in September, and email. We've tried Google Shopping but for a new brand nobody's searching for us by name, so it's mostly brand terms.
I: How's TikTok going compared to Meta?
C: Cheaper clicks, worse buyers. Our CPC on TikTok is like 30p, on Meta it's £1.10, but conversion from TikTok traffic is under 1% and the return rate is higher. So on paper TikTok looks amazing, in the bank account it doesn't. I keep going back and forth on whether to keep funding it.
I: What does your creative look like?
C: Mostly product on model, shot by a photographer twice a year. Those shoots cost about three grand each and the photos look great on the site, but as ads they're dead. What actually works is my mate running along the canal in the jacket, filmed on an iPhone. Which is a bit depressing given what we spend on shoots.
I: How do you decide what to test?
C: Gut feel, mostly. I know I should have a testing framework. I'd like to get to a place where we launch five new hooks a week and kill the losers fast. At the moment we launch one every couple of weeks and leave it running too long because I don't have time to check.
I: What about the customer side, abandoned carts, repeat purchase?
C: Abandoned checkout is our biggest leak. About 68% abandon. We added Shop Pay and Klarna, which helped a bit. Our email flows are basic: welcome, abandoned cart, post-purchase. Repeat purchase rate is 22%, which I think is OK for clothing, but I want it at 30.
I: Where does organic social sit?
C: Honestly it's neglected. Our Instagram has 6k followers and engagement is poor. I post new drops and that's it. But I've noticed the run club stuff, we sponsor a Thursday run club in Ancoats, gets way more love than product posts. I'd like to lean into that. Community, real runners, less catalogue.
I: What frustrates you most right now?
C: The cost of ads going up while our AOV stays the same. Every month I feel like we're paying more for the same customer. And the reporting is a mess. Meta claims sales that Shopify doesn't show, GA4 is its own universe. I can't make decisions with any confidence.
I: If you could fix one thing in the next six months?
C: Get blended ROAS above 3 so I can stop losing sleep. And build a proper creator programme, ten runners who make content for us every month in exchange for kit and a commission. That feels more sustainable than paying agencies.
I: Have you worked with an agency?
C: Twice. The first one was too expensive, £2.5k a month retainer plus a percentage, and they ran the same three ads for six weeks. The second one was cheaper and worse. I'd rather learn it properly myself and maybe hire someone in-house later.
I: What's one question you'd like answered in the community?
C: How are other small brands actually tracking what works after iOS 14? Like really, what are people using? Triple Whale? Post-purchase surveys? I want the honest version.
I: Great question. Thanks Ryan.
C: Cheers.
"""

INTERVIEW_OLLIE = """
I: Hi Ollie, thanks for doing this. Can you tell me a bit about what you make?
C: No bother. I'm a woodworker. I make chopping boards, serving boards, spoons, and the odd commission. A dining table last month, which took me three weeks. The workshop is a converted cowshed outside Cork. I sell on Etsy, at markets around Munster and through Instagram DMs, believe it or not.
I: DMs? Tell me more.
C: People see a board in a reel, message me "is that one available", and I send them a PayPal link. It's a bit chaotic but it works. About a third of my sales come that way. The problem is it's all dependent on me posting, and when I'm buried in a commission I don't post for weeks and the DMs dry up.
I: What kind of content works best for you?
C: Process, no question. A timelapse of a walnut board going from rough slab to oiled, those get shared loads. People love the moment the oil goes on and the grain pops. Finished product photos on a white background do nothing, I've stopped bothering.
I: Are you comfortable on camera?
C: Hands, yes. Face, no. I did one video talking about where the wood comes from, storm-felled trees from local farms, and it was my best performing post ever, but I cringed for a week. I know I should do more of that, the story of the wood and all, it's the authentic bit. I just feel like a right eejit talking to my phone.
I: How do you feel about the algorithm?
C: Fed up. One month reels are king, then it's carousels, then it's "original content". I'm a woodworker, not a content strategist. I want to make things and share them, and I want to know the minimum I need to do to keep people seeing my stuff.
I: Is pricing a challenge?
C: Huge. I charge €85 for a large walnut board and I still get "I could get one in TK Maxx for twenty". I've started putting the hours in the caption, like "eleven hours, three coats of oil", and that seems to help. But I'm definitely undercharging for commissions. I priced the table at €1,800 and I reckon I made about eight euro an hour on it.
I: What about TikTok or YouTube?
C: I've thought about YouTube, proper long videos of builds. There's a whole woodworking audience there. But editing takes forever. TikTok, I posted the same reels there and they did grand, but no sales. Seems more of an entertainment thing.
I: What would you like to achieve this year?
C: A waiting list for commissions. I'd love to be booked three months ahead so I'm not scrambling. And I'd like to get into two or three good shops, galleries or design stores, that sell my boards wholesale, so I'm not reliant on markets in the rain.
I: Does the community help with that?
C: It does. I picked up the tip about putting hours in the caption from someone in the maker thread. And it's nice to chat with other makers who get it. Most of my mates think I just play with wood in a shed.
I: Anything else you'd like Priya to know?
C: Only that I'd love a session on pricing for makers. Properly. With maths.
I: Noted! Thanks Ollie.
C: Good luck with it all.
"""

INTERVIEW_HANNAH = """
I: Hannah, thanks for having me at the bakery. How long have you been open now?
C: Three years in May. We're on Otley Road in Headingley. Sourdough, pastries, celebration cakes to order. Four staff plus me, and I'm usually in from half five.
I: Who are your customers?
C: A mix of students, young families, and older locals who've lived here forever. Weekends we get people coming from across Leeds for the cardamom buns. During the week it's regulars and people walking past.
I: How important is foot traffic?
C: It's everything. If the weather's bad or there's roadworks, which there were for six weeks in autumn, footfall just drops. I was hoping social media would help people make a special trip, not just wander in.
I: What do you post?
C: Instagram mostly. Bakes coming out of the oven, the counter in the morning. Stories when we've got something new. I do a "what's on the counter today" story most mornings, and when I forget, people actually message asking if we've got the pistachio croissants in.
I: That's a great sign. What's the problem, then?
C: Growth has stalled. We're stuck at about 3,200 followers and they're mostly people who already come in. I'm not reaching new people in the area. And I don't know if that matters or not, honestly. Should I care about followers or just about the till?
I: What about Google?
C: We've got 190 reviews, 4.8 stars. I reply to every single one, even the weird one who said our bread was "too crusty". But our Google Business Profile photos are three years old, and someone told me I should be posting on there every week. I didn't even know that was a thing.
I: And Facebook?
C: There's a Headingley community Facebook group with about 14,000 people in it. When someone posts "where's the best coffee and cake round here" and people tag us, we get a rush. I'm not sure if I'm allowed to post there myself as a business. I don't want to be that spammy shop.
I: Do your staff help with social?
C: Our Saturday girl Amy takes lovely photos. But I'm wary about giving staff the password. And when it's busy nobody has time anyway. If the queue's out the door, nobody's filming.
I: What would you love to achieve?
C: I'd love to fill the celebration cake order book, those are our best margin. And I want more people to come for events. We did a sourdough workshop in January, sixteen people, sold out in two days from one Instagram post. I want to do one a month. That could be a real thing.
I: What's your biggest frustration?
C: That everything I read is aimed at online businesses. Funnels, landing pages, ROAS. I sell buns on Otley Road. I need advice that works for a shop where people have to physically walk in.
I: How much time do you have for it?
C: Maybe twenty minutes a day, in bits. I'm doing it at 6am between trays, which is why it's always rushed.
I: Thank you Hannah. And thank you for the bun.
C: Take one for the road!
"""

INTERVIEW_MARCUS = """
I: Marcus, thanks for your time. Tell me about Bell Accounting.
C: We're a small practice in Nottingham. Me, two accountants and an admin. We look after about 140 small businesses, tradespeople, a few restaurants, some creatives. Bookkeeping, year-end accounts, tax returns, and I do a bit of advisory for growing firms.
I: How do you win new clients?
C: Referrals, mainly from existing clients and from a couple of solicitors I know. Word of mouth has carried us for eight years. But I'm 52, and I'd like to have a practice I can sell one day, and a practice that depends on my personal network isn't very sellable.
I: Where does LinkedIn come in?
C: I've had a profile forever but I only started posting properly last year. I've been writing about Making Tax Digital, because it's coming for sole traders and most of them have no idea. Those posts got good engagement, and two people booked discovery calls off the back of them. That was the lightbulb moment.
I: What's hard about it?
C: Consistency and confidence. I write a post and then sit on it for two days worrying it's boring. Accountancy is not a glamorous topic. I'm frustrated because I know the knowledge is valuable but I struggle to make it interesting.
I: Who are you trying to reach?
C: Business owners turning over 200k to 2 million who've outgrown their bookkeeper. They're busy, they're on LinkedIn a bit, they listen to podcasts in the car. I'd like to be the accountant they think of when they realise their numbers are a mess.
I: What would you like to build?
C: Thought leadership, I suppose, though I hate the phrase. A reputation. I'd like to run a monthly newsletter with a practical tax tip and one client story, and maybe a short webinar each quarter. I want people to trust me before they ever speak to me.
I: Do you use case studies?
C: Not formally. Client confidentiality makes it tricky. But I could anonymise. We saved a joinery firm £18,000 last year by restructuring and they'd probably be happy to talk about it. I just never think to ask.
I: Any other platforms?
C: Facebook I use for personal stuff only. Instagram, I don't see the point for us. YouTube I've wondered about, short explainer videos on things like "what can I claim as expenses". People search those questions constantly. But I don't have the time to film and edit.
I: How do you measure success?
C: Discovery calls booked and clients signed. Likes are nice but they don't pay the rent. If I can get four good-fit enquiries a month from LinkedIn and the newsletter I'd be delighted.
I: What's your biggest worry about doing more content?
C: Looking unprofessional. Our profession is conservative. I'm wary of being too personal, but everyone says the personal posts do better. Where's the line between authentic and oversharing for someone in my line of work?
I: Good question, we'll dig into that one. Thanks Marcus.
C: My pleasure.
"""

INTERVIEW_FIONA = """
I: Fiona, lovely to see you. Tell me about Thistle and Stem.
C: Thank you! So we're a florist in Stockbridge in Edinburgh. Shop plus weddings and events. I've been open seven years. The shop side is walk-ins and local deliveries, the wedding side is where the real money is, but it's seasonal.
I: How do people find you?
C: For the shop, honestly it's mostly people walking past on a Sunday going to the market. And Google, when someone's searching "florist near me" on a Friday afternoon because they forgot an anniversary. We do well on Google, we have about 340 reviews. For weddings it's Instagram and word of mouth from venues.
I: You've been making YouTube videos too, I noticed?
C: Ha, yes, FloristFiona. That started in lockdown. Little tutorials, how to make your supermarket flowers last longer, how to do a hand-tied bouquet. It has 4,000 subscribers and it's brought in maybe two weddings ever, so I'm not sure it's a business thing. I enjoy it though.
I: What's your biggest challenge with social?
C: Competing with the online flower delivery companies. They've got huge ad budgets and they show up everywhere. When someone in Edinburgh searches for flower delivery, half the time they end up with a box from a warehouse in Lincolnshire. I want them to know there's a real florist round the corner.
I: How do you tell that story?
C: I try. I post the Tuesday morning market run, the buckets arriving, the shop window changing every season. People love the window. When we did the autumn window with the dried hydrangeas, loads of people came in just to say they'd seen it on Instagram and had to come and look. That's the dream, really. Social that makes people walk through the door.
I: What about Facebook?
C: The Stockbridge neighbourhood group is brilliant. When we had a flood in the back room last year the group rallied round. I post our Mother's Day pre-orders there and they fill up. But I don't know how often I can post before it's too much.
I: Do you run any events?
C: Wreath workshops in December. They sell out every year. This year I'd love to do spring workshops too, maybe a monthly flower club on a Thursday evening. Local people, a glass of wine, take your arrangement home. I think that builds loyalty more than any post.
I: What frustrates you?
C: The Google side is confusing. My profile got suspended for two weeks in November because I changed the opening hours, and nobody could tell me why. I lost a lot of Christmas enquiries. I felt completely helpless. There's no human to talk to.
I: That's awful.
C: It was. And staff. My two part-timers are lovely but they're not confident on social. I'd like them to post the odd story from the shop when I'm at a wedding, but they're scared of getting it wrong.
I: Where would you like to be in six months?
C: Wedding bookings for 2027 started, spring workshops running, and the shop busier on weekdays. And I'd like to stop feeling like I'm shouting into the void on Instagram when I know the people who actually buy are two streets away.
I: Thank you Fiona.
C: Thanks, Priya, that was fun.
"""

INTERVIEW_ZOE = """
I: Zoë, thanks for joining. What's Pawfect Threads?
C: We make dog collars, leads and bandanas in fun prints. It started as a side hustle on Etsy in 2021, moved to Shopify in 2023, and now it's my full-time job. We're based in Bristol, I've got one part-time packer. About 600 orders a month, more in November and December.
I: What's driving sales?
C: Instagram and TikTok ads mostly, plus a lot of organic from dog accounts. Dog influencers are huge in our world. When a big dog account tags us, we can sell 200 bandanas in a weekend. The problem is it's unpredictable. I can't plan stock around a spaniel going viral.
I: How do you work with those accounts?
C: Gifting, mostly. I send free products and hope they post. Maybe one in four does. I'd love to make it more structured, affiliate codes, proper tracking, so I know which creators actually drive sales and which just want free stuff.
I: And paid ads?
C: I spend about £1,500 a month across Meta and TikTok. ROAS on Meta is around 2.4, TikTok around 1.8. The creative that works is always the dog, not the product. A dog shaking its head in a bandana beats any flat lay. But I can't keep coming up with new dog videos every week. I'm running out of dogs I know! Ha.
I: What about your website?
C: It converts at about 2.8%, which I'm told is decent. Our biggest issue is sizing. People abandon because they're not sure which collar fits. I added a size guide, but I think a video would help. And shipping costs. When I tested free shipping over £30, AOV went up by £6, which was brilliant.
I: And product photos?
C: I shoot them myself in my spare room with a lightbox. They're fine. What I'd love is lifestyle shots, dogs in parks wearing our stuff, but photographers are too expensive for a business my size.
I: Email?
C: I use Klaviyo, I've got 11,000 subscribers. The abandoned cart flow makes about 8% of revenue. I send a newsletter when there's a new print drop. I want to do a birthday flow, you know, "it's Biscuit's birthday, here's 15% off". Dog owners are obsessed with their dogs' birthdays.
I: What's frustrating you most?
C: Copycats, honestly. Someone copied our lemon print bandana and was selling it on TikTok Shop for £3. And the algorithm changes on Instagram. Our organic reach dropped by half in January and nothing in our content changed.
I: What do you want to achieve this year?
C: Hit £250k revenue, get ROAS steady above 2.5, and launch a wholesale range for pet shops. Oh, and I'd love to reduce my reliance on Meta. It feels risky having one platform control most of my sales.
I: Thanks Zoë.
C: Thank you!
"""

INTERVIEW_DANIEL = """
I: Daniel, thanks for joining. Tell me about your coaching business.
C: Thanks for having me. I'm a business coach for first-time managers and small business founders, based in London. I spent fifteen years in corporate HR, left in 2024, and now I run one-to-one coaching and a small group programme for founders who are hiring their first team.
I: Where do your clients come from at the moment?
C: My old network, mostly. People I worked with who now run teams. Some referrals from an executive coaching directory. But that network is finite and I can feel it running dry. I had six clients in the autumn and now I have three.
I: What have you done on social so far?
C: LinkedIn, posting two or three times a week. I've grown from 1,100 to about 4,000 followers. But I look at my analytics and most of my audience is other coaches and HR people. Not the founders I want to work with. It feels like I'm building an audience of peers, not buyers.
I: How do you know that?
C: The demographics in LinkedIn analytics. The job titles are "HR business partner", "coach", "consultant". Which is nice, they're supportive, but they don't hire me.
I: What kind of posts do you write?
C: Leadership lessons, stories from my HR days, frameworks. The framework posts get the most likes. The story posts get the most DMs. I've had maybe five DMs that turned into discovery calls and two that became clients. So the stories are probably the thing, even if they look less impressive.
I: What's your offer, and how do people buy?
C: They book a free 30-minute discovery call through my website. Then it's a three-month coaching package at £2,400. I'm thinking about a lower-priced entry point, maybe a workshop for £150, so people can try me before committing. Is that a good idea or does it cheapen things?
I: What's the biggest struggle?
C: Standing out. Everyone on LinkedIn is a coach now. I want to be known for one thing, helping founders become good bosses. But I keep writing about general leadership because I'm scared of narrowing too much.
I: Any other channels?
C: I've been a guest on three podcasts. One of them got me a client, the founder of a fintech who heard me talking about difficult conversations. Podcasts feel really powerful for authority. I'd like to be on one a month. And I've started a newsletter on Substack, about 300 subscribers.
I: What would success look like by the summer?
C: A full practice, eight one-to-one clients, and a waiting list for the group programme. And I'd love it if people said "you should talk to Daniel" in rooms I'm not in. That's the real goal, word of mouth at scale.
I: Anything you'd want from the Collective?
C: A LinkedIn content review would be helpful. Someone telling me honestly which of my posts sound like everyone else. And I'd like to connect with the other service people, accountants, designers, for referral partnerships.
I: Great. Thank you Daniel.
C: Thanks Priya.
"""

INTERVIEW_RACHEL = """
I: Hi Rachel, thanks for speaking with me. Could you tell me about your business?
C: Hi! Yes, so, Little Parties by Rachel. I do children's party planning and styling in Norwich. Balloon arches, themed tables, that kind of thing. I launched in September so I'm very new. I've got two kids, four and seven, and I'm doing this around school runs.
I: How's it going so far?
C: Up and down. I've done eleven parties, mostly friends of friends. Everyone loves them and says they'll recommend me, but then it goes quiet. I don't really know how to get strangers to book.
I: What are you doing on social media?
C: I've got an Instagram and a Facebook page. I post pictures of the parties afterwards, but honestly I'm all over the place. Some weeks three posts, some weeks nothing because one of the kids is ill or I've got a party to prep. I'm just so overwhelmed. I don't know what I'm meant to be doing.
I: What feels most overwhelming?
C: Everything? Ha. Reels, stories, hashtags, what time to post, captions. Everyone online says something different. I spent a whole evening watching a YouTube video about the algorithm and then felt worse. I don't even know where to start.
I: What do you think would help?
C: Someone just telling me what to post each week. Like, a simple plan I can follow. I'm good at following instructions, give me a template and I'll fill it in. Canva templates that match my colours would be amazing.
I: How much time can you give it?
C: Honestly, maybe an hour a week? In the evenings after bedtime, if I'm not falling asleep. That's why I need something quick.
I: Do you ever feel nervous about posting?
C: All the time. There's a woman in Norwich who's been doing parties for ten years and her stuff is amazing. I look at her page and think who am I kidding. I feel like an imposter, like people will think I'm just a mum playing at business.
I: That's a really common feeling in the group.
C: It helps to hear that, actually. I see other people posting in the Facebook group saying the same thing and it makes me feel less alone.
I: Which platforms do your customers use?
C: Facebook, definitely. Mums in Norwich all use the local Facebook groups. When I posted in Norwich Mums Network I got two enquiries. Instagram is more for showing off the pretty photos. I haven't tried TikTok, I don't have time to learn another app.
I: Where would you like to be in six months?
C: Two parties every weekend, booked by people I don't know. And posting three times a week without it taking over my life. I'd also like a proper price list. I'm probably undercharging because I just guess.
I: Anything else you'd like Priya to know?
C: Just that the group has been a lifeline. And please, more bite-size stuff. Voice notes, short videos. I can listen while I'm blowing up balloons.
I: Ha, love that. Thanks Rachel.
C: Thanks Sam!
"""

# ---------------------------------------------------------------------------
# Hand-written sentence pools, one sentence per line, per type and category.
# Placeholders: {biz} business name, {city}, {what} what they sell/do.
# ---------------------------------------------------------------------------

POOLS = {
    "overwhelmed_starter": {
        "pain": """
I literally don't know what to post. I open Instagram, stare at it for ten minutes and close it again.
Posting consistently is my biggest struggle, I manage a week and then life happens and I vanish for a month
I work full time and do {biz} on evenings and weekends so by 9pm my brain is mush and the last thing I want is to write a caption
honestly feel like such an imposter posting tips when I've only been going since the summer
I'm so overwhelmed by all the advice. reels, carousels, stories, hashtags, no hashtags... where do you even start??
Every time I sit down to plan content one of the kids needs something and that's that for the night.
I spent three hours on Canva making one post and it got four likes. Two of them were my mum and my sister.
I can't afford to pay someone to do it for me but I also can't seem to do it myself. Frustrating.
The algorithm stuff goes straight over my head tbh
I feel guilty every day I don't post, which is most days
I keep buying courses and not finishing them. I think I have four half-watched courses on social media right now.
Struggling to find time between the day job, the school run and actually doing the work for {biz}.
My problem is I have loads of ideas at 2am and none when I actually sit down to post
I compare myself to people who've been doing this for years and then I just don't post at all
It's the blank caption box that gets me every time. I type, delete, type, delete.
I hate being on camera, I hate my voice, I hate the sound of me saying 'hi guys'. so reels are out for now lol
I'm finding it really hard to switch off. I'm either doing the business or feeling bad about not posting about the business.
Tried posting every day in January, burnt out by the 12th.
Nobody told me running a business meant also being a photographer, copywriter and marketing department
Most of my followers are friends and family, not actual customers, and I don't know how to change that
I get home from my shift at 6, cook tea, bath and bed for the little one and then I'm supposed to be 'creating content'? with what energy
Starting {biz} from scratch in {city} with no audience is so much harder than I thought it would be
""",
        "goal": """
I just want a simple weekly plan. Monday post this, Thursday post that. Nothing fancy.
My goal is to post three times a week for a whole month without missing. Small goal but it'd be huge for me.
I'd love some templates I can just drop my photos into
Hoping to get my first ten customers from people who aren't related to me 😂
I want to feel confident enough to actually tell people what I do without cringing
Would love to be able to hand in my notice by the end of the year and do {biz} full time
I want to batch a month of posts in one afternoon like everyone says you can. One day!
My goal for this quarter is just to stop overthinking and hit publish
I'd love to have a bank of post ideas so I'm never staring at a blank screen again
Hoping to get to the point where social media takes me an hour a week, not my whole Sunday
I want to understand the basics properly before I try anything clever
I'd like to pick ONE platform and get good at it instead of being rubbish at four
Goal is simple: be consistent, be myself, get a few bookings.
I'd really like a checklist for when I post. Photo, caption, call to action, done.
I want to build a bit of an audience locally so when I launch properly in spring people already know me
Would love to get to 500 followers by summer. Feels like a lot right now.
I'm hoping to find a routine that works around school hours
I want to stop winging it. That's it. That's the goal.
I'd love to be fully booked for {what} in {city} by the summer holidays
""",
        "channel": """
I'm mostly on Facebook because that's where the local people are. Instagram feels like a different language.
Set up a TikTok account and then got scared and never posted, does that count 😅
Instagram is where I post but I honestly don't know if anyone who sees it would ever buy from me
The local Facebook groups have got me more enquiries than my own page has
I've been watching loads of YouTube tutorials but they all contradict each other
Word of mouth is still where nearly all my work comes from if I'm honest
I listen to marketing podcasts on the school run, sometimes I even remember what they said
Pinterest keeps being mentioned but I have no idea how that would work for {what}
I use Canva for everything and Instagram for posting, that's about the extent of my tech
LinkedIn feels way too corporate for me, I'm sticking with Insta and FB for now
I've got a WhatsApp business account and honestly that's where most of my bookings happen
My Instagram is a mix of personal and business and I think that confuses people
Someone said I should start an email list. I have 11 people on it. One of them is me.
Nextdoor has been surprisingly good for getting the word out round here
Mostly Instagram stories because they disappear and I don't have to worry about them being perfect
I don't have a website yet, just a Facebook page and a Google listing my nephew set up
""",
        "question": """
How often should a brand new business actually post? Is three times a week enough?
What do you post when you don't have any customers yet to show off?
Is it ok to use the same post on Facebook and Instagram or is that lazy?
Do I need a separate business account or can I just use my personal one for now?
How do you batch content when you have literally no free time?
What's the ONE thing you'd do first if you were starting from zero?
Does anyone have a template for a weekly content plan they'd be willing to share?
How do you get over feeling like a fraud when you post?
Are hashtags still worth it or a waste of time?
What's a good time to post, or does it not matter anymore?
How do I write a bio that explains what I do in one line?
Is it bad to post and then not post for two weeks? Will the algorithm punish me?
Does anyone else schedule posts? What app do you use that's free?
How long did it take you before you got your first customer from Instagram?
How do you decide what's worth posting and what's just noise?
Should I even bother with a website yet or is a Facebook page enough for now?
""",
        "story": """
Small win: posted three times this week!! that's a record for me
Just did my first ever reel. 212 views. I'm choosing to be happy about that.
Got my first booking from someone I've never met!! She found me on the Facebook group 😭
This week's post about why I started {biz} got more comments than anything else I've ever posted
I printed the 30 day post ideas list and stuck it on my fridge, ticked off 4 so far
Used one of the caption templates from the last session and it took me 10 minutes instead of an hour. Game changer.
Took a week off social completely because I was drowning. Back now and feeling a bit better.
My daughter helped me film a reel today. She's 9 and much better at it than me.
Honestly this group is the only place I don't feel like I'm the only one who has no idea what they're doing
I finally set up a Google profile for {biz}, one small job off the never ending list
First month of {biz} done. 4 customers, lots of learning, very little sleep.
Just wanted to say the Monday planning thread is keeping me going
Batched 6 posts on Sunday while the kids were at their nan's. Feeling very smug
Had a wobble this week, nearly deleted my whole account. Glad I didn't.
""",
    },
    "local_shop": {
        "pain": """
Footfall has been really slow since January, the high street just feels quiet
Our Google reviews are great but I never know what to do with them beyond replying
Roadworks outside the shop for six weeks absolutely killed our walk-ins, and posting about it didn't seem to help
Getting the staff to take photos is like pulling teeth. They're busy serving, which is fair enough.
I'm on the shop floor all day, I can't be on my phone making reels at the same time
We got a fake one-star Google review last week and I've been fuming about it. No idea how to get it removed.
Boosted a Facebook post for £50 and not one person mentioned it when they came in. Total waste of money.
The big chains nearby have marketing teams. It's me and a Saturday lad.
Instagram followers are lovely but half of them live nowhere near {city}
Midweek is dead. Weekends we're rammed. I can't work out how to even it out.
I struggle to post in the local Facebook groups without feeling like I'm spamming people
Our Google Business Profile was suspended for no reason in December. Christmas week. I nearly cried.
Rent and rates going up, footfall going down, and I'm supposed to be dancing on TikTok
I can't figure out how to track whether someone walked in because of a post
Delivery apps are taking a massive cut and people don't realise they can just come in
Frustrated that all the social media advice is for online brands. I need people through the door, not clicks.
I don't want to hand the Instagram password to staff and then find something weird on there
The weather decides our takings more than anything I post, honestly
Parking in {city} is a nightmare and customers tell me that's why they don't come in as often
""",
        "goal": """
I'd love to get more locals coming in on weekdays, even just a few more a day would make a difference
My goal is to get {biz} into the top three on Google Maps for our area
I want to run one community event a month, something that gets the neighbourhood through the door
Hoping to get to 300 Google reviews by the summer
I'd love a simple rota so each member of staff posts once a week
I want {biz} to be the first name people think of in {city} for {what}
Would love to partner with other independents on our street, a joint late-night shopping evening or something
Hoping to use Instagram to let people know what's in fresh each morning
I want regulars to feel like part of something, not just customers
My goal is for the shop to be busy on a Tuesday. That's the dream lol
I'd like the tourists who come through {city} in summer to actually find us
Want to get our Google profile updated every week with new photos and offers
I'd love our window displays to be something people share
Goal for this year: fewer discounts, more loyal locals
I want to get better at asking happy customers for reviews without it being awkward
Hoping the workshops we're planning will bring in a new crowd
I'd like our Facebook page to be somewhere locals actually check for news, opening times, events
""",
        "channel": """
Facebook community groups are where our customers are, no question. The Instagram crowd is younger but they don't spend as much.
Google is our biggest source of new customers by miles, everyone searches 'near me'
We've got a loyalty card and an email list of about 400 regulars but I barely use the list
Instagram stories work well for 'we've got X in today', people actually come in for it
Our TikTok is run by one of the staff and it's brilliant but I'm a bit scared of it
Word of mouth is still king for a shop like ours
The local paper's Facebook page shared our post and we had queues that weekend
We're on Nextdoor as well, mixed results, lots of complaints about parking
Tripadvisor still matters for us because of the tourists
I post on Instagram but our older customers are all on Facebook
We put our opening hours and offers on Google Business Profile now and it definitely gets views
Honestly the chalkboard outside does more than our Instagram some days
WhatsApp broadcast to our regulars works surprisingly well for last-minute stuff
Tried a local radio ad once, never again. Facebook groups are free and better.
Our website is mostly just opening hours and a map, which is probably all it needs to be?
Instagram reels of the shop being busy seem to make people want to come and see what the fuss is about
""",
        "question": """
How often should I be posting on my Google Business Profile? Is weekly enough?
Is it okay to post in local Facebook groups as a business or do people hate that?
How do you get staff to post without it looking messy?
What's the best way to ask customers for a Google review? A QR code on the counter?
Has anyone had a fake review removed? How??
Do events actually lead to repeat customers or just a busy evening?
How do I know if someone came in because of Instagram?
Is TikTok worth it for a local shop or is it all people from the other side of the country?
What do you do about reviews that mention a staff member by name in a negative way?
Should we reply to every single review, even the 5 star ones with no text?
Anyone done a collab with another local business? How did you split it?
What kind of content works for a quiet Tuesday?
How do you deal with people asking for freebies in exchange for a post?
Do Facebook events still work, or does nobody see them anymore?
Does posting on Google actually help you rank in the map pack or is that a myth?
""",
        "story": """
We did a 'meet the team' post this week and it's our most liked post ever. People love a face.
Someone came in today and said 'I saw your window on Instagram'. Made my week.
Hit 200 Google reviews today!! Took nearly four years but we got there
Our Saturday girl made a TikTok of the morning rush and it got 40k views. No idea what to do with that.
Ran our first late opening last Thursday with the shop next door. 60 people came. Doing it again next month.
Posted in the {city} community group about our new seasonal menu and we were rammed by lunch
We've been open 5 years this week. Thank you to this group for keeping me sane during the quiet months.
Put a QR code for reviews by the till, got 23 new reviews in a month
Had a customer drive 40 minutes because she saw our post in a Facebook group. Mad.
The local primary school shared our charity raffle post and we raised £800
Tried the 'what's new today' story idea for two weeks and people are actually asking for it now
Photo of the dog that sits outside our shop every morning got more likes than any product ever. Lesson learned.
Changed our Google photos for the first time in two years. Small thing but feels good.
""",
    },
    "ecommerce_seller": {
        "pain": """
Meta ads have become so expensive. Our CPMs have nearly doubled since last year.
ROAS has dropped from 3 to about 1.7 and I can't work out if it's the creative, the audience or just the platform
Abandoned carts are killing me. 70% of people add to cart and leave.
Our conversion rate is stuck at 1.4% no matter what I change on the product pages
Product photography is so expensive, a proper shoot costs more than I make in a good week
I'm drowning in dashboards. Shopify, GA4, Meta, Klaviyo all say something different.
TikTok ads get loads of clicks but nobody actually buys. Cheap traffic, terrible buyers.
iOS updates wrecked our tracking and I still haven't recovered
Shipping costs went up again and I'm scared to pass that on because people abandon at checkout
Spent £600 on UGC videos and only one of them was usable. Frustrating.
Organic Instagram reach for product posts is basically zero now, feels pointless
Our email list is 8k people and I barely send anything because I run out of ideas
Ad fatigue is real. A creative works for two weeks and then just dies.
The agency we hired ran the same three ads for two months and charged us £2k a month for it
Returns are eating our margin. Especially from TikTok customers.
I can't compete on price with the dropshippers selling copies of our {what}
Our Shopify apps cost more per month than some of our staff, lol. Death by subscription.
Black Friday was busy but once you take out the discount and ad spend we barely made anything
""",
        "goal": """
My goal is to get ROAS back above 2.5 by the summer
Want to get email to 30% of revenue so I'm not so reliant on Meta
I'd love a proper creative testing system, new hooks every week, kill the losers fast
Hoping to get our conversion rate over 2% before peak season
Want to reduce abandoned checkouts, even 10% fewer would be huge for us
I'd love to build a little creator programme instead of paying agencies
Goal this year is to hit £20k months consistently
Want to understand our analytics well enough to make decisions without guessing
I'd like to get our repeat purchase rate up, new customers are just too expensive to keep buying
Hoping to launch on TikTok Shop without turning into a discount brand
Would love to get some organic content going that we can turn into ads
I want a post-purchase flow that actually gets reviews and photos from customers
My goal is to stop boosting posts and run proper campaigns
I'd love to get lifestyle photos of our {what} without paying a fortune for a shoot
Want to diversify away from Meta, it feels so risky having one platform control our sales
I'd like to get our AOV up with bundles, currently sitting at £34
""",
        "channel": """
Meta is still 70% of our sales but TikTok is creeping up
Pinterest is underrated for us, it drives steady traffic to the site for our {what}
Email is our best channel by profit, Klaviyo flows pay for themselves
Google Shopping works for our bestsellers but nothing else
Instagram is more of a shop window now, the sales come from ads not organic
We tried YouTube ads, way too expensive for our budget
TikTok organic brings in bursts of sales when something randomly goes viral
SMS is working better than I expected, though I'm worried about annoying people
Influencer gifting on Instagram has been hit and miss, maybe one in four posts
Our Shopify store converts best from email traffic by far
Facebook ads still work for the over-40 customers, TikTok is totally useless for them
Started a podcast sponsorship test last month, too early to tell
Amazon is tempting but I worry about the fees and losing control of the brand
Reddit has actually sent us some good customers which I did not expect
We're doing a few Etsy listings too for discovery, but Shopify is the main store
""",
        "question": """
What's a realistic ROAS for a small brand with an AOV around £35?
How are people tracking sales after iOS 14? What tools do you actually trust?
Is it worth paying for UGC or better to find customers who'll film for free product?
How many abandoned cart emails do you send and how far apart?
Does anyone have a creative testing framework that works on a small budget?
TikTok Shop: worth it or a race to the bottom?
How much are you all spending on ads as a % of revenue?
Should I be running Advantage+ shopping campaigns or manual?
Anyone using post-purchase surveys to see where customers heard about them?
What's a good conversion rate for a Shopify store selling {what}?
How do you get product photos that actually look good as ads?
Do you show prices in ads or does it put people off?
Anyone had luck with Pinterest ads for physical products?
When do you decide to kill an ad? After how much spend?
Is free shipping worth it if it eats the margin?
""",
        "story": """
Tested a lo-fi iPhone video against our studio photos. The iPhone video won by miles. Again.
Set up a browse abandonment flow after last week's session and it's made £900 in 10 days!
We hit our first £10k month!! Mostly from one TikTok that took off
Added a size guide video to the product page and returns dropped noticeably
Turned off our worst performing ad set and sales didn't change at all. So that was £40 a day wasted.
Post-purchase survey results: 41% say Instagram, 22% say a friend told them. Interesting.
Started bundling {what} and AOV went up £8 overnight
Finally cancelled four Shopify apps we weren't using. Saving £120 a month.
A customer's unboxing video is now our best ad. Cost us a free product.
Spent the weekend rewriting product descriptions for {biz}, conversion up slightly already
Our first wholesale order came from someone who found us through an Instagram ad, funnily enough
Email open rates went up when I started writing like a human instead of a brand
""",
    },
    "service_pro": {
        "pain": """
I know my stuff but writing about it on LinkedIn feels like showing off
Feast or famine. Either I'm flat out with client work or panicking about where the next project is coming from.
Referrals have carried me for years but they're drying up and I don't have a plan B
Every coach on LinkedIn sounds the same. I struggle to stand out without being cringe.
I get likes from other consultants, not from the people who'd actually hire me
Client work always eats the time I set aside for marketing
I started a newsletter three times and stopped three times
Hard to do case studies when most of my client work is confidential
My profession is quite conservative, I worry about looking unprofessional if I post personal stuff
Discovery calls with people who clearly can't afford me are a waste of time
I feel like I'm shouting into the void on LinkedIn. 12 likes, 2 comments, one of them my cousin.
Undercharging because I'm not seen as an expert yet, and I know it
Writing a post takes me two hours because I rewrite it so many times
I've got no idea how to turn followers into actual enquiries
Everyone tells me to post video. I'm a {what}, not a YouTuber.
The algorithm on LinkedIn punishes external links so my blog posts go nowhere
Too many people want to 'pick my brain' for free after seeing a post
""",
        "goal": """
I want a steady pipeline of leads that doesn't depend on who I bumped into that month
My goal is two discovery calls a week from the right kind of client
I'd love to be seen as the go-to {what} for small businesses in {city}
Hoping to restart my newsletter and actually keep it going this time, monthly is fine
I want to publish one proper case study a month
I'd like to put my day rate up this year and have the positioning to justify it
Want to build referral partnerships with other service providers in this group
I'd love to get on two or three podcasts this year as a guest
Goal: half my new work from LinkedIn and the newsletter, not from referrals
I want people to trust me before we've even spoken
Hoping to run a small webinar each quarter and grow the email list from it
I'd love to write a LinkedIn post in 20 minutes instead of two hours
My goal is to niche down properly and stop being a generalist
Want to be the name people mention when someone asks 'anyone know a good {what}?'
I'd like to turn my best client results into a short talk I can give at local business events
I want to build authority slowly and properly, not chase viral posts
""",
        "channel": """
LinkedIn is where my clients are, Instagram is where my peers are. Took me ages to realise that.
Word of mouth and referrals are 80% of my work
My newsletter has 600 subscribers and it's the only thing that reliably gets replies
Podcast guesting has been the best thing I've done for authority
I've got a website with a blog nobody reads, but Google does send me the odd enquiry
YouTube could work for explainers but I just don't have time to film and edit
Networking breakfasts still get me more clients than all my social media combined
Facebook groups for small business owners are full of my ideal clients asking questions I can answer
LinkedIn newsletters get way more reach than my posts for some reason
Instagram does nothing for me professionally, I mostly use it for holiday photos now
I've had some luck with local chamber of commerce events and then connecting on LinkedIn after
Speaking at events brings in better leads than any platform
Substack has been great for building a small engaged list
Most of my leads still come via Google searches for '{what} {city}'
""",
        "question": """
How personal should a professional be on LinkedIn? Where's the line?
Is a newsletter worth it for a service business or a waste of time?
How do you write case studies when clients want to stay anonymous?
How often do you post on LinkedIn? Daily feels like a lot.
Anyone offer a low-priced entry product before the main service? Does it cheapen things?
How do you get podcast guest spots when you don't have a big following?
Should I be on LinkedIn with a personal profile or a company page or both?
How do you politely handle the 'can I pick your brain' messages?
What's a good way to ask happy clients for a testimonial on LinkedIn?
Do carousels still work on LinkedIn or has that moment passed?
How do you turn a comment on your post into a discovery call without being salesy?
Anyone here using LinkedIn ads? Worth it for high-ticket services?
What's the best way to repurpose one long post into a week of content?
How niche is too niche?
""",
        "story": """
Posted my first proper case study on LinkedIn yesterday, a client's 40% jump in enquiries, and had three DMs already
Got a client from a comment I left on someone else's post. Commenting really works.
Newsletter issue 6 went out today. Two replies asking about my availability 🙌
Finally niched down properly. Scary, but my posts are already so much clearer.
Was on a podcast last week and someone booked a call saying they heard me in the car
Put my rates up 15% for new clients, nobody blinked
Wrote a month of LinkedIn posts in one afternoon using the framework from the last session. Smug.
Referral partnership with another member in this group already brought me one client
My post about a mistake I made early in my career got 10x the reach of my usual posts
Ran my first webinar. 34 signed up, 19 showed up, 2 booked calls. I'll take it.
Someone at a networking event in {city} said 'oh I've seen your LinkedIn posts', first time that's happened!
""",
    },
    "maker_creator": {
        "pain": """
The algorithm change has killed my reach. Same type of post, a third of the views it used to get.
Pricing handmade work is so hard when people compare it to mass produced stuff
I'm so camera-shy, I'll film my hands all day but the second I have to talk to the camera I freeze
Reels take me hours and I'd rather be making
I get 'that's so expensive' comments on every price post and it knocks my confidence
Etsy fees keep going up and the search changes mean my listings have dropped off a cliff
Someone copied my designs and is selling them cheaper on Etsy. Heartbreaking.
I never remember to film the process until the piece is already finished
Craft fair season is so exhausting I don't post for months
Studio lighting is awful for filming, everything looks grey
TikTok views don't turn into sales. Lots of 'satisfying!' comments, no orders.
I feel like I have to be an influencer now just to sell a few {what}
I struggle to talk about my work without underselling it
Being told to 'show your face' for authenticity when I'm a massive introvert is tough
Instagram keeps pushing me to post reels but my audience likes photos. Which do I listen to?
Shop update days are so stressful, I refresh the page for hours
It takes me longer to photograph and list a piece than it did to make it
""",
        "goal": """
I want to sell out my next shop update without discounting
I'd love to build a small but loyal community who really care about handmade
My goal is to get into a couple of good galleries or stockists this year
Hoping to find a content routine that's calm and doesn't burn me out
I want to price my work properly and stop apologising for it
I'd love to share more process, people seem to love seeing how {what} are made
Want to grow my email list so I'm not at the mercy of Instagram
I'd like to run workshops, teaching feels like a natural next step
Goal: a waiting list for commissions
I want to get comfortable enough to talk on camera, even a little
I'd love to rely less on Etsy and more on my own website
Want to make reels that feel like me, slow and quiet, not trendy
Hoping to do fewer craft fairs but better ones
I'd love to tell the story behind my materials, where they come from and why
My goal is to make {biz} a proper income, not an expensive hobby
Want to collaborate with other makers for a joint drop
""",
        "channel": """
Instagram is still where my people are, even if the reach has gone down
TikTok is great for views and rubbish for sales, in my experience
Pinterest is underrated for makers, my pins from 2022 still send people to my shop
Etsy is most of my sales but I hate relying on it
Craft fairs and markets are where I actually make money, social just keeps people warm between them
My email list is small but the people on it actually buy
YouTube long-form process videos feel like a good fit but editing takes forever
I've had more sales from Instagram DMs than from my actual shop link
Facebook is where my older customers are, they love a craft fair update
I do a monthly newsletter with behind-the-scenes photos and it's my best sales day every month
My website is Squarespace, it's fine, but most people still find me through Etsy search
Threads has been nice for chatting with other makers, not for sales though
Word of mouth at fairs is where most of my commissions come from
""",
        "question": """
Do you show your face in reels or just your hands? Does it make a difference?
How do you explain the price of handmade without sounding defensive?
Is it worth posting the same reels on TikTok and Instagram?
How do you remember to film the process when you're in the zone?
Anyone moved off Etsy to their own site? Did sales drop?
Are shop updates/drops still working for you or are people tired of them?
How do you deal with copycats?
What's your pricing formula? Materials x something? Hourly rate?
How many craft fairs do you do a year and which ones are worth it?
Do you put prices in your Instagram posts or make people DM?
Anyone doing wholesale? How do you work out wholesale prices without losing money?
How do I make my studio look less messy on camera lol
Is it better to post finished pieces or works in progress?
""",
        "story": """
Posted a timelapse of one of my {what} from start to finish and it's my best reel ever. Process content wins again.
Put the hours in the caption for the first time and nobody complained about the price
Sold out my spring collection in 40 minutes!!! Still shaking
Did my first talking-to-camera reel. Hated every second. Got my best comments ever.
A gallery in {city} reached out after seeing my Instagram. I'm officially stocked somewhere!
Craft fair on Saturday, sold more than the last three combined. Told everyone on stories beforehand.
My newsletter subscribers bought 60% of the last drop before it even went public
Raised my prices 20% and sold out faster. No idea what I was scared of.
Did a collab giveaway with another maker from this group, gained 400 followers who actually care
Someone bought a piece because they'd watched me make it on stories for a week. That's the magic.
Finally set up proper lighting in the studio. Reels look like actual reels now.
""",
    },
}

SHARED = """
Time is always the problem for me. There's never enough of it.
The algorithm keeps changing and I can't keep up
Content ideas are my biggest block
I've been using ChatGPT for captions but they all sound the same, a bit robotic
Anyone else find Meta Business Suite completely baffling?
Consistency over perfection, I'm trying to remember that
I keep meaning to repurpose content across platforms but never get round to it
Does anyone actually enjoy making reels?
Scheduling tools have saved my sanity this month
I spend way too much time looking at what competitors are doing
"""

OPENERS = """
Great post!
Love this.
Yes!!
So true.
This is so helpful, thank you Priya.
Ha, this is me.
Agree with everyone above.
Following this thread.
Ooh good question.
Needed this today.
Saving this!
Same here.
100% this.
Late to this one but here goes.
Oh I feel this.
Brilliant thread.
"""

CLOSERS = """
Thanks for the tips!
Anyone else?
Off to try this now.
Wish me luck!
Will report back.
Any advice welcome.
Love this group.
x
👏
🙌
"""

YT_OPENERS = """
Brilliant video – thank you!
Watched this twice – so good.
This is the clearest explanation I’ve seen.
Great video Priya, really practical.
Another helpful one – cheers.
"""

SURVEY_ELSE_GENERIC = """
Love the community, thank you!
No, thanks
Keep the Monday threads coming please
n/a
More live sessions in the evening would be great for me
Just thank you Priya, this group has helped more than any course I've paid for
Would love more small-group calls
Can the replays be shorter? I never get through the hour-long ones.
Nothing else really.
The accountability posts are the best bit
"""

# ---------------------------------------------------------------------------
# People. canonical name, designed type, business kind, business, city, what,
# Instagram handle (no @), roster consent (None = not in roster), extras.
# ---------------------------------------------------------------------------

ST, LS, EC, SP, MC = (
    "overwhelmed_starter", "local_shop", "ecommerce_seller", "service_pro", "maker_creator",
)


class Person:
    def __init__(self, name, type_, kind, biz, city, what, handle=None, consent=None,
                 email=None, fb=None, yt=None, li=None, survey=None, extra_aliases=(),
                 style="plain", curly=False):
        self.name, self.type, self.kind, self.biz = name, type_, kind, biz
        self.city, self.what, self.handle, self.consent = city, what, handle, consent
        self.email = email
        self.variants = {"facebook": fb, "youtube": yt, "linkedin": li}
        self.survey_name = survey
        self.extra_aliases = list(extra_aliases)
        self.style, self.curly = style, curly
        self.used = set()

    @property
    def in_roster(self):
        return self.consent is not None

    def display(self, platform):
        if platform == "instagram":
            return self.handle
        return self.variants.get(platform) or self.name

    def ctx(self):
        return {"biz": self.biz, "city": self.city, "what": self.what}


P = Person
PEOPLE = [
    # --- overwhelmed starters -------------------------------------------------
    P("Aisha Bello", ST, "dog walking & pet sitting", "Happy Paws Walks", "Manchester", "dog walking",
      "happypawswalks_mcr", "full", "aisha@happypawswalks.co.uk", fb="Aisha B."),
    P("Tom Becker", ST, "domestic cleaning", "Becker Clean", "Bristol", "cleaning", fb="Tom B."),
    P("Maria Lopez", ST, "meal prep", "Lopez Kitchen", "Leicester", "meal prep", fb="maria lopez",
      email="hola@lopezkitchen.co.uk", style="lower"),
    P("Jenna Price", ST, "virtual assistant", "Price Admin Support", "Cardiff", "VA work",
      "priceadminsupport", "full", "jenna@priceadminsupport.co.uk", style="emoji"),
    P("Kwame Asante", ST, "personal trainer", "KA Fitness", "Birmingham", "personal training",
      "ka.fitness.bham", "first_name", "kwame@kafitness.co.uk", fb="Kwame A."),
    P("Lily Chen", ST, "newborn photography", "Lily Chen Photography", "Glasgow", "newborn shoots",
      "lilychenphoto", "full", "hello@lilychenphotography.com", style="exclaim"),
    P("Rachel Dunn", ST, "children's party styling", "Little Parties by Rachel", "Norwich", "kids' parties",
      "littlepartiesbyrachel", "full", "rachel@littlepartiesbyrachel.co.uk", style="emoji"),
    P("Owen Pritchard", ST, "mobile dog grooming", "Pritchard's Pooch Spa", "Swansea", "dog grooming",
      "poochspa.swansea", "pseudonym", "owen@poochspa.wales", style="typo"),
    P("Grace Adeyemi", ST, "tutoring", "Bright Steps Tutoring", "London", "tutoring",
      "brightstepstutoring", "full", "grace@brightstepstutoring.co.uk"),
    P("Becky Lawson", ST, "yoga teacher", "Becky Lawson Yoga", "Brighton", "yoga classes",
      "beckylawsonyoga", "full", "becky@beckylawsonyoga.com", style="emoji", curly=True),
    P("Nadia Rahman", ST, "mobile nail tech", "Nails by Nadia", "Leeds", "nails",
      "nailsbynadia.leeds", "first_name", "nadia.rahman@gmail.com", style="lower"),
    P("Chloe Barnes", ST, "pet sitting", "Home From Home Pet Sitting", "Exeter", "pet sitting",
      email="chloe@homefromhomepets.co.uk"),
    P("Imran Sheikh", ST, "driving instructor", "Sheikh School of Motoring", "Bradford", "driving lessons",
      style="typo"),
    P("Sophie Turner", ST, "lash technician", "Lashes by Sophie", "Reading", "lashes", style="exclaim"),
    P("Megan Hale", ST, "decluttering service", "Clear Space York", "York", "decluttering",
      "clearspaceyork", "exclude", "megan@clearspaceyork.co.uk"),
    P("Ellie Ward", ST, "baby music classes", "Little Notes", "Nottingham", "baby music classes",
      curly=True),
    # --- local shops ---------------------------------------------------------
    P("Hannah Whitaker", LS, "bakery", "Whitaker's Bakehouse", "Leeds", "bread and cakes",
      "whitakers.bakehouse", "full", "hannah@whitakersbakehouse.co.uk", fb="Hannah W."),
    P("Fiona MacLeod", LS, "florist", "Thistle & Stem", "Edinburgh", "flowers", "thistleandstem", "full",
      "fiona@thistleandstem.co.uk", fb="Fiona M.", yt="FloristFiona", curly=True),
    P("Giorgos Papadakis", LS, "café", "Café Agora", "Liverpool", "coffee and brunch",
      "cafeagora.liverpool", "first_name", "giorgos@cafeagora.co.uk", fb="George Papadakis",
      yt="George Papadakis", survey="George P.", curly=True),
    P("Dev Patel", LS, "bike shop", "Spoke & Chain Cycles", "Sheffield", "bike repairs",
      "spokeandchain", "full", "dev@spokeandchain.co.uk"),
    P("Rebecca Morgan", LS, "hair salon", "Morgan & Co Hair", "Cardiff", "hair", "morganandco.hair",
      "full", "bex@morganandco.co.uk", fb="Bex Morgan", extra_aliases=["Bex M."], style="emoji"),
    P("Sean Gallagher", LS, "pub", "The Crooked Fiddle", "Belfast", "live music and a good pint",
      "crookedfiddlebelfast", "full", "sean@crookedfiddle.com"),
    P("Amira Haddad", LS, "deli", "Haddad's Deli", "Manchester", "deli food", "haddadsdeli",
      "pseudonym", "amira@haddadsdeli.co.uk"),
    P("Paul Jennings", LS, "hardware shop", "Jennings Hardware", "Derby", "hardware", style="typo"),
    P("Lauren Hughes", LS, "beauty salon", "Glow Studio", "Chester", "facials", "glowstudiochester",
      "full", "lauren@glowstudiochester.co.uk", style="exclaim"),
    P("Tariq Aziz", LS, "barbershop", "Fade Factory", "Leicester", "a fresh fade", "fadefactory.lei",
      "first_name", "tariq@fadefactory.co.uk", style="lower"),
    P("Helen Moss", LS, "bookshop", "Moss & Page Books", "Bath", "books", email="helen@mossandpage.co.uk",
      curly=True),
    P("Joe Kowalski", LS, "butcher", "Kowalski Family Butchers", "Coventry", "proper meat"),
    P("Nina Rossi", LS, "gelato shop", "Nina's Gelateria", "Brighton", "gelato", "ninasgelateria",
      "full", "nina@ninasgelateria.co.uk", style="emoji"),
    P("Claire Doyle", LS, "pet shop & grooming", "Paws on Main", "Galway", "pet supplies",
      "pawsonmain", "first_name", "claire@pawsonmain.ie"),
    P("Ben Ashworth", LS, "garden centre", "Ashworth Garden Centre", "Harrogate", "plants",
      "ashworthgardens", "full", "ben@ashworthgardens.co.uk"),
    P("Yusuf Demir", LS, "restaurant", "Anatolia Grill", "Bristol", "Turkish food", style="exclaim"),
    # --- ecommerce sellers ---------------------------------------------------
    P("Lucy Fernandes", EC, "skincare brand (Shopify)", "Lumen Skin", "London", "skincare",
      email="lucy@lumenskin.co.uk", yt="Lucy F.", curly=True),
    P("Ryan Cole", EC, "running apparel (Shopify)", "Stride Supply", "Manchester", "running gear",
      "stridesupply", "full", "ryan@stridesupply.co"),
    P("Zoë Adams", EC, "pet accessories (Shopify)", "Pawfect Threads", "Bristol", "dog collars",
      "pawfectthreads", "full", "zoe@pawfectthreads.com", survey="Zoe Adams", curly=True),
    P("Kelly Nguyen", EC, "phone cases (online)", "CaseCraft", "Birmingham", "phone cases",
      "casecraft.uk", "full", "kelly@casecraft.uk", style="lower"),
    P("Arjun Mehta", EC, "tea subscription", "Chai Co.", "Leicester", "tea", "chaico.uk", "full",
      "arjun@chaico.uk"),
    P("Hollie Grant", EC, "kids' clothing (online)", "Little Sprout Co", "Leeds", "kids' clothes",
      "littlesprout.co", "first_name", "hollie@littlesprout.co", style="emoji"),
    P("Marco Bianchi", EC, "coffee roaster (online)", "Bianchi Roasters", "Glasgow", "coffee beans",
      "bianchiroasters", "full", "marco@bianchiroasters.com", curly=True),
    P("Stacey Blake", EC, "supplements (online)", "Root & Rise", "Bournemouth", "supplements",
      "rootandrise", "pseudonym", "stacey@rootandrise.co.uk"),
    P("Jordan Reid", EC, "streetwear (online)", "Northside Threads", "Newcastle", "hoodies",
      "northside.threads", "full", "jordan@northsidethreads.com", style="lower"),
    P("Priyanka Shah", EC, "jewellery (online)", "Aura Jewels", "London", "jewellery", "aurajewels.uk",
      "full", "priyanka@aurajewels.co.uk", style="exclaim"),
    P("Emma Lindqvist", EC, "homeware (online)", "Nordhem Living", "Edinburgh", "homeware",
      email="emma@nordhemliving.com"),
    P("Kieran Walsh", EC, "fishing tackle (online)", "Tidewater Tackle", "Plymouth", "fishing tackle",
      email="kieran@tidewatertackle.co.uk"),
    P("Olivia Hart", EC, "bridal accessories (online)", "Hart & Veil", "Guildford", "bridal accessories",
      "hartandveil", "first_name", "olivia@hartandveil.com", style="emoji"),
    P("Danny Cho", EC, "gaming accessories (online)", "LevelUp Gear", "Milton Keynes", "gaming accessories",
      style="typo"),
    P("Abby Quinn", EC, "baby products (online)", "Nest & Nurture", "Oxford", "baby products",
      "nestandnurture", "exclude", "abby@nestandnurture.co.uk"),
    P("Leo Martins", EC, "hot sauce (online)", "Fuego Sauce Co", "Brighton", "hot sauces", curly=True),
    # --- service professionals ----------------------------------------------
    P("Marcus Bell", SP, "accountancy practice", "Bell Accounting", "Nottingham", "accountant",
      None, "full", "marcus@bellaccounting.co.uk", li="Marcus J. Bell"),
    P("Daniel Okoro", SP, "business coach", "Daniel Okoro Coaching", "London", "business coach",
      email="daniel@danielokoro.coach", li="Dan Okoro"),
    P("Harriet Lang", SP, "brand designer", "Lang Studio", "Bristol", "brand designer",
      "langstudio.design", "full", "harriet@langstudio.co.uk", extra_aliases=["Harriet L."]),
    P("Victoria Shaw", SP, "HR consultant", "Shaw People Consulting", "Manchester", "HR consultant",
      None, "full", "victoria@shawpeople.co.uk"),
    P("Gareth Lewis", SP, "IT support", "Lewis IT", "Newport", "IT support person", None,
      "first_name", "gareth@lewis-it.co.uk", style="typo"),
    P("Naomi Brooks", SP, "career coach", "Naomi Brooks Careers", "Birmingham", "career coach",
      "naomibrookscareers", "full", "naomi@naomibrooks.co.uk", style="emoji"),
    P("Femi Adebayo", SP, "mortgage broker", "Adebayo Mortgages", "London", "mortgage broker", None,
      "full", "femi@adebayomortgages.co.uk"),
    P("Louise Carter", SP, "copywriter", "Carter Copy", "Sheffield", "copywriter", curly=True),
    P("Patrick Byrne", SP, "solicitor", "Byrne & Co Solicitors", "Dublin", "solicitor", None,
      "pseudonym", "patrick@byrnesolicitors.ie"),
    P("Anjali Rao", SP, "nutritionist", "Rao Nutrition", "Cambridge", "nutritionist",
      email="anjali@raonutrition.co.uk", style="exclaim"),
    P("Chris Tanner", SP, "leadership coach", "Tanner Leadership", "Bristol", "leadership coach"),
    P("Elena Petrova", SP, "web developer", "Petrova Web", "Edinburgh", "web developer", None,
      "pseudonym", "elena@petrovaweb.dev", style="lower"),
    P("Matt Holloway", SP, "financial planner", "Holloway Wealth", "Leeds", "financial planner", None,
      "first_name", "matt@hollowaywealth.co.uk"),
    P("Ruth Abrams", SP, "counsellor", "Ruth Abrams Counselling", "Manchester", "counsellor",
      "ruthabramscounselling", "full", "ruth@ruthabrams.co.uk", curly=True),
    P("Simon Hargreaves", SP, "architect", "Hargreaves Architects", "Lancaster", "architect",
      email="simon@hargreavesarchitects.co.uk"),
    P("Joanna Wright", SP, "bookkeeper", "Wright Books", "Norwich", "bookkeeper", None, "full",
      "joanna@wrightbooks.co.uk", style="exclaim"),
    # --- makers & creators ---------------------------------------------------
    P("Sarah Kim", MC, "ceramics", "Sarah Kim Ceramics", "Margate", "mugs", "sarahkimceramics", "full",
      "sarah@sarahkimceramics.com", fb="Sarah K."),
    P("Oliver Brennan", MC, "woodworking", "Brennan Woodcraft", "Cork", "boards", "brennan.woodcraft",
      "full", "ollie@brennanwoodcraft.ie", fb="Ollie Brennan", survey="Ollie Brennan",
      extra_aliases=["Ollie Brennan", "Ollie B."]),
    P("Maya Goldberg", MC, "illustration prints", "Maya Draws Things", "London", "prints",
      "mayadrawsthings", "full", "maya@mayadrawsthings.com", style="emoji"),
    P("Ines Duarte", MC, "macramé & weaving", "Nó Studio", "Bristol", "wall hangings",
      "nostudio.macrame", "first_name", "ines@nostudio.co.uk", curly=True),
    P("Freya Lund", MC, "silver jewellery", "Freya Lund Silver", "Whitby", "rings",
      "freyalund.silver", "full", "freya@freyalund.com", style="lower"),
    P("Callum Frost", MC, "leather goods", "Frost Leatherworks", "Inverness", "wallets",
      "frostleatherworks", "full", "callum@frostleatherworks.co.uk"),
    P("Poppy Sinclair", MC, "candles", "Poppy's Pour House", "Bath", "candles", "poppyspourhouse",
      "full", "poppy@poppyspourhouse.co.uk", style="emoji"),
    P("Jess Tran", MC, "crochet", "Hooked by Jess", "Southampton", "crochet toys", style="lower"),
    P("Rosa Delgado", MC, "painting", "Rosa Delgado Art", "Falmouth", "paintings", "rosadelgado.art",
      "pseudonym", "rosa@rosadelgado.art", curly=True),
    P("Kate Whitmore", MC, "soap", "Whitmore Soap Co", "Ludlow", "soaps", "whitmoresoap", "full",
      "kate@whitmoresoap.co.uk", style="exclaim"),
    P("Aled Jones", MC, "stained glass", "Golau Glass", "Aberystwyth", "glass panels", "golauglass",
      "full", "aled@golauglass.cymru"),
    P("Mira Kaur", MC, "embroidery", "Threadbare by Mira", "Wolverhampton", "embroidery hoops",
      "threadbarebymira", "full", "mira@threadbarebymira.co.uk", style="emoji"),
    P("Hamish Boyd", MC, "blacksmith", "Boyd Forge", "Perth", "knives", "boydforge", "full",
      "hamish@boydforge.scot", style="typo"),
    P("Tilly Evans", MC, "polymer clay earrings", "Tilly's Clayworks", "Cardiff", "earrings",
      "tillys.clayworks", "full", "tilly@tillysclayworks.co.uk", style="emoji"),
    P("Noor Siddiqui", MC, "calligraphy", "Noor Ink", "Birmingham", "calligraphy pieces",
      email="noor@noorink.co.uk"),
    P("Beth Carrow", MC, "quilting", "Carrow Quilts", "Kendal", "quilts", curly=True),
    P("wildfern.studio", MC, "pressed flower art", "Wildfern Studio", "Hebden Bridge",
      "pressed flower frames", "wildfern.studio", style="lower"),
]
BY_NAME = {p.name: p for p in PEOPLE}

INTERVIEWERS = [
    ("Priya Raman", "Priya|priya@thesocialshopcollective.com", "The Social Shop Collective"),
    ("Sam Okafor", "Sam|Sam O.|sam@thesocialshopcollective.com", "The Social Shop Collective"),
]

# Interviews: (file, format, person, customer label, interviewer label, date, text)
INTERVIEWS = [
    ("aisha_bello_2026-01-14.txt", "txt_plain", "Aisha Bello", "Aisha Bello", "Priya Raman",
     "2026-01-14", INTERVIEW_AISHA),
    ("tom_becker_2026-01-20.txt", "txt_upper", "Tom Becker", "TOM BECKER", "PRIYA RAMAN",
     "2026-01-20", INTERVIEW_TOM),
    ("lucy_fernandes_2026-01-27.txt", "txt_bracket", "Lucy Fernandes", "Lucy Fernandes", "Priya Raman",
     "2026-01-27", INTERVIEW_LUCY),
    ("harriet_lang_2026-02-10.txt", "txt_paren", "Harriet Lang", "Harriet", "Priya",
     "2026-02-10", INTERVIEW_HARRIET),
    ("sarah_kim_otter_export.txt", "txt_otter", "Sarah Kim", "Sarah Kim", "Priya Raman",
     "2026-02-16", INTERVIEW_SARAH),
    ("bex_morgan_2026-02-03.md", "md", "Rebecca Morgan", "Bex", "Priya",
     "2026-02-03", INTERVIEW_BEX),
    ("ryan_cole_2026-02-05.md", "md", "Ryan Cole", "Ryan Cole", "Priya Raman",
     "2026-02-05", INTERVIEW_RYAN),
    ("ollie_brennan_2026-02-18.md", "md", "Oliver Brennan", "Ollie Brennan", "Sam Okafor",
     "2026-02-18", INTERVIEW_OLLIE),
    ("hannah_whitaker_2026-01-21.docx", "docx", "Hannah Whitaker", "Hannah Whitaker", "Priya Raman",
     "2026-01-21", INTERVIEW_HANNAH),
    ("marcus_bell_2026-02-12.docx", "docx", "Marcus Bell", "Marcus Bell", "Sam Okafor",
     "2026-02-12", INTERVIEW_MARCUS),
    ("fiona_macleod_2026-02-24.vtt", "vtt_voice", "Fiona MacLeod", "Fiona MacLeod", "Priya Raman",
     "2026-02-24", INTERVIEW_FIONA),
    ("zoe_adams_2026-03-02.vtt", "vtt_prefix", "Zoë Adams", "Zoë Adams", "Priya",
     "2026-03-02", INTERVIEW_ZOE),
    ("daniel_okoro_2026-03-05.srt", "srt", "Daniel Okoro", "Daniel Okoro", "Priya Raman",
     "2026-03-05", INTERVIEW_DANIEL),
    ("rachel_dunn_2026-03-09.srt", "srt", "Rachel Dunn", "Rachel Dunn", "Sam Okafor",
     "2026-03-09", INTERVIEW_RACHEL),
]

SURVEY_PEOPLE = [
    # (person, how the Name cell is filled: "name" | "variant" | "email_only")
    ("Aisha Bello", "name"), ("Tom Becker", "name"), ("Maria Lopez", "name"),
    ("Jenna Price", "email_only"), ("Kwame Asante", "name"), ("Lily Chen", "name"),
    ("Rachel Dunn", "name"), ("Grace Adeyemi", "name"), ("Becky Lawson", "name"),
    ("Chloe Barnes", "name"),
    ("Hannah Whitaker", "email_only"), ("Fiona MacLeod", "name"), ("Rebecca Morgan", "name"),
    ("Giorgos Papadakis", "variant"), ("Dev Patel", "email_only"), ("Sean Gallagher", "name"),
    ("Lauren Hughes", "name"), ("Helen Moss", "name"), ("Nina Rossi", "name"),
    ("Lucy Fernandes", "name"), ("Ryan Cole", "name"), ("Zoë Adams", "variant"),
    ("Arjun Mehta", "name"), ("Marco Bianchi", "name"), ("Jordan Reid", "name"),
    ("Emma Lindqvist", "name"), ("Kieran Walsh", "name"),
    ("Marcus Bell", "name"), ("Harriet Lang", "name"), ("Daniel Okoro", "name"),
    ("Victoria Shaw", "name"), ("Naomi Brooks", "name"), ("Femi Adebayo", "name"),
    ("Anjali Rao", "name"), ("Simon Hargreaves", "name"),
    ("Sarah Kim", "name"), ("Oliver Brennan", "variant"), ("Maya Goldberg", "name"),
    ("Freya Lund", "name"), ("Poppy Sinclair", "name"), ("Kate Whitmore", "name"),
    ("Noor Siddiqui", "name"),
]
SURVEY_ONLY = {"Chloe Barnes", "Kieran Walsh", "Simon Hargreaves", "Noor Siddiqui"}

# platform weights per type (facebook, instagram, youtube, linkedin)
PLATFORM_WEIGHTS = {
    ST: (5, 3, 2, 0), LS: (6, 4, 1, 0), EC: (2, 4, 2, 1), SP: (2, 1, 2, 6), MC: (2, 6, 2, 0),
}
PLATFORMS = ("facebook", "instagram", "youtube", "linkedin")
# forced platforms for people whose variant name lives on one platform
FORCED_PLATFORMS = {
    "Tom Becker": ["facebook"], "Lucy Fernandes": ["youtube"], "Daniel Okoro": ["linkedin"],
    "Maria Lopez": ["facebook"], "wildfern.studio": ["instagram"],
    "Fiona MacLeod": ["youtube", "facebook", "instagram"], "Marcus Bell": ["linkedin"],
    "Giorgos Papadakis": ["facebook", "youtube", "instagram"], "Zoë Adams": ["youtube", "instagram"],
    "Hannah Whitaker": ["facebook", "instagram"], "Sarah Kim": ["facebook", "instagram"],
    "Rebecca Morgan": ["facebook", "instagram"], "Oliver Brennan": ["facebook", "instagram"],
}
FORCED_COUNTS = {"Tom Becker": 4, "Lucy Fernandes": 3, "Daniel Okoro": 3, "Maria Lopez": 3}

CAT_WEIGHTS = {"pain": 30, "goal": 20, "channel": 15, "question": 20, "story": 15}

FB_POSTS = {
    "pain": [("What's your biggest social media struggle this week? Be honest 👇", "2026-01-06 08:30"),
             ("Vent thread! What's driving you mad about Instagram right now?", "2026-02-02 19:00"),
             ("Let's talk about TIME. How many hours a week do you spend on social?", "2026-03-02 12:15")],
    "goal": [("Q2 goals thread: what do you want social media to do for your business?", "2026-03-16 09:00"),
             ("If you could fix ONE thing about your marketing by summer, what would it be?", "2026-01-19 18:45")],
    "channel": [("Which platform actually brings you customers? (not likes, customers)", "2026-01-27 10:00"),
                ("Where do your best customers find you?", "2026-02-23 08:00")],
    "question": [("Ask Me Anything Friday – drop your questions below", "2026-01-09 12:00"),
                 ("Ask Me Anything Friday – March edition", "2026-03-06 12:00"),
                 ("Stuck? Post your question and the community will help", "2026-02-10 20:00")],
    "story": [("Monday wins thread 🎉 Share something that went well!", "2026-01-12 07:45"),
              ("Monday wins thread 🎉 February", "2026-02-16 07:45"),
              ("Show us your best post from last month", "2026-03-23 09:30")],
}
IG_POSTS = {
    cat: ["https://www.instagram.com/p/%s/" % code for code in codes]
    for cat, codes in {
        "pain": ["C9xQ2LmTq1a", "DAb7Kp0sW3e"], "goal": ["DBc4Rt9uY2k"],
        "channel": ["DCd1Mn8vX5p"], "question": ["DDe6Hj3wZ7r", "DEf2Gk5xA9s"],
        "story": ["DFg8Lm1yB4t"],
    }.items()
}

TYPOS = [("definitely", "definately"), ("really", "realy"), ("because", "becuase"),
         ("separate", "seperate"), ("the ", "teh "), ("their", "there"), ("which", "wich"),
         ("know", "kno"), ("I'm", "Im"), ("don't", "dont")]
EMOJI = ["😊", "🙌", "😅", "🙈", "💛", "😂", "🤞", "👏"]


def lines(block):
    return [ln.strip() for ln in block.strip().splitlines() if ln.strip()]


class Pools:
    """Cycles through shuffled sentence pools so reuse only happens after exhaustion."""

    def __init__(self, rng):
        self.rng = rng
        self.src = {(t, c): lines(block) for t, cats in POOLS.items() for c, block in cats.items()}
        self.src[("shared", "shared")] = lines(SHARED)
        self.queues = {k: [] for k in self.src}

    def draw(self, type_, cat, person):
        key = (type_, cat)
        for _ in range(200):
            if not self.queues[key]:
                items = list(self.src[key])
                self.rng.shuffle(items)
                self.queues[key] = items
            s = self.queues[key].pop()
            if s not in person.used:
                person.used.add(s)
                return s.format_map(person.ctx())
        raise RuntimeError("pool exhausted for %s" % (key,))


def end_sentence(s):
    return s if s[-1] in ".!?)…" or s[-1] not in "abcdefghijklmnopqrstuvwxyz0123456789'%" else s + "."


def apply_style(text, person, platform, rng):
    style = person.style
    if style == "lower":
        text = text.lower()
        if text.endswith(".") and not text.endswith("..."):
            text = text[:-1]
    elif style == "exclaim":
        if text.endswith("."):
            text = text[:-1] + "!"
    elif style == "typo" and rng.random() < 0.6:
        options = [t for t in TYPOS if t[0] in text]
        if options:
            a, b = rng.choice(options)
            text = text.replace(a, b, 1)
    if style == "emoji" and platform != "youtube" and rng.random() < 0.55:
        text = text + " " + rng.choice(EMOJI)
    if platform == "youtube":
        text = text.replace(" - ", " – ")
        if person.curly:
            text = curl(text)
        text = "".join(ch for ch in text if _cp1252_ok(ch))
        text = re.sub(r"  +", " ", text).strip()
    elif person.curly and rng.random() < 0.5:
        text = curl(text)
    return text


def curl(text):
    text = re.sub(r"(^|\s)'", "\\1\u2018", text)
    return text.replace("'", "\u2019")


def _cp1252_ok(ch):
    try:
        ch.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def compose(person, platform, pools, rng):
    n = rng.choices([1, 2, 3], [58, 35, 7])[0]
    cats = rng.choices(list(CAT_WEIGHTS), list(CAT_WEIGHTS.values()), k=n)
    sents = [pools.draw(person.type, c, person) for c in cats]
    if rng.random() < 0.13:
        sents.insert(rng.randrange(len(sents) + 1), pools.draw("shared", "shared", person))
    if platform == "youtube" and rng.random() < 0.3:
        sents.insert(0, rng.choice(lines(YT_OPENERS)))
    elif rng.random() < 0.2:
        sents.insert(0, rng.choice(lines(OPENERS)))
    if rng.random() < 0.14 and platform != "linkedin":
        sents.append(rng.choice(lines(CLOSERS)))
    if platform == "linkedin" and rng.random() < 0.3:
        sents.insert(0, rng.choice(["Great post, Priya.", "Really useful, thanks Priya.",
                                    "This resonates.", "Well said.", "Agree with this."]))
    sep = " "
    if platform == "facebook" and len(sents) >= 2 and rng.random() < 0.35:
        sep = rng.choice(["\n\n", "\n"])
    body = sep.join(end_sentence(s) if i < len(sents) - 1 else s for i, s in enumerate(sents))
    return apply_style(body, person, platform, rng), cats[0]


def fmt_dt(dt):
    return dt.strftime("%Y-%m-%d %H:%M")


def build_comments(rng):
    pools = Pools(rng)
    interviewed = {iv[2] for iv in INTERVIEWS}
    surveyed = {p for p, _ in SURVEY_PEOPLE}
    rows = {pl: [] for pl in PLATFORMS}
    seen = set()
    for person in PEOPLE:
        if person.name in SURVEY_ONLY:
            continue
        if person.name in FORCED_COUNTS:
            n = FORCED_COUNTS[person.name]
        elif person.name in interviewed:
            n = rng.choice([2, 3])
        elif person.name in surveyed:
            n = rng.choice([3, 4])
        else:
            n = rng.choice([5, 5, 6, 7])
        if person.name in FORCED_PLATFORMS:
            plats = FORCED_PLATFORMS[person.name]
        else:
            weights = list(PLATFORM_WEIGHTS[person.type])
            if not (person.handle and person.in_roster):
                weights[1] = 0
            k = rng.choice([1, 2, 2, 3])
            plats = []
            while len(plats) < k and sum(w for p, w in zip(PLATFORMS, weights) if p not in plats) > 0:
                cand = rng.choices(PLATFORMS, weights)[0]
                if cand not in plats:
                    plats.append(cand)
        for i in range(n):
            platform = plats[i % len(plats)]
            for _ in range(20):
                text, cat = compose(person, platform, pools, rng)
                if text not in seen:
                    break
            seen.add(text)
            rows[platform].append(dict(person=person, author=person.display(platform), text=text,
                                       cat=cat))
    # one hand-written YouTube comment (cp1252 accents: é, ’, –)
    g = BY_NAME["Giorgos Papadakis"]
    rows["youtube"].append(dict(person=g, author=g.display("youtube"), cat="story",
                                text="Tried your Google posts tip at Café Agora – three weeks in and our "
                                     "map views are up about 30%. Didn’t expect that from a few photos of brunch!"))
    return rows


def assign_dates(rows, rng):
    for r in rows["facebook"]:
        post, when = rng.choice(FB_POSTS[r["cat"] if r["cat"] in FB_POSTS else "pain"])
        start = datetime.datetime.strptime(when, "%Y-%m-%d %H:%M")
        r["post"] = post
        r["date"] = start + datetime.timedelta(minutes=rng.randrange(5, 60 * 96))
        r["reactions"] = rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 7, 12])
    for r in rows["instagram"]:
        r["post_url"] = rng.choice(IG_POSTS[r["cat"]])
        r["date"] = datetime.datetime(2026, 1, 5) + datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 85))
    for key in ("youtube", "linkedin"):
        for r in rows[key]:
            r["date"] = datetime.datetime(2026, 1, 3) + datetime.timedelta(
                minutes=rng.randrange(0, 60 * 24 * 88), seconds=rng.randrange(60))


# ---------------------------------------------------------------------------
# Writers for the comment exports (messy rows are added here, on purpose).
# ---------------------------------------------------------------------------

def write_facebook(rows, path):
    rows = sorted(rows, key=lambda r: r["date"])
    out = [[r["author"], r["text"], fmt_dt(r["date"]), r["post"], r["reactions"]] for r in rows]
    # messy rows, inserted at fixed positions
    out.insert(17, ["Paul Jennings", "", "2026-01-14 21:02", FB_POSTS["story"][0][0], 0])  # empty text
    out.insert(40, ["", "Does anyone know if the Thursday live is still on this week? Can't find the link",
                    "2026-01-29 18:20", FB_POSTS["channel"][0][0], 1])  # missing author
    dup = list(out[55])
    out.insert(56, dup)  # exact duplicate (double-posted)
    out.insert(90, ["Kerry Allen", "Thanks!", "2026-02-17 10:04", FB_POSTS["story"][1][0], 0])
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Author", "Comment", "Date", "Post", "Reactions"])
        w.writerows(out)
    return len(out)


def write_instagram(rows, path):
    rows = sorted(rows, key=lambda r: r["date"])
    out = [[r["author"], r["text"], r["date"], r["post_url"]] for r in rows]
    out.insert(12, ["tillys.clayworks", "😍😍🔥", datetime.datetime(2026, 1, 21, 20, 14),
                    IG_POSTS["story"][0]])  # emoji only
    out.insert(33, ["growth.hacks.4u", "🔥 Want 10K REAL followers?? 💯 Grow your brand FAST, DM us now "
                    "for our cheap promo packages!! Link in bio 🚀", datetime.datetime(2026, 2, 8, 3, 41),
                    IG_POSTS["question"][0]])  # spam
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "comments"
    ws.append(["username", "text", "timestamp", "post_url"])
    for row in out:
        ws.append(row)
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 44
    save_workbook(wb, path)
    return len(out)


def write_linkedin(rows, path):
    rows = sorted(rows, key=lambda r: r["date"])
    out = [{"author": r["author"], "message": r["text"],
            "created": r["date"].strftime("%Y-%m-%dT%H:%M:%SZ"), "platform": "LinkedIn"} for r in rows]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return len(out)


def write_youtube(rows, path):
    rows = sorted(rows, key=lambda r: r["date"])
    out = [[r["author"], r["text"], r["date"].strftime("%d/%m/%Y %H:%M")] for r in rows]
    out.insert(20, list(out[19]))  # exact duplicate row
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["user", "comment", "published"])
        w.writerows(out)
    return len(out)


# ---------------------------------------------------------------------------
# Survey
# ---------------------------------------------------------------------------

SURVEY_Q = [
    "What is your biggest challenge with social media right now?",
    "What would you love to achieve in the next 6 months?",
    "Which platforms do you use most, and why?",
    "Anything else you'd like to tell us?",
]
YEARS = {ST: [0, 0.5, 1, 0.5, 1], LS: [2, 3, 4, 5, 7, 12, 15], EC: [1, 2, 3, 4, 6],
         SP: [2, 4, 6, 8, 11, 20], MC: [1, 2, 3, 5, 8, 10]}
# consistent with what the interviewees say
KNOWN_YEARS = {"Aisha Bello": 0.5, "Tom Becker": 0, "Lucy Fernandes": 2, "Harriet Lang": 6, "Sarah Kim": 4,
               "Rebecca Morgan": 4, "Ryan Cole": 3, "Oliver Brennan": 5, "Hannah Whitaker": 3,
               "Marcus Bell": 8, "Fiona MacLeod": 7, "Zoë Adams": 5, "Daniel Okoro": 2, "Rachel Dunn": 0.5}


def write_survey(rng, path, pools):
    rows = []
    base = datetime.datetime(2026, 2, 9, 8, 0)
    order = list(SURVEY_PEOPLE)
    rng.shuffle(order)
    for i, (pname, how) in enumerate(order):
        person = BY_NAME[pname]
        ts = base + datetime.timedelta(minutes=int(i * 370 + rng.randrange(0, 300)), seconds=rng.randrange(60))
        name = {"name": person.name, "variant": person.survey_name, "email_only": None}[how]
        answers = []
        for cat in ("pain", "goal", "channel"):
            k = rng.choice([1, 2, 2, 3])
            sents = [pools.draw(person.type, cat, person) for _ in range(k)]
            if cat == "pain" and rng.random() < 0.25:
                sents.append(pools.draw("shared", "shared", person))
            answers.append(" ".join(end_sentence(s) for s in sents))
        r = rng.random()
        if r < 0.35:
            anything = rng.choice(lines(SURVEY_ELSE_GENERIC))
        elif r < 0.45:
            anything = None
        else:
            cat = rng.choice(["story", "question"])
            anything = end_sentence(pools.draw(person.type, cat, person))
            if rng.random() < 0.4:
                anything += " " + rng.choice(lines(SURVEY_ELSE_GENERIC))
        answers.append(anything)
        answers = [apply_style(a, person, "survey", rng) if a else a for a in answers]
        years = KNOWN_YEARS.get(person.name, rng.choice(YEARS[person.type]))
        rows.append([ts, name, person.email, person.kind] + answers + [years])
    rows.sort(key=lambda r: r[0])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["Timestamp", "Name", "Email", "Business type"] + SURVEY_Q + ["How many years in business?"])
    for row in rows:
        ws.append(row)
    for cell in ws["A"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    widths = [20, 22, 34, 28, 60, 60, 60, 50, 14]
    for col, wdt in zip("ABCDEFGHI", widths):
        ws.column_dimensions[col].width = wdt
    ws.freeze_panes = "A2"
    save_workbook(wb, path)
    return len(rows)


# ---------------------------------------------------------------------------
# Roster and truth
# ---------------------------------------------------------------------------

# variants deliberately NOT listed as roster aliases (must be matched by normalisation)
NOT_ALIASED = {"Zoe Adams"}
SEGMENTS = ["founding", "annual", "monthly", "monthly", "annual", "trial"]


def write_roster(path, rng):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "aliases", "consent", "role", "business", "location", "segment"])
        for name, aliases, biz in INTERVIEWERS:
            w.writerow([name, aliases, "full", "interviewer", biz, "Manchester", "team"])
        for p in PEOPLE:
            if not p.in_roster:
                continue
            aliases = []
            for v in (p.variants["facebook"], p.variants["youtube"], p.variants["linkedin"], p.survey_name):
                if v and v not in aliases and v != p.name and v not in NOT_ALIASED:
                    aliases.append(v)
            aliases += [a for a in p.extra_aliases if a not in aliases]
            if p.handle:
                aliases.append("@" + p.handle)
            if p.email:
                aliases.append(p.email)
            w.writerow([p.name, "|".join(aliases), p.consent, "member", p.biz, p.city, rng.choice(SEGMENTS)])


def write_truth(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "type"])
        for p in PEOPLE:
            w.writerow([p.name, p.type])

# ---------------------------------------------------------------------------
# Interview renderers
# ---------------------------------------------------------------------------

def parse_turns(block):
    """[(role, [paragraph, ...]), ...] from the I:/C: mini-format."""
    turns = []
    for ln in block.strip().splitlines():
        ln = ln.strip()
        if not ln:
            continue
        if ln.startswith("I: ") or ln.startswith("C: "):
            turns.append((ln[0], [ln[3:]]))
        else:
            turns[-1][1].append(ln)
    return turns


def words(text):
    return len(text.split())


def timeline(turns, rng):
    """Start second of every turn plus the end of the recording."""
    t = rng.uniform(2, 5)
    starts = []
    for _, paras in turns:
        starts.append(t)
        t += words(" ".join(paras)) / 2.6 + rng.uniform(0.6, 2.2)
    return starts


def hms(sec):
    sec = int(sec)
    return "%02d:%02d:%02d" % (sec // 3600, sec % 3600 // 60, sec % 60)


def otter_ts(sec):
    sec = int(sec)
    h, m, s = sec // 3600, sec % 3600 // 60, sec % 60
    return "%d:%02d:%02d" % (h, m, s) if h else "%d:%02d" % (m, s)


def cue_ts(sec, sep="."):
    ms = int(round(sec * 1000))
    return "%02d:%02d:%02d%s%03d" % (ms // 3600000, ms % 3600000 // 60000, ms % 60000 // 1000, sep, ms % 1000)


def label(role, iv):
    return iv["ilabel"] if role == "I" else iv["clabel"]


def render_txt_plain(iv, turns, rng):
    out = ["Happy Paws Walks member interview, recorded 14 January 2026 (phone call)", ""]
    for role, paras in turns:
        out.append("%s: %s" % (label(role, iv), paras[0]))
        out.extend(paras[1:])
    return "\n".join(out) + "\n"


def render_txt_upper(iv, turns, rng):
    out = []
    for role, paras in turns:
        out.append("%s: %s" % (label(role, iv), " ".join(paras)))
        out.append("")
    return "\n".join(out)


def render_txt_bracket(iv, turns, rng):
    out = []
    for (role, paras), t in zip(turns, timeline(turns, rng)):
        out.append("[%s] %s: %s" % (hms(t), label(role, iv), " ".join(paras)))
        out.append("")
    return "\n".join(out)


def render_txt_paren(iv, turns, rng):
    out = ["Harriet Lang (Lang Studio) and Priya, discovery interview, 10 Feb 2026", ""]
    for (role, paras), t in zip(turns, timeline(turns, rng)):
        out.append("%s (%s): %s" % (label(role, iv), hms(t), " ".join(paras)))
        out.append("")
    return "\n".join(out)


def render_txt_otter(iv, turns, rng):
    out = []
    for (role, paras), t in zip(turns, timeline(turns, rng)):
        out.append("%s  %s" % (label(role, iv), otter_ts(t)))
        out.extend(paras)
        out.append("")
    out.append("Transcribed by https://otter.ai")
    return "\n".join(out) + "\n"


def render_md(iv, turns, rng):
    person = BY_NAME[iv["person"]]
    out = ["# Interview with %s (%s)" % (iv["full_title_name"], person.biz), "",
           "Date: %s  " % iv["date"], "Interviewer: %s  " % iv["interviewer_full"],
           "Format: Zoom call, about 35 minutes  ", "Notes: lightly edited for readability", "", "---", ""]
    for role, paras in turns:
        out.append("**%s:** %s" % (label(role, iv), " ".join(paras)))
        out.append("")
    return "\n".join(out)


def sentence_cues(text, max_words=18):
    sents = re.split(r"(?<=[.!?])\s+", text)
    cues, cur = [], []
    for s in sents:
        if cur and words(" ".join(cur + [s])) > max_words:
            cues.append(" ".join(cur))
            cur = []
        cur.append(s)
    if cur:
        cues.append(" ".join(cur))
    return cues


def render_vtt(iv, turns, rng, voice):
    out = ["WEBVTT", ""]
    if not voice:
        out += ["NOTE exported from Zoom cloud recording", ""]
    t = rng.uniform(1, 3)
    n = 0
    for role, paras in turns:
        name = label(role, iv)
        for cue in sentence_cues(" ".join(paras)):
            n += 1
            dur = words(cue) / 2.6 + 0.4
            if not voice:
                out.append(str(n))
            out.append("%s --> %s" % (cue_ts(t), cue_ts(t + dur)))
            out.append("<v %s>%s</v>" % (name, cue) if voice else "%s: %s" % (name, cue))
            out.append("")
            t += dur + rng.uniform(0.05, 0.3)
        t += rng.uniform(0.3, 1.2)
    return "\n".join(out)


def wrap2(text, width=42, keep=0):
    """Break a subtitle cue into two lines near the middle (never inside the first `keep` chars)."""
    if len(text) <= width:
        return text
    mid = max(len(text) // 2, keep)
    left, right = text.rfind(" ", keep, mid + 1), text.find(" ", mid)
    cut = left if left != -1 and (right == -1 or mid - left <= right - mid) else right
    return text[:cut] + "\n" + text[cut + 1:]


def render_srt(iv, turns, rng):
    out = []
    t = rng.uniform(1, 3)
    n = 0
    for role, paras in turns:
        toks = " ".join(paras).split()
        i = 0
        first = True
        while i < len(toks):
            k = rng.randint(8, 14)
            if len(toks) - (i + k) < 4:
                k = len(toks) - i
            chunk = " ".join(toks[i:i + k])
            i += k
            n += 1
            dur = k / 2.6 + 0.3
            prefix = ("%s: " % label(role, iv)) if first else ""
            first = False
            out += [str(n), "%s --> %s" % (cue_ts(t, ","), cue_ts(t + dur, ",")),
                    wrap2(prefix + chunk, keep=len(prefix)), ""]
            t += dur + rng.uniform(0.04, 0.25)
        t += rng.uniform(0.3, 1.0)
    return "\n".join(out)


def render_docx(iv, turns, rng, path):
    person = BY_NAME[iv["person"]]
    doc = docx.Document()
    doc.add_heading("Member interview – %s, %s" % (iv["clabel"], person.biz), level=1)
    doc.add_paragraph("Recorded %s by %s. Transcript tidied by hand, ums and ahs removed."
                      % (datetime.date.fromisoformat(iv["date"]).strftime("%d %B %Y"), iv["ilabel"]))
    for role, paras in turns:
        p = doc.add_paragraph()
        r = p.add_run("%s:" % label(role, iv))
        r.bold = True
        p.add_run(" " + " ".join(paras))
    cp = doc.core_properties
    cp.author = iv["ilabel"]
    cp.last_modified_by = iv["ilabel"]
    cp.title = "Interview %s" % iv["clabel"]
    cp.revision = 1
    fixed = datetime.datetime(2026, 3, 31, 12, 0, 0)
    cp.created = fixed
    cp.modified = fixed
    doc.save(path)
    normalize_zip(path)


def write_interviews(folder, rng):
    counts = {}
    for fname, fmt, pname, clabel, ilabel, date, block in INTERVIEWS:
        turns = parse_turns(block)
        iv = dict(person=pname, clabel=clabel, ilabel=ilabel, date=date,
                  interviewer_full="Sam Okafor" if ilabel.startswith("Sam") else ilabel,
                  full_title_name="Bex Morgan" if clabel == "Bex" else clabel)
        path = os.path.join(folder, fname)
        if fmt == "docx":
            render_docx(iv, turns, rng, path)
        else:
            renderer = {
                "txt_plain": render_txt_plain, "txt_upper": render_txt_upper,
                "txt_bracket": render_txt_bracket, "txt_paren": render_txt_paren,
                "txt_otter": render_txt_otter, "md": render_md, "srt": render_srt,
                "vtt_voice": lambda a, b, c: render_vtt(a, b, c, True),
                "vtt_prefix": lambda a, b, c: render_vtt(a, b, c, False),
            }[fmt]
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(renderer(iv, turns, rng))
        cust = [" ".join(p) for r, p in turns if r == "C"]
        counts[fname] = (len(turns), sum(words(c) for c in cust))
    return counts


# ---------------------------------------------------------------------------
# Deterministic Office files
# ---------------------------------------------------------------------------

FIXED_ZIP_TIME = (2026, 3, 31, 12, 0, 0)


def normalize_zip(path):
    """Rewrite an OOXML zip with fixed entry timestamps and fixed core.xml dates."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              rb"\g<1>2026-03-31T12:00:00Z\g<3>", data)
            zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, data)


def save_workbook(wb, path):
    fixed = datetime.datetime(2026, 3, 31, 12, 0, 0)
    wb.properties.creator = "The Social Shop Collective"
    wb.properties.lastModifiedBy = "The Social Shop Collective"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(path)
    normalize_zip(path)


# ---------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "coaching_community")
    dirs = {d: os.path.join(root, d) for d in ("interviews", "comments", "survey", "roster")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    rng = random.Random(2026)
    counts = write_interviews(dirs["interviews"], random.Random(11))
    rows = build_comments(rng)
    assign_dates(rows, rng)
    n_fb = write_facebook(rows["facebook"], os.path.join(dirs["comments"], "facebook_group_export.csv"))
    n_ig = write_instagram(rows["instagram"], os.path.join(dirs["comments"], "instagram_comments.xlsx"))
    n_li = write_linkedin(rows["linkedin"], os.path.join(dirs["comments"], "linkedin_comments.json"))
    n_yt = write_youtube(rows["youtube"], os.path.join(dirs["comments"], "youtube_comments.csv"))
    survey_pools = Pools(random.Random(7))
    n_sv = write_survey(random.Random(8), os.path.join(dirs["survey"], "member_survey_2026.xlsx"), survey_pools)
    write_roster(os.path.join(dirs["roster"], "members.csv"), random.Random(9))
    write_truth(os.path.join(here, "coaching_community_truth.csv"))
    print("interviews:", len(counts))
    for f, (t, w) in counts.items():
        print("  %-34s turns=%d customer_words=%d" % (f, t, w))
    print("comments: facebook=%d instagram=%d linkedin=%d youtube=%d total=%d"
          % (n_fb, n_ig, n_li, n_yt, n_fb + n_ig + n_li + n_yt))
    print("survey respondents:", n_sv)


if __name__ == "__main__":
    main()
