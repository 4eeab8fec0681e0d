"""XSS sweep (issue 13): payloads in every text field of every form, submitted through the pages in
Chromium, then every page that shows them rendered in Chromium, exports and letters included.

    XSS_PAYLOADS=full   every payload of xss_payloads.TEMPLATES (108) in every field; also a second
                        pass with payloads in the date/number/email fields (so only the re-shown form
                        with errors renders them); crawls more pages. The campaign's figure.
    (unset)             the CI size: xss_payloads.REDUCED (10 payloads), one pass, smaller crawls.

How an execution is detected: before any page script runs, a hook (Chrome DevTools
Page.addScriptToEvaluateOnNewDocument) defines `xss(n)`, `alert`, `confirm`, `prompt`, all recording
their argument. The sweep turns the page's Content-Security-Policy OFF (Page.setBypassCSP) so that it
measures the escaping alone: an injected script would run here even though CSP would block it for
users. On every page it also scans the DOM for injected active content (an on* attribute, a
javascript: URL, a script/iframe/object/embed/base element carrying a payload), which catches
payloads that need a click or focus to run. test_csp_blocks_inline_script checks the CSP backstop
separately, with CSP on.

Forms are found by crawling each role's pages (HTTP, bounded); each form is submitted by the first
role that has it, from the page it was found on: Chromium fills the fields by script (number, date,
email inputs switched to text so the browser sends anything, as an attacker's would), presses the
form's first submit button and renders the answer (the redirect target or the form shown again).
Forms that end the session or change accounts (sign-out, password, two-factor, user edit/disable)
and forms with no text field are skipped. Downloads (CSV, XML) are fetched with the session's cookie
and checked: never served as HTML, attachment, nosniff, XML well-formed with no payload element.
Environment: XSS_PAYLOADS, XSS_MAX_FORMS (all), XSS_CRAWL_PAGES (reduced 20 / full 60 per role).
"""
from __future__ import annotations

import datetime
import os
import re
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from selenium.common.exceptions import TimeoutException, UnexpectedAlertPresentException, WebDriverException
from selenium.webdriver.common.by import By

import support
import xss_payloads

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "security"))
import continuum_http as ch  # noqa: E402

FULL = os.environ.get("XSS_PAYLOADS", "").lower() == "full"
MAX_FORMS = int(os.environ.get("XSS_MAX_FORMS", "0")) or None
CRAWL_PAGES = int(os.environ.get("XSS_CRAWL_PAGES", "60" if FULL else "10"))
# "free-text" (payloads only in free-text fields, other fields plausible, so records are saved) and
# "every-field" (payloads in date, number and email fields too: the form comes back with its errors).
PASSES = os.environ.get("XSS_PASSES", "free-text,every-field" if FULL else "free-text").split(",")
# Seconds the submissions may take (0: no limit). When it runs out the sweep stops submitting, renders
# and reports how far it got, so a campaign stays bounded in time.
SUBMIT_BUDGET = float(os.environ.get("XSS_SUBMIT_BUDGET", "0"))
DISCOVERY_PAGES = 60 if FULL else 25
# Roles that submit forms, in order: a form is submitted by the first role that has it.
SUBMITTERS = ["admin", "caseworker", "coordinator", "teacher", "senco", "health", "parent"] if FULL else \
    ["admin", "caseworker", "coordinator", "senco", "health", "parent"]
EMAILS = dict(support_role[:2] for support_role in support.ROLES)

HOOK = r"""
(function () {
  window.__xss = [];
  const record = function (v) { try { window.__xss.push(String(v)); } catch (e) {} };
  window.xss = record;
  window.alert = function (v) { record('alert:' + v); };
  window.confirm = function (v) { record('confirm:' + v); return false; };
  window.prompt = function (v) { record('prompt:' + v); return null; };
  try { if (window.top && window.top !== window && window.top.xss) { window.xss = window.top.xss; } } catch (e) {}
})();
"""

# Active content a payload could have put into the page. The app itself has no script, no inline
# handler and no javascript: URL, so anything found that mentions xss/alert is an injection.
DOM_SCAN = r"""
const found = [];
const marker = /xss|alert/i;
const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'background', 'xlink:href', 'srcdoc', 'content'];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  for (const a of el.attributes) {
    const name = a.name.toLowerCase(), value = a.value || '';
    if (name.startsWith('on') && marker.test(value)) found.push(tag + ' ' + name + '=' + value.slice(0, 80));
    else if (urlAttrs.includes(name) && /^\s*(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, '')) && marker.test(value)) found.push(tag + ' ' + name + '=' + value.slice(0, 80));
    else if (name === 'style' && /javascript:|expression\(/i.test(value)) found.push(tag + ' style=' + value.slice(0, 80));
  }
  if (['script', 'iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'applet'].includes(tag) && marker.test(el.outerHTML)) found.push('<' + tag + '> ' + el.outerHTML.slice(0, 100));
  if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '') && marker.test(el.getAttribute('content') || '')) found.push('meta refresh ' + el.getAttribute('content'));
}
return found;
"""

