"""Helpers for Continuum's browser tests: Chromium, signing in, axe, crawling.

Every wait here is bounded: page loads 30 s, axe 90 s, explicit waits 30 s.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

DEMO_PASSWORD = "continuum-demo-2026"

# (id, email, what the role is) for every demo sign-in; two-factor is off for all.
ROLES = [
    ("admin", "admin@demo.continuum.test", "administrator"),
    ("caseworker", "caseworker@demo.continuum.test", "caseworker"),
    ("coordinator", "coordinator@demo.continuum.test", "MET coordinator"),
    ("teacher", "teacher@demo.continuum.test", "MET teacher"),
    ("senco", "senco@demo.continuum.test", "school user"),
    ("health", "health@demo.continuum.test", "health professional"),
    ("parent", "parent@demo.continuum.test", "parent/carer"),
    ("finance", "finance@demo.continuum.test", "finance"),
    ("member", "member@demo.continuum.test", "elected member"),
    ("provider", "provider@demo.continuum.test", "outreach provider"),
    ("post16_adviser", "adviser@demo.continuum.test", "post-16 adviser"),
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]

PAGE_LOAD_TIMEOUT = int(os.environ.get("PAGE_LOAD_TIMEOUT", "30"))
AXE_TIMEOUT = int(os.environ.get("AXE_TIMEOUT", "90"))
WAIT_TIMEOUT = int(os.environ.get("WAIT_TIMEOUT", "30"))
MAX_PAGES_PER_ROLE = int(os.environ.get("CRAWL_MAX_PAGES", "40"))
MAX_PER_PATTERN = int(os.environ.get("CRAWL_MAX_PER_PATTERN", "2"))

ERROR_TITLE_PREFIXES = ("Page not found", "Sorry")

# File-like links that a browser would download rather than show.
DOWNLOAD_SUFFIXES = (".csv", ".pdf", ".zip", ".xlsx", ".xls", ".docx", ".doc", ".odt", ".ods",
                     ".json", ".xml", ".txt", ".ics", ".png", ".jpg", ".jpeg", ".gif", ".svg")

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
LONG_DIGITS_RE = re.compile(r"\d{4,}")


# --------------------------------------------------------------------------- browser

def make_driver(download_dir: str | None = None) -> WebDriver:
    """Headless Debian Chromium through Debian's chromedriver (no downloads, no network)."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=en-GB"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir or tempfile.gettempdir(),
        "download.prompt_for_download": False,
        "download_restrictions": 3,  # block every download
    })
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(AXE_TIMEOUT)
    driver.implicitly_wait(0)
    return driver


def path_of(driver: WebDriver) -> str:
    return urlsplit(driver.current_url).path


def http_status(driver: WebDriver) -> int | None:
    """HTTP status of the current document (Navigation Timing's responseStatus), if known."""
    try:
        status = driver.execute_script(
            "const e = performance.getEntriesByType('navigation')[0];"
            "return e && typeof e.responseStatus === 'number' ? e.responseStatus : null;")
    except WebDriverException:
        return None
    return status or None


def content_type(driver: WebDriver) -> str:
    try:
        return driver.execute_script("return document.contentType || '';") or ""
    except WebDriverException:
        return ""


def page_problems(driver: WebDriver) -> list[str]:
    """Why the current page looks like an error page (empty list if it does not)."""
    problems = []
    status = http_status(driver)
    if status is not None and status >= 400:
        problems.append(f"HTTP status {status}")
    title = driver.title or ""
    if title.startswith(ERROR_TITLE_PREFIXES):
        problems.append(f"error page title {title!r}")
    if not driver.find_elements(By.CSS_SELECTOR, "main#main-content"):
        problems.append('no <main id="main-content">')
    return problems


# --------------------------------------------------------------------------- sign in

