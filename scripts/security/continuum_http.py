"""Shared HTTP helpers for the security campaign (scripts/security-campaign.sh).

Standard library only, so the campaign runs on a fresh machine with nothing but python3.
Every request has a timeout; every crawl is bounded in pages. Loopback targets only.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import struct
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser

DEMO_PASSWORD = "continuum-demo-2026"

# (role id, demo email). Two-factor is off for demo accounts; a real staff account's TOTP secret
# can be given as CONTINUUM_TOTP_<ROLE> (base32) and is then used the way an authenticator app would.
ROLES = [
    ("admin", "admin@demo.continuum.test"),
    ("caseworker", "caseworker@demo.continuum.test"),
    ("coordinator", "coordinator@demo.continuum.test"),
    ("teacher", "teacher@demo.continuum.test"),
    ("senco", "senco@demo.continuum.test"),
    ("health", "health@demo.continuum.test"),
    ("parent", "parent@demo.continuum.test"),
    ("finance", "finance@demo.continuum.test"),
    ("member", "member@demo.continuum.test"),
]

TIMEOUT = float(os.environ.get("HTTP_TIMEOUT", "60"))
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DIGITS_RE = re.compile(r"\d{3,}")
DOWNLOAD_SUFFIXES = (".csv", ".pdf", ".zip", ".xlsx", ".xml", ".json", ".txt", ".png", ".jpg", ".jpeg", ".ics")

# Paths whose forms or links end the session or change who can sign in: a scanner must not press
# them, or everything after runs signed out (and other roles lose their accounts).
SESSION_ENDING = re.compile(r"^/(sign-out|account/(two-factor|password)|admin/users/[^/]+/(disable|enable|setup-link))(/|$)")


def assert_loopback(base_url: str) -> None:
    host = urllib.parse.urlsplit(base_url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to attack {base_url}: the campaign only targets loopback")


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 as authenticator apps compute it (and as browser-tests/test_go_live_journey.py does)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# --------------------------------------------------------------------------- HTML parsing

@dataclass
class Form:
    method: str
    action: str          # absolute path (no host)
    fields: list[dict] = field(default_factory=list)   # {name, type, value, options}
    enctype: str = "application/x-www-form-urlencoded"
    page: str = ""       # the page the form was found on


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.title = ""
        self._in_title = False
        self._form: Form | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a and "download" not in a:
            self.links.append(a["href"])
        elif tag == "title":
            self._in_title = True
        elif tag == "form":
            self._form = Form(method=(a.get("method") or "get").upper(), action=a.get("action", ""),
                              enctype=a.get("enctype") or "application/x-www-form-urlencoded")
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                existing = [f for f in self._form.fields if f["name"] == a["name"]]
                if existing:
                    existing[0]["options"].append(a.get("value", "on"))
                    if "checked" in a:
                        existing[0]["value"] = a.get("value", "on")
                    return
                self._form.fields.append({"name": a["name"], "type": kind, "value": a.get("value", "on") if ("checked" in a or kind == "radio") else "",
                                          "options": [a.get("value", "on")]})
            else:
                self._form.fields.append({"name": a["name"], "type": kind, "value": a.get("value", ""), "options": []})
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "value": None, "options": []}
            self._form.fields.append(self._select)
        elif self._select is not None and tag == "option":
            value = a.get("value", "")
            self._select["options"].append(value)
            if self._select["value"] is None or "selected" in a:
                if value or "selected" in a:
                    self._select["value"] = value
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "type": "textarea", "value": "", "options": []}
            self._form.fields.append(self._textarea)
        elif self._form is not None and tag == "button" and a.get("name"):
            self._form.fields.append({"name": a["name"], "type": "submit", "value": a.get("value", ""), "options": []})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._select["value"] is None:
                self._select["value"] = ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._textarea is not None:
            self._textarea["value"] += data


def parse(html: str) -> PageParser:
    p = PageParser()
    try:
        p.feed(html)
    except Exception:  # a malformed page still yields what was parsed
        pass
    return p


def pattern(path_and_query: str) -> str:
    """A URL with its ids replaced, so the crawl visits a bounded number of each kind of page."""
    split = urllib.parse.urlsplit(path_and_query)
    path = DIGITS_RE.sub("N", UUID_RE.sub("ID", split.path))
    keys = sorted(k for k, _ in urllib.parse.parse_qsl(split.query, keep_blank_values=True))
    return path + ("?" + "&".join(keys) if keys else "")


# --------------------------------------------------------------------------- client

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Response:
    status: int
    url: str
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One browser-like session: a cookie jar, the CSRF token of the current session."""

    def __init__(self, base_url: str, follow_redirects: bool = True) -> None:
        assert_loopback(base_url)
        self.base = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow_redirects:
            handlers.append(NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)
        self.csrf = ""

    def request(self, method: str, path: str, data: dict | list | None = None, headers: dict | None = None,
                timeout: float = TIMEOUT) -> Response:
        url = path if path.startswith("http") else self.base + path
        body = None
        hdrs = {"User-Agent": "continuum-security-campaign", "Accept": "text/html"}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        hdrs.update(headers or {})
        req = urllib.request.Request(url, data=body, method=method, headers=hdrs)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                resp = Response(r.status, r.geturl(), dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            resp = Response(e.code, e.geturl() or url, dict(e.headers or {}), e.read() if e.fp else b"")
        self._learn_csrf(resp)
        return resp

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data, **kw) -> Response:
        return self.request("POST", path, data=data, **kw)

    def _learn_csrf(self, resp: Response) -> None:
        if "text/html" in (resp.headers.get("Content-Type") or resp.headers.get("content-type") or ""):
            m = re.search(r'name="_csrf" value="([^"]+)"', resp.text)
            if m:
                self.csrf = m.group(1)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD, totp_secret: str | None = None) -> None:
        page = self.get("/sign-in")
        if page.status != 200:
            raise RuntimeError(f"/sign-in answered {page.status}")
        resp = self.post("/sign-in", {"_csrf": self.csrf, "email": email, "password": password})
        forms = parse(resp.text).forms
        if any(f["name"] == "code" for form in forms for f in form.fields):
            if not totp_secret:
                raise RuntimeError(f"{email} is asked for a two-factor code and no TOTP secret was given")
            action = next(form.action for form in forms if any(f["name"] == "code" for f in form.fields))
            resp = self.post(action or "/sign-in/two-factor", {"_csrf": self.csrf, "code": totp(totp_secret)})
        landed = resp.headers.get("Location") or resp.headers.get("location") if resp.status in (301, 302, 303, 307) else resp.url
        if resp.status >= 400 or "/sign-in" in urllib.parse.urlsplit(landed or "").path:
            raise RuntimeError(f"sign-in as {email} failed: {resp.status} at {resp.url}")
        # The session's CSRF token is on every page with a form (the header's sign-out form at least).
        self.get("/")

    def cookies(self) -> dict[str, str]:
        return {c.name: c.value for c in self.jar}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies().items())