FILL_AND_SUBMIT = r"""
const [action, method, values, fallbacks] = arguments;
const forms = [...document.querySelectorAll('form')].filter(function (f) {
  return (f.getAttribute('method') || 'get').toLowerCase() === method && new URL(f.action, location.href).pathname === action;
});
if (!forms.length) return null;
const f = forms[0];
f.noValidate = true;
for (const el of f.querySelectorAll('input, textarea, select')) {
  const name = el.getAttribute('name');
  if (!name || name === '_csrf') continue;
  const type = (el.getAttribute('type') || el.tagName).toLowerCase();
  if (type === 'hidden' || type === 'file' || type === 'submit' || type === 'button') continue;
  if (type === 'radio') {
    const group = f.querySelectorAll('input[type=radio][name="' + CSS.escape(name) + '"]');
    if (![...group].some(r => r.checked)) group[0].checked = true;
    continue;
  }
  if (type === 'checkbox') continue;
  if (el.tagName === 'SELECT') {
    if (!el.value) { const o = [...el.options].find(o => o.value); if (o) el.value = o.value; }
    continue;
  }
  let value = null;
  if (Object.prototype.hasOwnProperty.call(values, name)) value = values[name];
  else if (!el.value && Object.prototype.hasOwnProperty.call(fallbacks, name)) value = fallbacks[name];
  if (value === null) continue;
  if (el.tagName === 'INPUT' && type !== 'text') el.setAttribute('type', 'text');
  el.removeAttribute('maxlength'); el.removeAttribute('pattern'); el.removeAttribute('required');
  el.value = value;
}
const button = f.querySelector('button[type=submit], button:not([type]), input[type=submit]');
if (button && f.requestSubmit) f.requestSubmit(button); else f.submit();
return true;
"""

DATEISH = re.compile(r"(^on$|On$|date|Date|^from$|^to$|^at$|^census$|Return$|Absent$|Day$|since$)")
# The GOV.UK date input's three boxes (issue 14 item 3): NAME-day, NAME-month, NAME-year.
DATE_BOX = re.compile(r"-(day|month|year)$")
NUMBERISH = re.compile(r"(days|Days|fte|capacity|hours|Hours|minutes|Minutes|within|hubs|sites|extra|URN|Urn|urn|Colour|threshold|Terms|upn|UPN)")
FREE_TEXT_TYPES = ("text", "textarea", "search")
TEXTLIKE_TYPES = ("text", "textarea", "search", "email", "tel", "url", "number", "date")


def plausible(name: str, kind: str) -> str:
    box = DATE_BOX.search(name)
    if box:
        day = datetime.date.today()
        return str({"day": day.day, "month": day.month, "year": day.year}[box.group(1)])
    today = datetime.date.today().isoformat()
    if kind == "date" or DATEISH.search(name):
        return today
    if kind == "number" or NUMBERISH.search(name):
        return "1"
    if kind == "email":
        return "sweep@example.test"
    return "sweep"


def is_free_text(field: dict) -> bool:
    return field["type"] in FREE_TEXT_TYPES and not DATEISH.search(field["name"]) and not NUMBERISH.search(field["name"]) \
        and not DATE_BOX.search(field["name"])


# --------------------------------------------------------------------------- browser helpers

def hooked_driver(tmp_path_factory):
    browser = support.make_driver(str(tmp_path_factory.mktemp("xss-downloads")))
    browser.execute_cdp_cmd("Page.enable", {})
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    return browser