def find_sign_in_button(driver: WebDriver):
    buttons = driver.find_elements(
        By.XPATH, "//form[.//input[@name='email']]//button[@type='submit' and normalize-space()='Sign in']")
    if not buttons:
        raise AssertionError(
            f"no <button type=\"submit\">Sign in</button> in the sign-in form at {driver.current_url}")
    return buttons[0]


def submit_sign_in(driver: WebDriver, base_url: str, email: str, password: str) -> None:
    """Open /sign-in, fill the form, submit it and wait for the next page to load."""
    driver.get(base_url + "/sign-in")
    problems = page_problems(driver)
    if problems or not driver.find_elements(By.ID, "email"):
        raise AssertionError(f"/sign-in is not the sign-in page (title {driver.title!r}): "
                             f"{'; '.join(problems) or 'no input with id email'}")
    email_input = driver.find_element(By.ID, "email")
    password_input = driver.find_element(By.ID, "password")
    email_input.clear()
    if email:
        email_input.send_keys(email)
    password_input.clear()
    if password:
        password_input.send_keys(password)
    button = find_sign_in_button(driver)
    button.click()
    wait_for_new_page(driver, button, "submitting the sign-in form")


def _replaced(old_element) -> bool:
    """True once OLD_ELEMENT has left the document. While Chromium swaps documents, chromedriver
    can answer with a generic inspector error instead of a stale-element error; that means gone too."""
    try:
        old_element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error) or "No node with given id" in str(error):
            return True
        raise


def wait_for_new_page(driver: WebDriver, old_element, what: str) -> None:
    """Wait (bounded) until OLD_ELEMENT's page has been replaced and the new one has loaded."""
    try:
        WebDriverWait(driver, WAIT_TIMEOUT).until(lambda d: _replaced(old_element))
        WebDriverWait(driver, WAIT_TIMEOUT).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
    except TimeoutException:
        raise AssertionError(f"{what}: no new page loaded within {WAIT_TIMEOUT}s "
                             f"(still at {driver.current_url})") from None


def fill_date(driver: WebDriver, field_id: str, value) -> None:
    """Types a date into a GOV.UK date input: the day box carries the field's id, the month and
    year boxes FIELD-month and FIELD-year (issue 14 item 3). VALUE is a datetime.date or YYYY-MM-DD."""
    if isinstance(value, str):
        year, month, day = (int(part) for part in value.split("-"))
    else:
        year, month, day = value.year, value.month, value.day
    for box_id, text in ((field_id, day), (f"{field_id}-month", month), (f"{field_id}-year", year)):
        box = driver.find_element(By.ID, box_id)
        box.clear()
        box.send_keys(str(text))


def error_summary_text(driver: WebDriver) -> str:
    summaries = driver.find_elements(By.CSS_SELECTOR, ".govuk-error-summary")
    return " | ".join(s.text.replace("\n", " ") for s in summaries)


def sign_in(driver: WebDriver, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as a demo user and check that we left the sign-in pages."""
    submit_sign_in(driver, base_url, email, password)
    path = path_of(driver)
    if path.startswith("/sign-in/two-factor"):
        raise AssertionError(
            f"signing in as {email} asked for two-factor ({driver.current_url}); "
            "demo users must have two-factor OFF for the browser tests")
    if path.startswith("/sign-in"):
        raise AssertionError(
            f"signing in as {email} did not leave {path} (title {driver.title!r}); "
            f"error summary: {error_summary_text(driver) or '(none)'}")
    problems = page_problems(driver)
    if problems:
        raise AssertionError(f"after signing in as {email}, {driver.current_url}: {'; '.join(problems)}")


# --------------------------------------------------------------------------- axe

AXE_RUN_SCRIPT = """
const done = arguments[arguments.length - 1];
const tags = arguments[0];
if (typeof window.axe === 'undefined') { done({error: 'axe is not defined after injecting axe.min.js'}); return; }
window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(function (r) {
    done({version: window.axe.version, violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.length,
              targets: v.nodes.slice(0, 3).map(function (n) {
                return n.target.map(function (t) { return Array.isArray(t) ? t.join(' >>> ') : String(t); }).join(' >> ');
              })};
    })});
  })
  .catch(function (e) { done({error: String(e && e.stack || e)}); });
