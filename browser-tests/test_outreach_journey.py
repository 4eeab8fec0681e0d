"""Issue 16's outreach journey: a provider bids in the open round through its own account, the panel (the demo
caseworker) scores the bid, moderates it and awards it within the lot's budget, publishes the outcome (the award
reaches the provider by email through the outbox, GOV.UK Notify's stand-in receiving it), and the provider logs a visit
against the contract. axe runs on every page on the way."""
from __future__ import annotations

import datetime

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit
from test_survey_journey import choose, fill, wait_for_email

PROVIDER = "provider@demo.continuum.test"  # DemoOutreach.providerEmail
CASEWORKER = "caseworker@demo.continuum.test"
ROUND = "Outreach programme: round 2"  # DemoOutreach.secondRoundTitle


def open_round(driver, axe_source):
    driver.find_element(By.LINK_TEXT, "Outreach").click()
    check(driver, axe_source, "outreach")
    driver.find_element(By.LINK_TEXT, ROUND).click()
    check(driver, axe_source, "the round")


def move_on(driver, axe_source, label: str):
    submit(driver, label)
    check(driver, axe_source, f"after {label!r}")


def test_a_provider_bids_the_panel_scores_the_award_is_published_and_a_visit_is_logged(driver, base_url, axe_source):
    today = datetime.date.today()
    support.sign_in(driver, base_url, PROVIDER)
    open_round(driver, axe_source)
    submit(driver, "Submit the bid")
    assert "Select the lot you are bidding for" in support.error_summary_text(driver)
    check(driver, axe_source, "the bid with errors", validation_error=True)
    driver.find_element(By.XPATH, "//select[@id='lot']/option[starts-with(normalize-space(), 'Speech and language')]").click()
    fill(driver, "price", "72000")
    fill(driver, "schools", "18")
    fill(driver, "hours", "320")
    fill(driver, "method", "Speech and language therapists visit each school termly and train its staff.")
    submit(driver, "Submit the bid")
    check(driver, axe_source, "the bid")
    assert "Bid submitted" in driver.page_source

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, CASEWORKER)
    driver.get(base_url + "/establishments")
    # A school the contract supports, by its URN, as an officer would type it: the establishments list's second column.
    first_urn = driver.find_element(By.XPATH, "//table//tbody/tr[1]/*[2]").text.strip()
    assert first_urn.isdigit(), first_urn
    open_round(driver, axe_source)
    move_on(driver, axe_source, "Move the round to: closed to bids")
    move_on(driver, axe_source, "Move the round to: panel scoring")
    driver.find_element(By.LINK_TEXT, "Oakfield Special School Outreach").click()
    check(driver, axe_source, "the bid for scoring")
    for n, value in enumerate(["4", "4", "3"], start=1):
        fill(driver, f"score-{n}", value)
    submit(driver, "Save my scores")
    check(driver, axe_source, "the scored bid")
    driver.find_element(By.LINK_TEXT, "Back to the round").click()
    move_on(driver, axe_source, "Move the round to: moderation")
    driver.find_element(By.LINK_TEXT, "Oakfield Special School Outreach").click()
    for n, (value, reason) in enumerate([("4", "A clear termly plan"), ("4", "Good value"), ("3", "Some local benefit")], start=1):
        fill(driver, f"agreed-{n}", value)
        fill(driver, f"agreed-{n}-reason", reason)
    submit(driver, "Record the agreed scores")
    check(driver, axe_source, "the moderated bid")
    fill(driver, "amount", "90000")
    submit(driver, "Make the award")
    assert "must be no more than the bid" in support.error_summary_text(driver)
    check(driver, axe_source, "the award with errors", validation_error=True)
    fill(driver, "amount", "72000")
    support.fill_date(driver, "start", today)
    support.fill_date(driver, "end", today.replace(year=today.year + 1))
    fill(driver, "schools", first_urn)
    submit(driver, "Make the award")
    check(driver, axe_source, "the awarded bid")
    assert "Award made and contract recorded" in driver.page_source
    driver.find_element(By.LINK_TEXT, "Back to the round").click()
    move_on(driver, axe_source, "Move the round to: awards decided")
    move_on(driver, axe_source, "Publish the outcome and tell every bidder")
    assert "Outcome published" in driver.page_source
    driver.find_element(By.LINK_TEXT, "The published outcome").click()
    check(driver, axe_source, "the published outcome")
    assert "£72,000.00" in driver.page_source

    email = wait_for_email(PROVIDER, f"Outreach award: {ROUND}")
    assert "£72,000.00" in email["body"]

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, PROVIDER)
    driver.find_element(By.LINK_TEXT, "Outreach").click()
    driver.find_element(By.XPATH, "//table[caption[normalize-space()='Your contracts']]//a[contains(normalize-space(), 'Speech and language')]").click()
    check(driver, axe_source, "the contract")
    submit(driver, "Log the visit")
    assert "Select a school the contract supports" in support.error_summary_text(driver)
    check(driver, axe_source, "the visit with errors", validation_error=True)
    driver.find_element(By.XPATH, f"//select[@id='school']/option[@value='{first_urn}']").click()
    support.fill_date(driver, "visit", today)
    choose(driver, "type", "consultation")
    fill(driver, "hours", "2")
    choose(driver, "outcome", "placement_sustained")
    fill(driver, "support", "Planned a communication-friendly classroom with the SENCO.")
    submit(driver, "Log the visit")
    check(driver, axe_source, "the contract with its visit")
    assert "Visit logged" in driver.page_source
    assert "Planned a communication-friendly classroom" in driver.page_source
