"""Issue 17's journey: a post-16 adviser finds a NEET young person (the demo's Jamie Rivers, DemoPost16), records that
they started in further education today, sees them leave the NEET list, and finds them with code 230 in this month's
NCCIS return, downloaded with the browser's own session. axe runs on every page on the way."""
from __future__ import annotations

import datetime
import urllib.request

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit
from test_survey_journey import fill

ADVISER = "adviser@demo.continuum.test"
NAME = "Jamie Rivers"  # DemoPost16.journeyForename, journeySurname


def show(driver, axe_source, filter_value: str, search: str):
    driver.find_element(By.XPATH, f"//select[@id='show']/option[@value='{filter_value}']").click()
    fill(driver, "q", search)
    submit(driver, "Show")
    check(driver, axe_source, f"the tracking list ({filter_value})")


def listed(driver) -> list[str]:
    return [a.text for a in driver.find_elements(By.XPATH, "//table//tbody/tr/*[1]//a")]


def test_the_adviser_records_an_activity_and_the_return_carries_it(driver, base_url, axe_source):
    support.sign_in(driver, base_url, ADVISER)
    check(driver, axe_source, "the adviser's home")
    driver.find_element(By.LINK_TEXT, "Post-16 tracking").click()
    check(driver, axe_source, "the tracking list")
    show(driver, axe_source, "neet", "Rivers")
    assert NAME in listed(driver), "the demo's journey person is NEET"

    driver.find_element(By.LINK_TEXT, NAME).click()
    check(driver, axe_source, "the young person's page")
    submit(driver, "Record the activity")
    assert "Select the activity" in support.error_summary_text(driver)
    check(driver, axe_source, "the activity form with errors", validation_error=True)

    today = datetime.date.today()
    driver.find_element(By.XPATH, "//select[@id='code']/option[@value='230']").click()
    support.fill_date(driver, "start", today)
    support.fill_date(driver, "confirmed", today)
    submit(driver, "Record the activity")
    check(driver, axe_source, "the young person's page after recording")
    assert "Activity recorded" in driver.page_source

    driver.find_element(By.LINK_TEXT, "Post-16 tracking").click()
    show(driver, axe_source, "neet", "Rivers")
    assert NAME not in listed(driver), "in further education from today, so no longer NEET"
    show(driver, axe_source, "eet", "Rivers")
    assert NAME in listed(driver)

    driver.find_element(By.LINK_TEXT, "NCCIS monthly return").click()
    check(driver, axe_source, "the NCCIS return")
    download = driver.find_element(By.PARTIAL_LINK_TEXT, "Download the return")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(download.get_attribute("href"), headers={"Cookie": cookies}), timeout=60) as response:
        assert response.status == 200
        assert response.headers.get("Content-Type", "").startswith("text/csv")
        body = response.read().decode("utf-8")
    header = body.split("\r\n")[0].split(",")
    rows = [line.split(",") for line in body.split("\r\n")[1:] if line]
    mine = [r for r in rows if r[header.index("forename")] == "Jamie" and r[header.index("surname")] == "Rivers"]
    assert len(mine) == 1, "Jamie is in this month's return once"
    assert mine[0][header.index("activity_code")] == "230"
    assert mine[0][header.index("month")] == f"{today.year}-{today.month:02d}"

    driver.get(base_url + "/post16/figures")
    check(driver, axe_source, "the NEET figures")