"""


@dataclass
class Violation:
    url: str
    id: str
    impact: str
    help: str
    help_url: str
    nodes: int
    targets: list[str]


def run_axe(driver: WebDriver, axe_source: str) -> list[Violation]:
    """Inject axe-core into the current page and return its violations."""
    driver.execute_script(axe_source)
    try:
        result = driver.execute_async_script(AXE_RUN_SCRIPT, AXE_TAGS)
    except TimeoutException as error:
        raise AssertionError(f"axe did not finish within {AXE_TIMEOUT}s on {driver.current_url}") from error
    if not isinstance(result, dict) or "error" in result:
        raise AssertionError(f"axe failed on {driver.current_url}: {result!r}")
    url = short_url(driver.current_url)
    return [Violation(url=url, id=v["id"], impact=v.get("impact") or "?", help=v.get("help", ""),
                      help_url=v.get("helpUrl", ""), nodes=int(v.get("nodes", 0)),
                      targets=list(v.get("targets", [])))
            for v in result.get("violations", [])]


def format_violations(violations: list[Violation], heading: str) -> str:
    """A readable report: one block per axe rule, one line per page."""
    if not violations:
        return f"{heading}: no axe violations"
    pages = len({v.url for v in violations})
    lines = [f"{heading}: {len(violations)} axe violation(s) on {pages} page(s) "
             f"(tags {', '.join(AXE_TAGS)})"]
    by_rule: dict[str, list[Violation]] = {}
    for v in violations:
        by_rule.setdefault(v.id, []).append(v)
    impact_rank = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    for rule_id, items in sorted(by_rule.items(), key=lambda kv: (impact_rank.get(kv[1][0].impact, 9), kv[0])):
        first = items[0]
        lines.append("")
        lines.append(f"  [{first.impact}] {rule_id}: {first.help}")
        if first.help_url:
            lines.append(f"    {first.help_url}")
        for v in items:
            more = f" (+{v.nodes - len(v.targets)} more)" if v.nodes > len(v.targets) else ""
            lines.append(f"    - {v.url}  {v.nodes} element(s): {' ; '.join(v.targets)}{more}")
    return "\n".join(lines)


def assert_no_violations(violations: list[Violation], heading: str) -> None:
    """Fail the test with the readable report (no traceback noise) if axe found anything."""
    if violations:
        pytest.fail(format_violations(violations, heading), pytrace=False)


# --------------------------------------------------------------------------- crawling

def short_url(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def url_pattern(url: str) -> str:
    """Collapse ids so that /children/<uuid> and /children/<other uuid> count as one page kind."""
    parts = urlsplit(url)
    segments = []
    for segment in parts.path.split("/"):
        segment = UUID_RE.sub(":id", segment)
        segment = ":id" if segment.isdigit() else LONG_DIGITS_RE.sub(":id", segment)
        segments.append(segment)
    pattern = "/".join(segments)
    if parts.query:
        pattern += "?" + "&".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return pattern


def same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def normalise(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def skip_reason(url: str, base_url: str, download_attr: bool = False) -> str | None:
    """Why a link must not be followed (None to follow it)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not same_origin(url, base_url):
        return "external"
    path = parts.path or "/"
    if path == "/sign-out" or path.startswith("/sign-out/"):
        return "sign-out"
    if path.startswith("/assets/"):
        return "asset"
    if download_attr or path.lower().endswith(DOWNLOAD_SUFFIXES) or "/download" in path:
        return "download"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "page":
            try:
                if int(value) > 2:
                    return "page beyond 2"
            except ValueError:
                pass
    return None