def sign_in_as(base_url: str, role: str, email: str) -> Client:
    c = Client(base_url)
    c.sign_in(email, DEMO_PASSWORD, os.environ.get(f"CONTINUUM_TOTP_{role.upper()}"))
    return c


# --------------------------------------------------------------------------- crawl

@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)          # GET pages visited (path?query)
    forms: list[Form] = field(default_factory=list)         # unique by (method, action pattern, field names)
    query_urls: list[str] = field(default_factory=list)     # GET URLs with a query string, one per pattern
    failed: list[str] = field(default_factory=list)         # pages that did not answer in time


def skip(path_and_query: str) -> bool:
    path = urllib.parse.urlsplit(path_and_query).path
    return bool(SESSION_ENDING.match(path)) or path.startswith("/assets/") or path.lower().endswith(DOWNLOAD_SUFFIXES)


def crawl(client: Client, max_pages: int = 60, max_per_pattern: int = 2, start: str = "/") -> CrawlResult:
    """Breadth-first over same-origin GET links, bounded in pages and in pages per URL pattern."""
    result = CrawlResult()
    seen_urls: set[str] = set()
    per_pattern: dict[str, int] = {}
    form_keys: set[tuple] = set()
    query_patterns: set[str] = set()
    queue = deque([start])
    while queue and len(result.pages) < max_pages:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        pat = pattern(url)
        if per_pattern.get(pat, 0) >= max_per_pattern:
            continue
        per_pattern[pat] = per_pattern.get(pat, 0) + 1
        try:
            resp = client.get(url)
        except OSError as e:  # a page slower than the timeout is left out, not the whole crawl
            result.failed.append(f"{url}: {e!r}")
            continue
        ctype = resp.headers.get("Content-Type") or resp.headers.get("content-type") or ""
        if resp.status != 200 or "text/html" not in ctype:
            continue
        final = urllib.parse.urlsplit(resp.url)
        here = final.path + ("?" + final.query if final.query else "")
        result.pages.append(here)
        if final.query and pattern(here) not in query_patterns:
            query_patterns.add(pattern(here))
            result.query_urls.append(here)
        page = parse(resp.text)
        for form in page.forms:
            action = urllib.parse.urljoin(final.path, form.action or final.path)
            action = urllib.parse.urlsplit(action)
            form.action = action.path + ("?" + action.query if action.query else "")
            form.page = here
            if skip(form.action):
                continue
            key = (form.method, pattern(form.action), tuple(sorted(f["name"] for f in form.fields)))
            if key in form_keys:
                continue
            form_keys.add(key)
            result.forms.append(form)
        for href in page.links:
            absolute = urllib.parse.urljoin(resp.url, href)
            split = urllib.parse.urlsplit(absolute)
            if split.netloc != urllib.parse.urlsplit(client.base).netloc:
                continue
            target = split.path + ("?" + split.query if split.query else "")
            if skip(target) or target in seen_urls:
                continue
            if split.query and pattern(target) not in query_patterns:
                query_patterns.add(pattern(target))
                result.query_urls.append(target)
            queue.append(target)
    return result


