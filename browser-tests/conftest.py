"""Fixtures for Continuum's browser tests.

Environment:
  BASE_URL       the running app, e.g. http://127.0.0.1:8089 (required)
  AXE_JS         path to axe-core's axe.min.js (required)
  ARTIFACTS_DIR  where to save a screenshot and the HTML of a failing test's last page (optional)
  CHROME_BIN, CHROMEDRIVER  override /usr/bin/chromium and /usr/bin/chromedriver
scripts/browser-lane.sh sets all of these up; see browser-tests/README.md.
"""
from __future__ import annotations

import os
import re
import urllib.request

import pytest

import support


def pytest_configure(config):
    missing = [name for name in ("BASE_URL", "AXE_JS") if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(
            f"set {' and '.join(missing)} (or run scripts/browser-lane.sh, which sets them up)")
    if not os.path.isfile(os.environ["AXE_JS"]):
        raise pytest.UsageError(f"AXE_JS={os.environ['AXE_JS']} is not a file")


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ["BASE_URL"].rstrip("/")
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
            body = response.read().decode("utf-8", "replace").strip()
    except OSError as error:
        pytest.fail(f"{url}/healthz is not answering: {error}", pytrace=False)
    if body != "ok":
        pytest.fail(f"{url}/healthz answered {body[:80]!r}, not 'ok'", pytrace=False)
    return url


@pytest.fixture(scope="session")
def axe_source() -> str:
    with open(os.environ["AXE_JS"], encoding="utf-8") as handle:
        source = handle.read()
    if "axe" not in source[:200]:
        pytest.fail(f"{os.environ['AXE_JS']} does not look like axe.min.js", pytrace=False)
    return source


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def driver(request, tmp_path_factory):
    """A fresh headless Chromium per test: no cookies, so no session carried over."""
    downloads = tmp_path_factory.mktemp("downloads")
    browser = support.make_driver(str(downloads))
    try:
        yield browser
    finally:
        report = getattr(request.node, "rep_call", None)
        artifacts = os.environ.get("ARTIFACTS_DIR")
        if artifacts and report is not None and report.failed:
            try:
                os.makedirs(artifacts, exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
                browser.save_screenshot(os.path.join(artifacts, f"{name}.png"))
                with open(os.path.join(artifacts, f"{name}.html"), "w", encoding="utf-8") as handle:
                    handle.write(f"<!-- {browser.current_url} -->\n{browser.page_source}")
                print(f"saved {name}.png and {name}.html in {artifacts}")
            except Exception as error:  # best effort only
                print(f"could not save artifacts: {error}")
        browser.quit()
