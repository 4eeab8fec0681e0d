"""Issue 16's training journey: a SENCO books the last place on a session, a second SENCO at another school is put on
the waiting list, and when the first cancels the place is offered to the second, by email through the outbox (GOV.UK
Notify's stand-in, fake_notify.py, receives it) and on their bookings page. axe runs on every page on the way."""
from __future__ import annotations

import time

from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit
from test_survey_journey import fill, wait_for_email

SENCO = "senco@demo.continuum.test"
SECOND_SENCO = "senco2@demo.continuum.test"  # DemoTraining.secondSENCOEmail
COURSE = "Emotion coaching for SEMH"  # DemoTraining.lastPlaceCourse: its extra date has one place left


def open_session(driver, axe_source):
    driver.find_element(By.LINK_TEXT, "Training").click()
    check(driver, axe_source, "the training catalogue")
    driver.find_element(By.LINK_TEXT, f"{COURSE}: Extra date").click()
    check(driver, axe_source, "the session")


def book(driver, axe_source, name: str, role: str, button: str):
    fill(driver, "delegate-name", name)
    driver.find_element(By.XPATH, f"//select[@id='delegate-role']/option[@value='{role}']").click()
    submit(driver, button)
    check(driver, axe_source, "the school's bookings")


def status_of(driver, name: str) -> str:
    row = driver.find_element(By.XPATH, f"//table//tbody/tr[./*[1][normalize-space()='{name}']]")
    return row.find_elements(By.XPATH, "./*")[3].text


def test_the_last_place_goes_to_the_waiting_list_when_its_holder_cancels(driver, base_url, axe_source):
    stamp = int(time.time())
    first, second = f"Ash Teacher {stamp}", f"Robin Hale {stamp}"

    support.sign_in(driver, base_url, SENCO)
    open_session(driver, axe_source)
    assert support.summary_value(driver, "Places left") == "1", "the demo leaves one place"
    submit(driver, "Book the place")
    assert "Enter the name of the member of staff who will attend" in support.error_summary_text(driver)
    check(driver, axe_source, "the booking form with errors", validation_error=True)
    book(driver, axe_source, first, "teacher", "Book the place")
    assert "Place booked and confirmed" in driver.page_source
    assert status_of(driver, first) == "Confirmed"

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, SECOND_SENCO)
    open_session(driver, axe_source)
    assert support.summary_value(driver, "Places left") == "0"
    book(driver, axe_source, second, "senco", "Join the waiting list")
    assert status_of(driver, second).startswith("On the waiting list")

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, SENCO)
    driver.find_element(By.LINK_TEXT, "Training").click()
    driver.find_element(By.LINK_TEXT, "Your school's bookings").click()
    check(driver, axe_source, "the first school's bookings")
    assert second not in driver.page_source, "a school sees only its own bookings"
    button = driver.find_element(By.XPATH, f"//table//tbody/tr[./*[1][normalize-space()='{first}']]//button")
    button.click()
    support.wait_for_new_page(driver, button, "cancelling the booking")
    check(driver, axe_source, "the bookings after cancelling")
    assert "Booking cancelled" in driver.page_source
    assert status_of(driver, first) == "Cancelled by the school"

    # The place is the second school's: by email through the outbox, and on their bookings page.
    email = wait_for_email(SECOND_SENCO, f"A training place is now yours: {COURSE}")
    assert "now confirmed" in email["body"]
    driver.delete_all_cookies()
    support.sign_in(driver, base_url, SECOND_SENCO)
    driver.find_element(By.LINK_TEXT, "Training").click()
    driver.find_element(By.LINK_TEXT, "Your school's bookings").click()
    check(driver, axe_source, "the second school's bookings")
    assert status_of(driver, second) == "Confirmed"

    # The council's register shows both schools' bookings.
    driver.delete_all_cookies()
    support.sign_in(driver, base_url, "coordinator@demo.continuum.test")
    open_session(driver, axe_source)
    assert "Bookings and register" in driver.page_source
    assert first in driver.page_source and second in driver.page_source