# Values the forms accept, by field name, so a scanner's request gets past validation to the queries
# (an empty form is refused with 422 before any query runs with the tested value).
START_DATES = re.compile(r"(startsOn|opensOn|startedOn|firstDayAbsent|received|since|heldOn|assessedOn|receivedOn|on|from|consultedOn|Date)$")
END_DATES = re.compile(r"(endsOn|closesOn|endedOn|expectedReturn|lastDay|reviewOn|to)$")
NUMBERS = {"capacity": "20", "fte": "0.5", "schoolDaysMissed": "15", "expectedAbsenceDays": "30", "hubs": "2", "within": "30"}


def plausible(name: str, kind: str, action: str) -> str:
    bare = name.split("-")[-1]
    if bare in NUMBERS:
        return NUMBERS[bare]
    if bare == "dateOfBirth":
        return "2013-05-14"
    if END_DATES.search(bare):
        return "2027-03-31"
    if START_DATES.search(bare) or kind == "date":
        return "2026-11-02"
    if "ostcode" in bare:
        return "WR1 2AB"
    if bare == "userEmail":
        return "teacher@demo.continuum.test" if "met-staff" in action else "caseworker3@demo.continuum.test"
    if bare in ("homeSchoolURN", "schoolURN", "childUPN", "upn", "urn"):
        return ""
    return {"email": "probe@example.test", "number": "1", "tel": "01905 000000"}.get(kind, "probe")


def form_data(form: Form, csrf: str) -> list[tuple[str, str]]:
    """The values a person would submit unchanged: defaults, the first option, a plausible value."""
    out = []
    for f in form.fields:
        if f["type"] in ("file",):
            continue
        value = f["value"] if f["value"] not in (None,) else ""
        if f["name"] == "_csrf":
            value = csrf
        elif not value and f["options"]:
            value = next((o for o in f["options"] if o), "")
        elif not value and f["type"] in ("text", "textarea", "search", "email", "tel", "number", "date"):
            value = plausible(f["name"], f["type"], form.action)
        out.append((f["name"], value))
    return out


def dump(obj) -> str:
    return json.dumps(obj, indent=2, default=lambda o: o.__dict__)
