"""Issue 15's browser journey: a finance officer opens the High Needs position, makes a termly payment run
and downloads it, opens the Safety Valve agreement with its returns' RAG, and opens the members' briefing
note to print; then opens the DSG management plan and its workbook, which openpyxl reads with the
template's tabs. axe runs on every page on the way."""
from __future__ import annotations

import datetime
import io
import urllib.request

import openpyxl

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit

FINANCE = "finance@demo.continuum.test"


def download(driver, href: str) -> tuple[str, bytes]:
    """Fetches a download with the browser's own session, as a user's browser would save it."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies})) as response:
        assert response.status == 200
        return response.headers.get("Content-Type", ""), response.read()


def financial_year_start(today: datetime.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def test_finance_officer_position_payment_run_and_safety_valve(driver, base_url, axe_source):
    support.sign_in(driver, base_url, FINANCE)
    driver.get(base_url + "/finance")
    check(driver, axe_source, "High Needs position")
    page = driver.page_source
    assert "Spend by s251 line" in page and "Placements in" in page, "the position shows its s251 lines and placements"
    assert "Independent special school" in page

    # A termly run, the summer term of this financial year (1 April to 31 August): errors first, then the run.
    driver.find_element(By.LINK_TEXT, "Top-up payment runs").click()
    check(driver, axe_source, "payment runs")
    submit(driver, "Make the payment run")
    assert support.error_summary_text(driver), "an empty run shows the error summary"
    check(driver, axe_source, "payment runs with errors", validation_error=True)
    start = financial_year_start(datetime.date.today())
    label = driver.find_element(By.ID, "label")
    label.clear()
    label.send_keys(f"Summer term {start}")
    support.fill_date(driver, "from", datetime.date(start, 4, 1))
    support.fill_date(driver, "to", datetime.date(start, 8, 31))
    submit(driver, "Make the payment run")
    check(driver, axe_source, "payment runs after a run")
    assert f"Summer term {start}" in driver.page_source, support.error_summary_text(driver)

    # The run's CSV, fetched with the officer's own session.
    href = driver.find_element(By.XPATH, "//table//a[starts-with(normalize-space(), 'CSV')]").get_attribute("href")
    content_type, raw = download(driver, href)
    assert "text/csv" in content_type
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "setting,upn,s251_line,period_from,period_to,days,due,adjustment,total"
    assert len(lines) > 100, "a row for each placement with top-up due in the summer term"
    assert any(f",{start}-04-01,{start}-08-31," in line for line in lines[1:]), "each row carries the term's dates"

    # An overlapping period is refused: a period is never paid twice.
    label = driver.find_element(By.ID, "label")
    label.clear()
    label.send_keys("July again")
    support.fill_date(driver, "from", datetime.date(start, 7, 1))
    support.fill_date(driver, "to", datetime.date(start, 7, 31))
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

    # The DSG management plan, and its workbook as openpyxl reads it: the template's seven tabs (DSGMP-2).
    driver.get(base_url + "/finance")
    driver.find_element(By.LINK_TEXT, "DSG management plan").click()
    check(driver, axe_source, "DSG management plan")
    assert "Workstream log" in driver.page_source and "Stakeholder engagement record" in driver.page_source
    submit(driver, "Add the workstream")
    assert "Enter the workstream" in support.error_summary_text(driver)
    check(driver, axe_source, "DSG management plan with errors", validation_error=True)
    href = driver.find_element(By.LINK_TEXT, "Download the plan as a workbook (.xlsx)").get_attribute("href")
    content_type, raw = download(driver, href)
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Cover", "Introduction", "Summary narrative", "Financial summary",
                               "Children and young people", "Governance and management", "Stakeholder engagement"]
    finance = book["Financial summary"]
    assert [c.value for c in finance[1]][:4] == ["financial_year", "block", "basis", "income"]
    years = [row[0].value for row in finance.iter_rows(min_row=2) if row[0].value and row[1].value == "High Needs"]
    assert f"{start}-{(start + 1) % 100:02d}" in years, years
    this_year = next(row for row in finance.iter_rows(min_row=2) if row[0].value == f"{start}-{(start + 1) % 100:02d}")
    assert isinstance(this_year[3].value, (int, float)) and this_year[3].value > 50_000_000, "income is a number, about £57m"
    assert book["Governance and management"]["A1"].value == "Workstream log"
    assert book["Stakeholder engagement"].max_row > 1, "the demo's engagement record"
