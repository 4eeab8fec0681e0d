"""Issue 12 journey: a council goes live without the demo, on its own server started with plain `serve` on an
empty database. `continuum authority create` makes the council
and prints a set-up link; the first administrator chooses a password, sets up two-factor with a code
computed here from the key the page shows, adds term dates and a teaching base, invites a caseworker,
uploads a Common Transfer File and finds a child from it by UPN. axe runs on every new page."""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import random
import struct
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import support
from test_referral_journey import check, submit

HERE = os.path.dirname(os.path.abspath(__file__))
CTF = os.path.join(HERE, "fixtures", "ctf-two-pupils.xml")
GIAS = os.path.join(HERE, "..", "Tests", "Fixtures", "gias-edubasealldata-sample.csv")
PASSWORD = "harbour lantern copper kettle"


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 as authenticator apps compute it: SHA-1, 30-second steps, 6 digits."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def continuum(*args: str, base_url: str, data_dir: str) -> subprocess.CompletedProcess:
    """The operator's commands, against the database of the server under test."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["CONTINUUM_DATA_DIR"] = data_dir
    env["PUBLIC_URL"] = base_url
    return subprocess.run([os.environ["CONTINUUM_BIN"], *args], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def empty_council_server(tmp_path):
    """A second server, as a council starts one: plain `serve` on an empty database (no demo, no accounts)."""
    data_dir = str(tmp_path / "council-data")
    port = int(os.environ.get("GO_LIVE_PORT", "8091"))
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update({"CONTINUUM_DATA_DIR": data_dir, "HOST": "127.0.0.1", "PORT": str(port), "PUBLIC_URL": base})
    log = open(tmp_path / "council-server.log", "w")
    server = subprocess.Popen([os.environ["CONTINUUM_BIN"], "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                log.flush()
                raise AssertionError("plain `serve` on an empty database did not start: " + open(tmp_path / "council-server.log").read()[-2000:])
            time.sleep(0.5)
        yield base, data_dir, str(tmp_path / "council-server.log")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def fill(driver, field_id: str, value: str) -> None:
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def choose(driver, name: str, value: str) -> None:
    """A radio button or a select, whichever the form uses for NAME."""
    radios = driver.find_elements(By.XPATH, f"//input[@type='radio' and @name='{name}' and @value='{value}']")
    if radios:
        driver.execute_script("arguments[0].click();", radios[0])
        return
    Select(driver.find_element(By.NAME, name)).select_by_value(value)


@pytest.mark.skipif(not os.environ.get("CONTINUUM_BIN"), reason="needs the continuum binary (scripts/browser-lane.sh sets CONTINUUM_BIN)")
def test_a_council_sets_itself_up_and_finds_a_child_from_its_ctf(driver, axe_source, empty_council_server):
    base_url, data_dir, server_log = empty_council_server
    # Plain serve on an empty database: the set-up steps are printed and nobody can sign in yet.
    with open(server_log, encoding="utf-8") as handle:
        printed = handle.read()
    assert "continuum authority create" in printed, printed[-1500:]
    assert "Demo sign-ins" not in printed
    driver.get(base_url + "/sign-in")
    check(driver, axe_source, "sign-in page of an empty installation")
    assert "Demo data" not in driver.find_element(By.TAG_NAME, "body").text
    # Establishments first, as a council would load GIAS: the CTF's school is known by URN. The
    # fixture's last row is deliberately column-shifted, so only the four good rows are loaded.
    with open(GIAS, encoding="utf-8") as handle:
        good_rows = handle.read().replace("\r\n", "\n").split("\n")[:5]
    gias = os.path.join(data_dir, "gias-good.csv")
    with open(gias, "w", encoding="utf-8") as handle:
        handle.write("\n".join(good_rows) + "\n")
    loaded = continuum("import", "establishments", gias, base_url=base_url, data_dir=data_dir)
    assert loaded.returncode == 0, loaded.stderr

    admin_email = f"first.admin.{random.randint(1000, 9999)}@lancashire.example.gov.uk"
    made = continuum("authority", "create", "--la-code", "888", "--name", "Lancashire County Council",
                     "--admin-email", admin_email, "--admin-name", "Lee Administrator", base_url=base_url, data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    created = json.loads(made.stdout.strip().splitlines()[0])
    assert created["la_code"] == "888"
    setup_url = created["setup_url"]
    assert setup_url.startswith(base_url + "/account/setup/"), setup_url

    # The link: choose a password (a mismatch first, to see the error summary).
    driver.get(setup_url)
    check(driver, axe_source, "account set-up page")
    assert admin_email in driver.find_element(By.TAG_NAME, "main").text
    fill(driver, "password", PASSWORD)
    fill(driver, "confirm", PASSWORD + "x")
    submit(driver, "Set password and continue")
    assert "The passwords do not match" in support.error_summary_text(driver)
    check(driver, axe_source, "account set-up page with errors", validation_error=True)
    fill(driver, "password", PASSWORD)
    fill(driver, "confirm", PASSWORD)
    submit(driver, "Set password and continue")
    assert support.path_of(driver) == "/account/two-factor", driver.current_url
    check(driver, axe_source, "two-factor set-up")

    # Two-factor: the key shown, as an authenticator app would read it.
    key = driver.find_element(By.XPATH, "//main//li[contains(., 'Enter this key')]//code").text.strip()
    assert key, "no setup key shown"
    fill(driver, "code", totp(key))
    submit(driver, "Turn on two-factor authentication")
    assert "Two-factor authentication is on" in driver.find_element(By.TAG_NAME, "main").text
    check(driver, axe_source, "two-factor turned on")
    link = support.find_first(driver, ["//main//a[normalize-space()='Continue to Continuum']"], "continue link")
    link.click()
    support.wait_for_new_page(driver, link, "continuing")
    check(driver, axe_source, "the new administrator's home page")

    # Term dates for this academic year.
    today = datetime.date.today()
    year = today.year if today.month >= 9 else today.year - 1
    driver.get(base_url + "/admin/term-dates")
    check(driver, axe_source, "term dates")
    fill(driver, "name", f"Autumn {year}")
    choose(driver, "kind", "term")
    support.fill_date(driver, "startsOn", f"{year}-09-03")
    support.fill_date(driver, "endsOn", f"{year}-12-19")
    submit(driver, "Add term dates")
    check(driver, axe_source, "term dates after adding a term")
    assert f"Autumn {year}" in driver.find_element(By.TAG_NAME, "main").text

    # A teaching base.
    driver.get(base_url + "/admin/bases")
    check(driver, axe_source, "teaching bases, with the form to add one")
    fill(driver, "name", "Preston Medical Education Base")
    fill(driver, "address", "1 Fishergate, Preston")
    fill(driver, "postcode", "WR1 1AA")
    fill(driver, "capacity", "24")
    support.fill_date(driver, "opensOn", f"{year}-09-01")
    submit(driver, "Add teaching base")
    check(driver, axe_source, "teaching bases after adding one")
    assert "Preston Medical Education Base" in driver.find_element(By.TAG_NAME, "main").text

    # Invite a caseworker.
    driver.get(base_url + "/admin/users/new")
    check(driver, axe_source, "invite a user")
    submit(driver, "Send invitation")
    check(driver, axe_source, "invite a user with errors", validation_error=True)
    fill(driver, "email", f"case.worker.{random.randint(1000, 9999)}@lancashire.example.gov.uk")
    fill(driver, "displayName", "Kit Caseworker")
    choose(driver, "role", "caseworker")
    submit(driver, "Send invitation")
    check(driver, axe_source, "invitation queued")
    assert "/account/setup/" in driver.find_element(By.TAG_NAME, "main").text

    # The council's pupils: a Common Transfer File.
    pupils = ET.parse(CTF).getroot().findall(".//Pupil")
    assert pupils, f"{CTF} has no pupils"
    upn = pupils[0].findtext("UPN").strip()
    surname = pupils[0].findtext("Surname").strip()
    driver.get(base_url + "/children/import")
    check(driver, axe_source, "pupil import page")
    file_input = support.find_first(driver, ["//form[contains(@action, '/children/import/ctf')]//input[@type='file']"], "the CTF file input")
    file_input.send_keys(CTF)
    button = file_input.find_element(By.XPATH, "ancestor::form//button[@type='submit']")
    button.click()
    support.wait_for_new_page(driver, button, "uploading the CTF")
    check(driver, axe_source, "CTF imported")
    assert "2" in driver.find_element(By.TAG_NAME, "main").text

    # And the child is found by UPN.
    driver.get(base_url + "/children")
    fill(driver, "q", upn)
    search = support.find_first(driver, ["//main//form//button[@type='submit']"], "the search button")
    search.click()
    support.wait_for_new_page(driver, search, "searching by UPN")
    check(driver, axe_source, "children found by UPN")
    result = support.find_first(driver, ["//table//tbody/tr/*[1]//a[contains(@href, '/children/')]"], "the child found")
    result.click()
    support.wait_for_new_page(driver, result, "opening the child")
    check(driver, axe_source, "the imported child's record")
    assert support.summary_value(driver, "UPN") == upn
    assert surname in driver.find_element(By.TAG_NAME, "h1").text