class Findings:
    def __init__(self) -> None:
        self.executions: list[str] = []
        self.injections: list[str] = []
        self.server_errors: list[str] = []
        self.notes: list[str] = []
        self.shown_as_text = 0
        self.pages_checked = 0
        self.forms_done = 0
        self.submissions = 0
        self.payload_fields = 0
        self.ids: dict[str, str] = {}

    def where(self, hit: str) -> str:
        number = re.sub(r"\D", "", hit)
        return self.ids.get(number, "?")

    def inspect(self, driver, what: str) -> None:
        """Record executions (hook calls, open alerts) and injected active content on the current page."""
        time.sleep(0.05)  # let error/load handlers of a failed image run
        try:
            hits = driver.execute_script("return window.__xss || [];") or []
            injected = driver.execute_script(DOM_SCAN) or []
            if driver.execute_script("return document.body ? /(xss|alert)\\(\\d+\\)/.test(document.body.innerText) : false;"):
                self.shown_as_text += 1
        except UnexpectedAlertPresentException as error:
            hits, injected = [f"alert:{getattr(error, 'alert_text', '')}"], []
        self.pages_checked += 1
        for hit in hits:
            self.executions.append(f"{what}: {hit} (payload {self.where(hit)})")
        for item in injected:
            number = (re.search(r"(?:xss|alert)\D{0,12}(\d+)", item) or [None, ""])[1]
            self.injections.append(f"{what}: {item} (payload {self.ids.get(number, '?')})")
        title = driver.title or ""
        if title.startswith("Sorry") or support.http_status(driver) == 500:
            self.server_errors.append(f"{what}: {support.short_url(driver.current_url)} answered {title!r}")


def sign_in(driver, base_url: str, role: str) -> None:
    driver.delete_all_cookies()
    support.sign_in(driver, base_url, EMAILS[role])


def discover(base_url: str) -> list[tuple[str, ch.Form]]:
    """(role, form) for every form with a text field, the first role that has it, bounded crawls."""
    chosen: list[tuple[str, ch.Form]] = []
    keys: set[tuple] = set()

    def crawl(role: str):
        return ch.crawl(ch.sign_in_as(base_url, role, EMAILS[role]), max_pages=DISCOVERY_PAGES, max_per_pattern=1)
    with ThreadPoolExecutor(max_workers=3) as pool:
        crawls = list(pool.map(crawl, SUBMITTERS))
    for role, found in zip(SUBMITTERS, crawls):
        for form in found.forms:
            path = urllib.parse.urlsplit(form.action).path
            if ch.SESSION_ENDING.match(path) or re.match(r"^/admin/users/[^/]+$", path):
                continue  # would end the session or change a demo account the sweep signs in with
            if not any(f["type"] in TEXTLIKE_TYPES for f in form.fields):
                continue
            key = (form.method, ch.pattern(path))
            if key in keys:
                continue
            keys.add(key)
            chosen.append((role, form))
    return chosen[:MAX_FORMS] if MAX_FORMS else chosen


def submit_all(driver, base_url: str, forms: list[tuple[str, ch.Form]], findings: Findings) -> None:
    templates = xss_payloads.templates(FULL)
    counter = 1000
    current_role = None
    began = time.time()
    # Pass by pass, so that a time budget cuts the second pass, never the first one's forms.
    work = [(mode, role, form) for mode in PASSES for role, form in forms]
    for done, (mode, role, form) in enumerate(work):
        if SUBMIT_BUDGET and time.time() - began > SUBMIT_BUDGET:
            findings.notes.append(f"submission budget of {SUBMIT_BUDGET:.0f}s reached after {done} of {len(work)} (pass, form) pairs; not submitted: "
                                  + ", ".join(f"[{m}] {f.method} {ch.pattern(f.action)}" for m, _, f in work[done:]))
            break
        findings.forms_done = done + 1
        print(f"[xss] {time.strftime('%H:%M:%S')} [{mode}] {form.method} {form.action} as {role}", flush=True)
        if role != current_role:
            sign_in(driver, base_url, role)
            current_role = role
        path = urllib.parse.urlsplit(form.action).path
        method = form.method.lower()
        fields = [f for f in form.fields if f["type"] in TEXTLIKE_TYPES and f["name"] != "_csrf"]
        targets = [f for f in fields if mode == "every-field" or is_free_text(f)]
        if not targets:
            continue
        fallbacks = {f["name"]: plausible(f["name"], f["type"]) for f in fields}
        for i in range(len(templates)):
            values = {}
            for k, f in enumerate(targets):
                counter += 1
                template_index = (i + k) % len(templates)
                values[f["name"]] = xss_payloads.render(templates[template_index], counter)
                findings.ids[str(counter)] = f"#{template_index} in {f['name']} of {form.method} {ch.pattern(path)} as {role}"
            findings.payload_fields += len(values)
            submitted = fill_and_submit(driver, base_url, form, path, method, values, fallbacks)
            if submitted is None:
                findings.notes.append(f"[{mode}] {form.method} {ch.pattern(path)}: form gone from {ch.pattern(form.page)} after {i} submission(s) (as {role})")
                break
            findings.submissions += 1
            findings.inspect(driver, f"after {form.method} {ch.pattern(path)} [{mode}] as {role}")
            if support.path_of(driver).startswith("/sign-in"):
                sign_in(driver, base_url, role)