LINKS_SCRIPT = ("return Array.from(document.querySelectorAll('a[href]'))"
                ".map(function (a) { return [a.href, a.hasAttribute('download')]; });")


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    skipped_non_html: list[str] = field(default_factory=list)


def crawl(driver: WebDriver, base_url: str, axe_source: str, label: str,
          max_pages: int = MAX_PAGES_PER_ROLE, per_pattern: int = MAX_PER_PATTERN) -> CrawlResult:
    """Breadth-first crawl of same-origin GET links from /, checking every page and running axe."""
    result = CrawlResult()
    start = normalise(base_url + "/")
    queue: deque[str] = deque([start])
    seen = {start}
    pattern_counts = {url_pattern(start): 1}

    while queue and len(result.visited) < max_pages:
        url = queue.popleft()
        short = short_url(url)
        try:
            # A marker on the old page: if it survives driver.get, the browser did not
            # navigate (a download, which Chromium blocks here) and there is no page to check.
            driver.execute_script("window.__continuumCrawlMarker = true;")
            driver.get(url)
        except TimeoutException:
            result.problems.append(f"{short}: did not load within {PAGE_LOAD_TIMEOUT}s")
            try:
                driver.execute_script("window.stop();")
            except WebDriverException:
                pass
            continue
        if driver.execute_script("return window.__continuumCrawlMarker === true;"):
            result.skipped_non_html.append(f"{short} (download, no page)")
            continue
        result.visited.append(short)
        landed = urlsplit(driver.current_url).path
        if landed.startswith("/sign-in") and not urlsplit(url).path.startswith("/sign-in"):
            result.problems.append(f"{short}: redirected to {short_url(driver.current_url)} "
                                   "(signed out or session lost); crawl stopped")
            break
        ctype = content_type(driver)
        if ctype and ctype != "text/html":
            result.skipped_non_html.append(f"{short} ({ctype})")
            continue
        problems = page_problems(driver)
        if problems:
            result.problems.append(f"{short}: {'; '.join(problems)}")
        try:
            result.violations.extend(run_axe(driver, axe_source))
        except AssertionError as error:
            result.problems.append(f"{short}: {error}")

        try:
            links = driver.execute_script(LINKS_SCRIPT) or []
        except WebDriverException as error:
            result.problems.append(f"{short}: could not read links: {error.msg}")
            links = []
        for href, has_download in links:
            if skip_reason(href, base_url, bool(has_download)):
                continue
            target = normalise(href)
            if target in seen:
                continue
            seen.add(target)
            pattern = url_pattern(target)
            if pattern_counts.get(pattern, 0) >= per_pattern:
                continue
            pattern_counts[pattern] = pattern_counts.get(pattern, 0) + 1
            queue.append(target)

    print(f"[{label}] visited {len(result.visited)} page(s): {', '.join(result.visited)}")
    if result.skipped_non_html:
        print(f"[{label}] not HTML, not checked: {', '.join(result.skipped_non_html)}")
    return result


# --------------------------------------------------------------------------- small finders

def find_first(driver: WebDriver, xpaths: list[str], what: str):
    """The first displayed element matching any of the XPaths, in order."""
    for xpath in xpaths:
        for element in driver.find_elements(By.XPATH, xpath):
            if element.is_displayed():
                return element
    raise NoSuchElementException(f"{what} not found on {driver.current_url} (tried {xpaths})")


def summary_value(driver: WebDriver, key: str) -> str:
    """Text of the <dd> that follows the <dt> whose text is KEY (GOV.UK summary list)."""
    for xpath in (f"//dt[normalize-space()='{key}']/following-sibling::dd[1]",
                  f"//dt[contains(normalize-space(), '{key}')]/following-sibling::dd[1]"):
        found = driver.find_elements(By.XPATH, xpath)
        if found:
            return found[0].text.strip()
    raise AssertionError(f"no <dt>{key}</dt> with a <dd> after it on {driver.current_url}")
