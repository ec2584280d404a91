"""A tiny HTTP client for the room tests (http.client, so odd paths go out exactly as written)."""

from __future__ import annotations

import html
import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str]

    @property
    def text(self) -> str:
        """The body as text with HTML entities undone (so an escaped leak would still be found)."""
        return html.unescape(self.body.decode("utf-8", errors="replace"))


def request(base: str, path: str = "/", method: str = "GET", *, cookie: str | None = None, form: dict | None = None,
            body: bytes | None = None, headers: dict | None = None, timeout: float = 15) -> Response:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        sent = dict(headers or {})
        if cookie:
            sent["Cookie"] = cookie
        if form is not None:
            body = urlencode(form).encode("utf-8")
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data,
                        response.msg.get_all("Set-Cookie") or [])
    finally:
        conn.close()


def join(handle) -> str:
    """Join with the room's code; the ``name=token`` cookie to send afterwards."""
    code = handle.code
    response = request(handle.url, f"/join?code={code}")
    assert response.status == 200, response.status
    assert response.cookies, "no session cookie"
    return response.cookies[0].split(";")[0]


def csrf_of(page: Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.body.decode("utf-8"))
    assert match, "no form on the page"
    return match.group(1)
