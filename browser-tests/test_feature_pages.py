"""Pages a crawl capped at 40 per role may not reach: each is opened directly, checked for a
normal response and run through axe (WCAG 2.2 AA), including their error states."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

import support
from test_referral_journey import check, submit

PAGES = [
    ("coordinator@demo.continuum.test", "/medical-education/panels"),
    ("coordinator@demo.continuum.test", "/medical-education/risk-assessments"),
    ("coordinator@demo.continuum.test", "/medical-education/long-placements"),
    ("admin@demo.continuum.test", "/admin/authority"),
    ("senco@demo.continuum.test", "/attendance/upload"),
    ("caseworker@demo.continuum.test", "/ehc"),
    ("caseworker@demo.continuum.test", "/ehc/performance"),
    ("member@demo.continuum.test", "/ehc/performance"),
    ("caseworker@demo.continuum.test", "/identifications"),
    ("coordinator@demo.continuum.test", "/planning"),
    ("coordinator@demo.continuum.test", "/planning?children=year&hubs=2&objective=coverage&within=20"),
]


@pytest.mark.parametrize("email,path", PAGES, ids=[f"{e.split('@')[0]}{p}" for e, p in PAGES])
def test_feature_page_passes_axe(driver, base_url, axe_source, email, path):
    support.sign_in(driver, base_url, email)
    driver.get(base_url + path)
    check(driver, axe_source, path)


def test_public_ehc_request_and_its_errors_pass_axe(driver, base_url, axe_source):
    driver.get(base_url + "/ehc-request")
    check(driver, axe_source, "public EHC request form")
    submit(driver, "Send the request")
    assert support.error_summary_text(driver), "an empty public request shows the error summary"
    check(driver, axe_source, "public EHC request form with errors", validation_error=True)


def test_child_agencies_page_and_attendance_strip_pass_axe(driver, base_url, axe_source):
    support.sign_in(driver, base_url, "coordinator@demo.continuum.test")
    driver.get(base_url + "/children")
    first = support.find_first(driver, ["//table//tbody/tr/*[1]//a[contains(@href, '/children/')]"], "a child")
    href = first.get_attribute("href")
    driver.get(href)
    check(driver, axe_source, "child record with attendance")
    driver.get(href.split("?")[0] + "/agencies")
    check(driver, axe_source, "child's agencies and risk assessments")
    submit(driver, "Record involvement")
    assert support.error_summary_text(driver)
    check(driver, axe_source, "involvement form with errors", validation_error=True)


def test_planning_errors_and_typed_sites_pass_axe(driver, base_url, axe_source):
    support.sign_in(driver, base_url, "coordinator@demo.continuum.test")
    driver.get(base_url + "/planning")
    driver.find_element(By.ID, "hubs").clear()
    driver.find_element(By.ID, "hubs").send_keys("99")
    driver.find_element(By.ID, "sites").send_keys("Old library without a postcode")
    submit(driver, "Compare")
    summary = support.error_summary_text(driver)
    assert "from 1 to 8" in summary and "line 1" in summary, summary
    check(driver, axe_source, "planning with errors", validation_error=True)
    driver.find_element(By.ID, "hubs").clear()
    driver.find_element(By.ID, "hubs").send_keys("2")
    driver.find_element(By.ID, "sites").clear()
    driver.find_element(By.ID, "sites").send_keys("Former library, WR10 1AB")
    submit(driver, "Compare")
    assert not support.error_summary_text(driver), support.error_summary_text(driver)
    assert "site typed in" in driver.page_source
    check(driver, axe_source, "planning with a typed-in site")
