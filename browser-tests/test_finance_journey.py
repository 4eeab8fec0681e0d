"""Issue 15's browser journey: a finance officer opens the High Needs position, makes a payment run and
downloads it, opens the Safety Valve agreement with its returns' RAG, and opens the members' briefing note
to print. axe runs on every page on the way."""
from __future__ import annotations

import datetime
import urllib.request

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit

FINANCE = "finance@demo.continuum.test"


def financial_year_start(today: datetime.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def test_finance_officer_position_payment_run_and_safety_valve(driver, base_url, axe_source):
    support.sign_in(driver, base_url, FINANCE)
    driver.get(base_url + "/finance")
    check(driver, axe_source, "High Needs position")
    page = driver.page_source
    assert "Spend by s251 line" in page and "Placements in" in page, "the position shows its s251 lines and placements"
    assert "Independent special school" in page

    # A payment run for April of this financial year: errors first, then the run.
    driver.find_element(By.LINK_TEXT, "Top-up payment runs").click()
    check(driver, axe_source, "payment runs")
    submit(driver, "Make the payment run")
    assert support.error_summary_text(driver), "an empty run shows the error summary"
    check(driver, axe_source, "payment runs with errors", validation_error=True)
    start = financial_year_start(datetime.date.today())
    label = driver.find_element(By.ID, "label")
    label.clear()
    label.send_keys(f"April {start}")
    support.fill_date(driver, "from", datetime.date(start, 4, 1))
    support.fill_date(driver, "to", datetime.date(start, 4, 30))
    submit(driver, "Make the payment run")
    check(driver, axe_source, "payment runs after a run")
    assert f"April {start}" in driver.page_source, support.error_summary_text(driver)

    # The run's CSV, fetched with the officer's own session.
    href = driver.find_element(By.XPATH, "//table//a[starts-with(normalize-space(), 'CSV')]").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies})) as response:
        assert response.status == 200
        assert "text/csv" in response.headers.get("Content-Type", "")
        body = response.read().decode("utf-8")
    lines = body.splitlines()
    assert lines[0] == "setting,upn,s251_line,period_from,period_to,days,due,adjustment,total"
    assert len(lines) > 100, "a row for each placement with top-up due in April"

    # The same month again is refused: a period is never paid twice.
    label = driver.find_element(By.ID, "label")
    label.clear()
    label.send_keys("April again")
    support.fill_date(driver, "from", datetime.date(start, 4, 1))
    support.fill_date(driver, "to", datetime.date(start, 4, 30))
    submit(driver, "Make the payment run")
    assert "never paid twice" in support.error_summary_text(driver)

    # The Safety Valve agreement and its returns' RAG, then the members' briefing note.
    driver.get(base_url + "/finance")
    driver.find_element(By.LINK_TEXT, "Safety Valve agreement").click()
    check(driver, axe_source, "Safety Valve agreement")
    assert "Red: outside tolerance" in driver.page_source, "WX-1's return 2 of 2024-25 is red"
    driver.find_element(By.LINK_TEXT, "Members' briefing note").click()
    check(driver, axe_source, "Safety Valve briefing note")
    assert "Next step" in driver.page_source and "Amber: within tolerance" in driver.page_source
    # Printing uses the print stylesheet, which the layout links for every page.
    assert driver.find_elements(By.XPATH, "//link[@media='print']"), "the page links its print stylesheet"
