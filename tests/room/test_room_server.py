"""The room server on a free loopback port: only the share view leaves it, only with the code, reactions kept."""

from __future__ import annotations

import random
import re
import string
import threading
import time

import pytest

from personas.room import JoinLimiter, read_reactions, read_room_state
from personas.room_server import ASK_TEXT, CLOSED_TEXT, CSP, start_room
from tests.room._http import csrf_of, join, request
from tests.room.room_fixtures import leaks


def _routes(share_doc) -> list[str]:
    return ["/", "/cards.pdf", "/room.css", "/react", "/join", "/join?code=", "/join?code=WRONG234",
            *[f"/persona/{p.id}" for p in share_doc.personas]]


def _random_paths(analyst_only, seed: int = 20) -> list[str]:
    rng = random.Random(seed)
    fixed = ["/persona/", "/persona/persona-99", "/persona/..%2f..%2fproject.json", "/../project.json", "/project.json",
             "/reactions.jsonl", "/room.json", "/inputs/roster/members.csv", "/_stcore/health", "/static/", "/People",
             "/?view=analyst", "/index.html", "//", "/%00", "/persona/%3Cscript%3E", "/cards.pdf/../project.json",
             "/room.css/..", "/join/extra", "/join?a=1&b=2&c=3&d=4&e=5&f=6&code=X", "/.lock", "/export.yaml", "/persona/persona-1/../../inputs"]
    ids = [f"/persona/{i}" for i in analyst_only["hidden ids"][:5]]
    noise = ["/" + "".join(rng.choice(string.ascii_letters + string.digits + "-_./%") for _ in range(rng.randint(1, 30)))
             for _ in range(20)]
    return fixed + ids + noise


def _pdf_text(data: bytes) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_room_crawl_never_shows_analyst_only_strings(room, share_doc, analyst_only) -> None:
    cookie = join(room)
    titles = [p.title for p in share_doc.personas]
    paths = _routes(share_doc) + _random_paths(analyst_only)
    seen = 0
    for path in paths:
        for method in ("GET", "HEAD", "POST", "PUT"):
            for with_session in (False, True):
                r = request(room.url, path, method, cookie=cookie if with_session else None,
                            form={} if method == "POST" else None)
                text = r.text if not r.body.startswith(b"%PDF") else _pdf_text(r.body)
                found = leaks(text + "\n" + "\n".join(f"{k}: {v}" for k, v in r.headers.items()), analyst_only)
                assert not found, (method, path, with_session, found[:5])
                seen += 1
                if method == "HEAD":
                    assert r.body == b""
                public = path == "/room.css" and method in ("GET", "HEAD")
                if not with_session and not public:
                    assert r.status in (403, 501), (method, path, r.status)
                    assert not any(t in r.text for t in titles), (method, path)
                    if r.status == 403 and method != "HEAD":
                        assert ASK_TEXT in r.text
                if r.status != 501:
                    assert r.headers["content-security-policy"] == CSP
    assert seen == len(paths) * 8
    # The crawl reached the data: every persona is on the cards page, and the PDF holds the share view.
    page = request(room.url, "/", cookie=cookie)
    assert page.status == 200 and all(t in page.text for t in titles)
    pdf = request(room.url, "/cards.pdf", cookie=cookie)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(_pdf_text(pdf.body).split())
    assert " ".join(titles[0].split()) in pdf_text or titles[0].split()[0] in pdf_text


def test_room_pages_with_a_session(room, share_doc) -> None:
    cookie = join(room)
    for persona in share_doc.personas:
        r = request(room.url, f"/persona/{persona.id}", cookie=cookie)
        assert r.status == 200 and persona.title in r.text and 'class="present"' in r.text
        assert r.headers["cache-control"] == "no-store"
    assert request(room.url, "/persona/persona-99", cookie=cookie).status == 404
    assert request(room.url, "/project.json", cookie=cookie).status == 404
    page = request(room.url, "/", cookie=cookie)
    body = page.body.decode()
    assert '<meta name="viewport"' in body and "<script" not in body and "style=" not in body
    for heading in ("Goals", "Frustrations", "Questions they ask", "Who they are", "Where they are", "What sets them apart"):
        assert f"<h3>{heading}</h3>" in body
    # One persona form per persona and one per need that has an id.
    assert body.count('name="persona"') >= len(share_doc.personas) + sum(len(p.goals[:1]) for p in share_doc.personas)
    css = request(room.url, "/room.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css") and len(css.body) < 8000


