"""Issue 16's survey journey: a caseworker builds a survey sent after the final plan and sends the invitations
due; GOV.UK Notify's stand-in (fake_notify.py, started by the lane) receives the parent's email from the
outbox; the parent opens the single-use link without an account and answers; the answer appears in the
results, shown as "<10" while there are fewer than 10; the link will not take a second set of answers.
axe runs on every page on the way."""
from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit

CASEWORKER = "caseworker@demo.continuum.test"
PARENT = "survey.parent@demo.continuum.test"  # DemoSurveys.journeyParentEmail


def fill(driver, field_id: str, value: str) -> None:
    box = driver.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(value)


def choose(driver, name: str, value: str) -> None:
    radio = driver.find_element(By.XPATH, f"//input[@type='radio' and @name='{name}' and @value='{value}']")
    driver.execute_script("arguments[0].click();", radio)


def emails_to(address: str) -> list[dict]:
    url = os.environ["FAKE_NOTIFY_URL"] + "/_test/emails?to=" + urllib.parse.quote(address)
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def wait_for_email(address: str, subject: str, limit: float = 100) -> dict:
    """The outbox goes to Notify every 30 seconds: wait for the delivery loop to send it."""
    deadline = time.time() + limit
    while time.time() < deadline:
        found = [e for e in emails_to(address) if e["subject"] == subject]
        if found:
            return found[-1]
        time.sleep(2)
    raise AssertionError(f"no email {subject!r} reached {address} within {limit}s: {emails_to(address)}")


def test_a_parent_answers_a_survey_sent_after_the_final_plan(driver, base_url, axe_source):
    assert os.environ.get("FAKE_NOTIFY_URL"), "the lane starts the fake Notify and sets FAKE_NOTIFY_URL"
    title = f"After the final plan {int(time.time())}"
    support.sign_in(driver, base_url, CASEWORKER)
    driver.find_element(By.LINK_TEXT, "Surveys").click()
    check(driver, axe_source, "surveys")
    submit(driver, "Create the survey")
    assert "Enter the survey" in support.error_summary_text(driver)
    check(driver, axe_source, "surveys with errors", validation_error=True)
    fill(driver, "title", title)
    choose(driver, "audience", "parent_carer")
    driver.find_element(By.XPATH, "//select[@id='trigger']/option[@value='after_final_plan']").click()
    fill(driver, "delay", "0")
    submit(driver, "Create the survey")
    check(driver, axe_source, "a new survey")
    assert title in driver.page_source

    fill(driver, "code", "kept-informed")
    fill(driver, "text", "I was kept informed during the assessment")
    choose(driver, "type", "scale")
    submit(driver, "Add the question")
    check(driver, axe_source, "the survey with a question")
    submit(driver, "Publish this version")
    check(driver, axe_source, "the published survey")
    assert "Open" in driver.find_element(By.CLASS_NAME, "govuk-summary-list").text

    driver.find_element(By.LINK_TEXT, "Surveys").click()
    submit(driver, "Send due invitations")
    check(driver, axe_source, "surveys after sending")
    assert "survey invitation" in driver.page_source

    # The parent's email, as GOV.UK Notify received it: the link is written in as the email leaves.
    email = wait_for_email(PARENT, f"Tell the council how it went: {title}")
    match = re.search(r"https?://[^\s]+(/survey/[A-Za-z0-9_-]+)", email["body"])
    assert match, f"the email carries the survey link: {email['body']}"
    link = base_url + match.group(1)

    # Without an account.
    driver.delete_all_cookies()
    driver.get(link)
    check(driver, axe_source, "the survey link")
    assert "I was kept informed during the assessment" in driver.page_source
    submit(driver, "Send my answers")
    assert "Answer at least one question" in support.error_summary_text(driver)
    check(driver, axe_source, "the survey with errors", validation_error=True)
    choose(driver, "q-kept-informed", "4")
    submit(driver, "Send my answers")
    check(driver, axe_source, "the survey's thank-you page")
    assert "Thank you" in driver.page_source
    driver.get(link)
    assert "This survey link has already been used" in driver.page_source, "a link takes one set of answers"

    # The answer counts, suppressed while there are fewer than 10.
    support.sign_in(driver, base_url, CASEWORKER)
    driver.find_element(By.LINK_TEXT, "Surveys").click()
    driver.find_element(By.XPATH, f"//table//tr[.//*[normalize-space()='{title}']]//a[starts-with(normalize-space(), 'Results')]").click()
    check(driver, axe_source, "the survey's results")
    assert support.summary_value(driver, "Responses") == "<10"
    rows = driver.find_elements(By.XPATH, "//table[caption[starts-with(normalize-space(), 'I was kept informed')]]//tbody/tr")
    cells = {r.find_elements(By.XPATH, "./*")[0].text: r.find_elements(By.XPATH, "./*")[1].text for r in rows}
    assert cells.get("Agree") == "<10", cells
    assert cells.get("Strongly disagree") == "0", cells