def fill_and_submit(driver, base_url, form, path, method, values, fallbacks):
    """Fill and submit the form on the current page if it is there (a re-shown form), else on its own page."""
    for attempt in range(2):
        if attempt == 1 or not driver.find_elements(By.XPATH, "//form"):
            driver.get(base_url + form.page)
        try:
            old = driver.find_element(By.TAG_NAME, "html")
            done = driver.execute_script(FILL_AND_SUBMIT, path, method, values, fallbacks)
        except UnexpectedAlertPresentException:
            return True
        if done is None:
            continue
        try:
            support.wait_for_new_page(driver, old, f"submitting {form.method} {path}")
        except AssertionError:
            pass
        return True
    return None


def crawl_and_inspect(driver, base_url: str, role: str, findings: Findings) -> int:
    """Breadth-first over the role's pages in Chromium (letters of every case and referral added), inspecting each."""
    print(f"[xss] {time.strftime('%H:%M:%S')} crawling as {role}", flush=True)
    sign_in(driver, base_url, role)
    queue = ["/"]
    seen = {"/"}
    per_pattern: dict[str, int] = {}
    visited = 0
    while queue and visited < CRAWL_PAGES:
        url = queue.pop(0)
        try:
            driver.get(base_url + url)
        except (TimeoutException, WebDriverException):
            continue
        if support.content_type(driver) not in ("text/html", ""):
            continue
        visited += 1
        findings.inspect(driver, f"{role} viewing {url}")
        links = driver.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));") or []
        here = urllib.parse.urlsplit(driver.current_url).path
        extra = [here + "/letter"] if re.match(r"^/(referrals|ehc)/[0-9A-Fa-f-]{36}$", here) else []
        for href in links + extra:
            absolute = urllib.parse.urljoin(base_url + here, href)
            split = urllib.parse.urlsplit(absolute)
            if split.netloc != urllib.parse.urlsplit(base_url).netloc:
                continue
            target = split.path + ("?" + split.query if split.query else "")
            if target in seen or ch.skip(target):
                continue
            pattern = ch.pattern(target)
            if per_pattern.get(pattern, 0) >= 2:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            seen.add(target)
            queue.append(target)
    return visited


def export_urls(client: ch.Client) -> list[str]:
    """Every download the officer pages offer: CSV/XML links, and GET forms posting to a download, with their defaults."""
    urls: set[str] = set()
    for page in ("/reports", "/reports/census", "/reports/illness-absence", "/reports/sen2", "/medical-education/evidence/hours",
                 "/medical-education/census"):
        resp = client.get(page)
        if resp.status != 200:
            continue
        parsed = ch.parse(resp.text)
        for href in parsed.links:
            path = urllib.parse.urlsplit(href).path
            if path.endswith((".csv", ".xml", ".xlsx")):
                urls.add(urllib.parse.urljoin(page, href))
        for form in parsed.forms:
            if form.method == "GET" and form.action.endswith((".csv", ".xml", ".xlsx")):
                query = urllib.parse.urlencode([(k, v) for k, v in ch.form_data(form, client.csrf) if k != "_csrf"])
                urls.add(form.action + ("?" + query if query else ""))
    return sorted(urls)


def check_exports(base_url: str, findings: Findings) -> list[str]:
    checked = []
    for role in (("admin", "caseworker", "coordinator") if FULL else ("admin",)):
        client = ch.sign_in_as(base_url, role, EMAILS[role])
        for url in export_urls(client):
            if not FULL and url.split("?")[0].endswith(".xml"):
                continue  # the demo's SEN2 return is 5 MB of counts, no free text; the full sweep fetches it
            resp = client.get(url)
            if resp.status != 200:
                continue
            headers = {k.lower(): v for k, v in resp.headers.items()}
            ctype = headers.get("content-type", "")
            what = f"{role} download {url}"
            checked.append(f"{url} ({ctype.split(';')[0]}, {len(resp.body)} bytes, as {role})")
            if "html" in ctype:
                findings.injections.append(f"{what}: served as {ctype}, so a browser would render payloads")
            if "attachment" not in headers.get("content-disposition", ""):
                findings.injections.append(f"{what}: no Content-Disposition: attachment")
            if headers.get("x-content-type-options", "").lower() != "nosniff":
                findings.injections.append(f"{what}: no X-Content-Type-Options: nosniff")
            if "xml" in ctype and len(resp.body) < 20_000_000:
                try:
                    root = ET.fromstring(resp.body)
                except ET.ParseError as error:
                    findings.injections.append(f"{what}: not well-formed XML ({error})")
                    continue
                for el in root.iter():
                    local = el.tag.rsplit("}", 1)[-1].lower()
                    if local in ("script", "img", "svg", "iframe", "a", "body", "html"):
                        findings.injections.append(f"{what}: payload element <{local}> in the XML")
    return checked