def test_room_join_sets_a_strict_httponly_cookie(room) -> None:
    r = request(room.url, f"/join?code={room.code.lower()}")
    assert r.status == 200
    cookie = r.cookies[0]
    assert cookie.startswith(f"room_{room.port}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert room.code not in cookie
    assert 'http-equiv="refresh" content="0;url=/"' in r.body.decode()
    assert r.headers["referrer-policy"] == "no-referrer"
    forged = request(room.url, "/", cookie=f"room_{room.port}=not-a-session")
    assert forged.status == 403 and ASK_TEXT in forged.text


def test_room_wrong_code_gets_no_data_and_is_slowed_down(project_dir, share_doc) -> None:
    now, sleeps = [0.0], []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    limiter = JoinLimiter(clock=lambda: now[0], sleep=sleep)
    with start_room(project_dir, "127.0.0.1", 0, document=share_doc, limiter=limiter) as room:
        for _ in range(6):
            r = request(room.url, "/join?code=ABCDEFGH")
            assert r.status == 403 and not r.cookies and ASK_TEXT in r.text
            assert share_doc.personas[0].title not in r.text
        assert sleeps == [0.5, 1.0, 2.0]
        assert request(room.url, f"/join?code={room.code}").status == 200  # waits once more, then resets
        assert sleeps == [0.5, 1.0, 2.0, 4.0]
        request(room.url, "/join?code=ABCDEFGH")
        assert sleeps == [0.5, 1.0, 2.0, 4.0]


def test_room_change_code_invalidates_old_sessions_and_links(room) -> None:
    old_code, cookie = room.code, join(room)
    assert request(room.url, "/", cookie=cookie).status == 200
    new_code = room.change_code()
    assert new_code != old_code and read_room_state(room.project_dir)["code"] == new_code
    assert request(room.url, "/", cookie=cookie).status == 403
    assert request(room.url, f"/join?code={old_code}").status == 403
    assert request(room.url, "/", cookie=join(room)).status == 200


def test_room_close_then_stop(room) -> None:
    cookie = join(room)
    room.close()
    for path in ("/", "/join?code=X", "/persona/persona-1", "/cards.pdf"):
        r = request(room.url, path, cookie=cookie)
        assert r.status == 410 and CLOSED_TEXT in r.text
    assert request(room.url, "/react", "POST", cookie=cookie, form={"x": "1"}).status == 410
    state = read_room_state(room.project_dir)
    assert state["open"] is False and state["code"] is None
    url = room.url
    room.stop()
    room.stop()  # twice is fine
    with pytest.raises(OSError):
        request(url, "/", timeout=2)


def _react(room, cookie: str | None, token: str, **fields):
    form = {"csrf": token, "persona": "persona-1", "kind": "us", **fields}
    return request(room.url, "/react", "POST", cookie=cookie, form=form)


def test_room_reaction_comment_is_shown_as_text(room, share_doc) -> None:
    cookie = join(room)
    csrf = csrf_of(request(room.url, "/", cookie=cookie))
    need = share_doc.personas[0].pains[0].id
    comment = '<script>alert("x")</script><b>bold</b> & <img src=x onerror=alert(1)>'
    r = _react(room, cookie, csrf, need=need, kind="surprising", comment=comment, name="<i>Ann</i>", back="present")
    assert r.status == 303 and r.headers["location"] == f"/persona/persona-1#{need}"
    page = request(room.url, "/persona/persona-1", cookie=cookie)
    body = page.body.decode()
    assert "Thanks" in body
    assert "<script" not in body and "<b>bold" not in body and "<img" not in body and "<i>Ann" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img" in body
    assert 'value="&lt;i&gt;Ann&lt;/i&gt;"' in body  # the name is offered again, escaped
    assert "Thanks" not in request(room.url, "/persona/persona-1", cookie=cookie).text  # shown once
    [saved] = read_reactions(room.project_dir)
    assert (saved.persona, saved.need, saved.kind, saved.comment, saved.name) == ("persona-1", need, "surprising", comment, "<i>Ann</i>")


@pytest.mark.parametrize(("fields", "status", "words"), [
    ({"kind": "love"}, 400, "kind 'love' is not one of"),
    ({"persona": "persona-99"}, 400, "persona 'persona-99' is not in this workshop"),
    ({"need": "persona-2.goal-1"}, 400, "is not one of persona-1's needs"),
    ({"comment": "x" * 501}, 400, "501 characters long"),
    ({"csrf": "forged"}, 403, "This page has expired"),
])
def test_room_bad_form_gets_plain_words(room, fields: dict, status: int, words: str) -> None:
    cookie = join(room)
    csrf = csrf_of(request(room.url, "/", cookie=cookie))
    r = _react(room, cookie, csrf, **fields)
    assert r.status == status
    assert words in r.text and "Traceback" not in r.text
    assert read_reactions(room.project_dir) == []


def test_room_post_needs_a_session_and_a_form(room) -> None:
    cookie = join(room)
    csrf = csrf_of(request(room.url, "/", cookie=cookie))
    assert _react(room, None, csrf).status == 403
    r = request(room.url, "/react", "POST", cookie=cookie, body=b'{"persona": "persona-1"}',
                headers={"Content-Type": "application/json"})
    assert r.status == 415
    big = request(room.url, "/react", "POST", cookie=cookie, body=b"x" * 20000,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert big.status == 413
    assert read_reactions(room.project_dir) == []


@pytest.mark.parametrize(("participants", "each"), [(20, 10)])
def test_room_load_participants_react_at_once(room, share_doc, participants: int, each: int) -> None:
    """20 participants post 10 reactions each at the same time; all 200 are in the project afterwards."""
    targets = [(p.id, None) for p in share_doc.personas]
    targets += [(p.id, item.id) for p in share_doc.personas for item in (*p.goals, *p.pains, *p.questions) if item.id]
    sessions = []
    for _ in range(participants):
        cookie = join(room)
        sessions.append((cookie, csrf_of(request(room.url, "/", cookie=cookie))))
    start = threading.Barrier(participants + 1)
    results: list[list[int]] = [[] for _ in range(participants)]
    errors: list[BaseException] = []

    def participant(k: int) -> None:
        cookie, csrf = sessions[k]
        start.wait(timeout=30)
        try:
            for i in range(each):
                persona, need = targets[(k * each + i) % len(targets)]
                form = {"persona": persona, "kind": ("us", "not_us", "surprising")[i % 3], "comment": f"p{k} r{i}",
                        "name": f"Participant {k}"}
                if need:
                    form["need"] = need
                results[k].append(_react(room, cookie, csrf, **form).status)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(k,), daemon=True) for k in range(participants)]
    for t in threads:
        t.start()
    start.wait(timeout=30)
    began = time.perf_counter()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.perf_counter() - began
    assert not errors, errors[:3]
    assert not any(t.is_alive() for t in threads)
    assert [s for r in results for s in r] == [303] * (participants * each)
    saved = read_reactions(room.project_dir)
    assert len(saved) == participants * each
    assert len({r.id for r in saved}) == participants * each
    assert sorted(r.comment for r in saved) == sorted(f"p{k} r{i}" for k in range(participants) for i in range(each))
    print(f"\nroom load: {participants} participants x {each} reactions = {len(saved)} saved, none lost, "
          f"in {elapsed:.2f} s: {len(saved) / elapsed:.0f} reactions/s")


