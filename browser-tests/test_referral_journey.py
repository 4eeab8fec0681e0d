"""Issue 3 journey: a school refers a pupil, the coordinator accepts it with a decision letter,
places the child at a base and timetables a teacher, the teacher records a delivered session, and
the school sees the package and the session. axe runs on every page on the way."""
from __future__ import annotations

import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import support

SCHOOL = "senco@demo.continuum.test"
COORDINATOR = "coordinator@demo.continuum.test"
TEACHER = "teacher@demo.continuum.test"
EPISODE_AT_REDDITCH = "//table[caption[normalize-space()='Provision episodes']]//td[normalize-space()='Redditch']"


def submit(driver, form_button_text):
    button = support.find_first(driver, [f"//main//button[normalize-space()='{form_button_text}']"], f"button {form_button_text!r}")
    button.click()
    support.wait_for_new_page(driver, button, f"submitting {form_button_text!r}")


def check(driver, axe_source, what, validation_error=False):
    # A form shown again with errors answers 422 Unprocessable Content; anything else must be a normal page.
    problems = [p for p in support.page_problems(driver) if not (validation_error and p == "HTTP status 422")]
    assert not problems, f"{what} {driver.current_url}: {'; '.join(problems)}"
    support.assert_no_violations(support.run_axe(driver, axe_source), f"{what} ({support.short_url(driver.current_url)})")


def find_referable_pupil(driver, base_url):
    """A pupil of compulsory school age with no referral yet, from the school's own list."""
    driver.get(base_url + "/children")
    links = [a.get_attribute("href") for a in driver.find_elements(By.XPATH, "//table//tbody/tr/*[1]//a[contains(@href, '/children/')]")]
    assert links, "the school user's /children list is empty"
    for href in links:
        driver.get(href)
        if support.summary_value(driver, "Compulsory school age") != "Yes":
            continue
        if driver.find_elements(By.XPATH, "//caption[normalize-space()='Section 19 referrals']"):
            continue
        refer = driver.find_elements(By.LINK_TEXT, "Refer to the Medical Education Team")
        if refer:
            return refer[0]
    raise AssertionError("no pupil of compulsory school age without a referral at the SENCO's school")


def test_school_refers_coordinator_accepts_and_places_school_sees(driver, base_url, axe_source):
    support.sign_in(driver, base_url, SCHOOL)
    refer = find_referable_pupil(driver, base_url)
    child_name = driver.find_element(By.TAG_NAME, "h1").text.strip()
    refer.click()
    support.wait_for_new_page(driver, refer, "opening the referral form")
    check(driver, axe_source, "referral form")

    # An empty form first: the error summary appears and the page still passes axe.
    submit(driver, "Send referral")
    assert support.error_summary_text(driver), "an empty referral should show the error summary"
    assert driver.title.startswith("Error: ")
    check(driver, axe_source, "referral form with errors", validation_error=True)

    driver.find_element(By.ID, "reason").click()
    driver.find_element(By.ID, "healthSummary").send_keys("Severe anxiety; has not managed to enter school since October.")
    driver.find_element(By.ID, "schoolDaysMissed").send_keys("12")
    driver.find_element(By.ID, "expectedAbsenceDays").send_keys("30")
    driver.find_element(By.ID, "ehcStatus").click()
    driver.find_element(By.ID, "urgent").click()
    driver.find_element(By.ID, "parentalConsent").click()
    submit(driver, "Send referral")
    assert "/referrals/" in driver.current_url, f"after sending, landed on {driver.current_url}: {support.error_summary_text(driver)}"
    referral_url = driver.current_url.split("?")[0]
    assert "Referral sent" in driver.page_source
    check(driver, axe_source, "new referral")

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, COORDINATOR)
    driver.get(referral_url)
    check(driver, axe_source, "referral for the coordinator")
    driver.find_element(By.ID, "outcome").click()
    driver.find_element(By.ID, "reasons").send_keys("School and parent evidence show the child cannot attend; urgent.")
    submit(driver, "Record decision")
    assert driver.current_url.endswith("/letter"), driver.current_url
    assert "We will arrange education" in driver.page_source
    check(driver, axe_source, "decision letter")

    driver.get(referral_url)
    assert "Breach of the Section 19 duty" in driver.page_source, "accepted without provision must be shown as a breach"
    driver.find_element(By.ID, "type").click()  # the first option: a place at a teaching base
    Select(driver.find_element(By.ID, "baseID")).select_by_visible_text("Redditch")
    driver.find_element(By.ID, "hoursPerWeek").send_keys("25")
    support.fill_date(driver, "start", datetime.date.today())
    submit(driver, "Arrange provision")
    assert driver.find_elements(By.XPATH, EPISODE_AT_REDDITCH), f"no Redditch episode after arranging provision: {support.error_summary_text(driver)}"
    assert "Breach of the Section 19 duty" not in driver.page_source
    check(driver, axe_source, "referral with provision")

    # Timetable a Monday maths session with the demo teacher.
    Select(driver.find_element(By.ID, "subject")).select_by_visible_text("Maths")
    Select(driver.find_element(By.ID, "teacherID")).select_by_visible_text("Taylor Teacher")
    driver.find_element(By.ID, "place").send_keys("Redditch base")
    Select(driver.find_element(By.ID, "weekday")).select_by_visible_text("Monday")
    driver.find_element(By.ID, "startsAt").send_keys("09:30")
    driver.find_element(By.ID, "minutes").send_keys("60")
    submit(driver, "Add session")
    assert driver.find_elements(By.XPATH, "//table[caption[normalize-space()='Weekly timetable']]//*[self::td or self::th][normalize-space()='Maths']"), support.error_summary_text(driver)
    check(driver, axe_source, "referral with a timetable")

    # The teacher records the session as delivered.
    driver.delete_all_cookies()
    support.sign_in(driver, base_url, TEACHER)
    driver.get(base_url + "/teaching")
    check(driver, axe_source, "teacher's week")
    card = support.find_first(driver, [f"//div[contains(@class, 'app-card')][.//h2[contains(., 'Maths with {child_name}')]]"], "the new session on the teacher's week")
    card.find_element(By.XPATH, ".//input[@type='radio'][@value='delivered']").click()
    button = card.find_element(By.XPATH, ".//button[normalize-space()='Record session']")
    button.click()
    support.wait_for_new_page(driver, button, "recording the session")
    check(driver, axe_source, "teacher's week after recording")

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, SCHOOL)
    driver.get(referral_url)
    assert child_name in driver.page_source
    assert driver.find_elements(By.XPATH, EPISODE_AT_REDDITCH), "the school does not see the base place"
    assert "Accepted" in driver.page_source
    assert driver.find_elements(By.XPATH, "//table[starts-with(normalize-space(caption), 'Sessions this week')]//td[normalize-space()='Delivered']"), \
        "the school does not see the delivered session"
    check(driver, axe_source, "referral seen by the school")