# --------------------------------------------------------------------------- tests

def test_xss_sweep_no_script_executes(base_url, tmp_path_factory):
    started = time.time()
    findings = Findings()
    forms = discover(base_url)
    print(f"[xss] {time.strftime('%H:%M:%S')} discovered {len(forms)} forms in {time.time() - started:.0f}s", flush=True)
    assert forms, "the crawl found no form with a text field"
    discovered = time.time()
    driver = hooked_driver(tmp_path_factory)
    try:
        # The detector can fail: a page that runs a payload and one that carries an inert one are both caught.
        probe = Findings()
        driver.get("data:text/html,<p>x</p><img src=x onerror=xss(7)><a href='javascript:xss(8)'>y</a>")
        probe.inspect(driver, "self-test")
        assert len(probe.executions) == 1 and len(probe.injections) == 2, f"the detector missed: {probe.executions} {probe.injections}"
        submit_all(driver, base_url, forms, findings)
        submitted = time.time()
        pages = {role: crawl_and_inspect(driver, base_url, role, findings) for role, _, _ in support.ROLES}
    finally:
        driver.quit()
    downloads = check_exports(base_url, findings)
    templates = xss_payloads.templates(FULL)
    fields = sum(len([f for f in form.fields if f["type"] in TEXTLIKE_TYPES and f["name"] != "_csrf"]) for _, form in forms)
    report = [
        f"XSS sweep ({'full' if FULL else 'reduced'}): {len(templates)} payloads; {len(forms)} forms, {fields} text fields; "
        f"passes {'+'.join(PASSES)}; {findings.forms_done} (pass, form) pairs submitted; {findings.submissions} submissions carrying {findings.payload_fields} payload values; "
        f"{findings.pages_checked} pages inspected in Chromium ({sum(pages.values())} in the per-role crawls: {pages}); "
        f"{len(downloads)} downloads checked; executions {len(findings.executions)}; injected active content {len(findings.injections)}; "
        f"pages showing a payload as text {findings.shown_as_text}; pages answering 500 {len(findings.server_errors)}; "
        f"time: discovery {discovered - started:.0f}s, submissions {submitted - discovered:.0f}s, total {time.time() - started:.0f}s",
        "forms: " + ", ".join(f"{f.method} {ch.pattern(f.action)} ({r})" for r, f in forms),
        "downloads: " + ", ".join(downloads),
    ]
    if findings.notes:
        report.append("forms that went away after submissions (the record moved on), submitted fewer times:\n  " + "\n  ".join(findings.notes))
    if findings.server_errors:
        report.append("not an XSS finding, but input must never cause a 500 or lose its form:\n  " + "\n  ".join(findings.server_errors[:30]))
    print("\n".join(report))
    problems = findings.executions + findings.injections
    assert findings.shown_as_text > 0, "no page showed a payload as text: the payloads never reached a page, so the sweep proved nothing\n" + "\n".join(report)
    assert not problems, "\n".join(report + ["executions and injections:"] + problems[:60])


def test_csp_blocks_inline_script(driver, base_url):
    """The backstop: with CSP on (as users have it), an inline script and an inline handler put into a page do not run."""
    support.sign_in(driver, base_url, EMAILS["caseworker"])
    driver.get(base_url + "/children")
    result = driver.execute_async_script(r"""
const done = arguments[arguments.length - 1];
window.__ran = [];
const violations = [];
document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
const s = document.createElement('script');
s.textContent = 'window.__ran.push("inline script")';
document.body.appendChild(s);
const img = document.createElement('img');
img.setAttribute('onerror', 'window.__ran.push("inline handler")');
img.src = 'data:,x';
document.body.appendChild(img);
const a = document.createElement('a');
a.href = 'javascript:window.__ran.push("javascript url")';
document.body.appendChild(a);
a.click();
setTimeout(() => done({ran: window.__ran, violations: violations}), 500);
""")
    policy = driver.execute_script(
        "return fetch(location.href, {credentials: 'same-origin'}).then(r => r.headers.get('content-security-policy'));")
    assert policy and "script-src 'self'" in policy and "unsafe-inline" not in policy, f"CSP header: {policy!r}"
    assert result["ran"] == [], f"ran despite CSP: {result}"
    assert len(result["violations"]) >= 2, f"expected CSP violations for the inline script and handler: {result}"