def test_room_server_log_never_holds_the_code(room, caplog) -> None:
    import logging

    with caplog.at_level(logging.DEBUG, logger="personas.room_server"):
        join(room)
        request(room.url, f"/join?code={room.code}x")
    assert "/join" in caplog.text
    assert room.code not in caplog.text


def test_room_start_refuses_a_busy_port_and_a_non_project(room, share_doc, tmp_path) -> None:
    from personas.errors import ProjectError

    with pytest.raises(ProjectError) as err:
        start_room(room.project_dir, "127.0.0.1", room.port, document=share_doc)
    assert err.value.code == "E723" and str(room.port) in str(err.value)
    with pytest.raises(ProjectError) as err:
        start_room(tmp_path, "127.0.0.1", 0, document=share_doc)
    assert err.value.code == "E704"


def test_room_turns_an_analyst_document_into_its_share_view(project_dir, sample_build, share_doc, analyst_only) -> None:
    with start_room(project_dir, "127.0.0.1", 0, document=sample_build.document) as room:
        assert room.document.generator.settings["privacy"] == "share"
        r = request(room.url, "/", cookie=join(room))
        assert r.status == 200 and not leaks(r.text, analyst_only)
        assert re.search(re.escape(share_doc.personas[0].title), r.text)


def test_room_show_swaps_the_document_and_keeps_sessions(room, share_doc, sample_build, analyst_only) -> None:
    cookie = join(room)
    first = share_doc.personas[0]
    renamed = share_doc.model_copy(update={"personas": [first.model_copy(update={"title": "Renamed in the workshop"}),
                                                        *share_doc.personas[1:]]})
    room.show(renamed)
    page = request(room.url, "/", cookie=cookie)
    assert page.status == 200 and "Renamed in the workshop" in page.text and first.title not in page.text
    room.show(sample_build.document)  # an analyst document is never shown as it is
    page = request(room.url, "/", cookie=cookie)
    assert page.status == 200 and first.title in page.text and not leaks(page.text, analyst_only)
