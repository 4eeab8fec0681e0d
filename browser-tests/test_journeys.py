"""Journeys as a person does them."""
from __future__ import annotations

from urllib.parse import urlsplit

from selenium.webdriver.common.by import By

import support

CASEWORKER = "caseworker@demo.continuum.test"
# A different account for the wrong password, so that failed-attempt throttling
# (per account) can never get in the way of the caseworker journey.
WRONG_PASSWORD_ACCOUNT = "member@demo.continuum.test"

FIRST_ROW_CHILD_LINK = "(//table//tbody/tr)[1]/*[1]//a[contains(@href, '/children/')]"


def click_and_wait(driver, element):
    label = (element.text or element.get_attribute("value") or "").strip()
    element.click()
    support.wait_for_new_page(driver, element, f"clicking {label!r}")
    problems = support.page_problems(driver)
    assert not problems, f"{driver.current_url}: {'; '.join(problems)}"


def header_link(driver, text):
    return support.find_first(driver, [
        f"//header//a[normalize-space()='{text}']",
        f"//*[contains(concat(' ', @class, ' '), ' govuk-service-navigation ')]//a[normalize-space()='{text}']",
        f"//nav//a[normalize-space()='{text}']",
    ], f"header navigation link {text!r}")


def read_child(driver):
    """(UPN, name) from a child's page."""
    upn = support.summary_value(driver, "UPN")
    name = driver.find_element(By.TAG_NAME, "h1").text.strip()
    assert upn, f"empty UPN on {driver.current_url}"
    assert name, f"empty <h1> on {driver.current_url}"
    return upn, name


def test_caseworker_finds_a_child_by_upn(driver, base_url):
    support.sign_in(driver, base_url, CASEWORKER)

    # Which child to look for: the first one in the unfiltered list.
    driver.get(base_url + "/children")
    assert not support.page_problems(driver), f"/children: {support.page_problems(driver)}"
    first = driver.find_elements(By.XPATH, FIRST_ROW_CHILD_LINK)
    assert first, "the unfiltered /children list has no table row whose first column links to /children/<id>"
    click_and_wait(driver, first[0])
    child_path = urlsplit(driver.current_url).path
    upn, name = read_child(driver)

    # The journey: home, header link "Children", search by UPN, open the result.
    driver.get(base_url + "/")
    click_and_wait(driver, header_link(driver, "Children"))
    assert support.path_of(driver) == "/children", f"'Children' led to {driver.current_url}"
    search_box = driver.find_element(By.ID, "q")
    assert search_box.get_attribute("name") == "q", "the search box #q is not named q"
    search_box.clear()
    search_box.send_keys(upn)
    search_button = support.find_first(driver, [
        "//form[.//input[@name='q']]//button[normalize-space()='Search']",
        "//form[.//input[@name='q']]//input[@type='submit' and @value='Search']",
    ], "the 'Search' button")
    click_and_wait(driver, search_button)

    results = driver.find_elements(By.XPATH, "//table//tbody/tr/*[1]//a[contains(@href, '/children/')]")
    assert results, f"searching for UPN {upn} found no child ({driver.current_url})"
    matching = [a for a in results if urlsplit(a.get_attribute("href")).path == child_path]
    assert matching, (f"searching for UPN {upn} did not list {child_path}; "
                      f"listed {[urlsplit(a.get_attribute('href')).path for a in results]}")
    click_and_wait(driver, matching[0])

    assert urlsplit(driver.current_url).path == child_path
    found_upn, found_name = read_child(driver)
    assert found_upn == upn, f"searched for UPN {upn}, the child page shows {found_upn}"
    assert found_name == name, f"expected <h1> {name!r}, got {found_name!r}"


def test_wrong_password_shows_the_error_summary(driver, base_url, axe_source):
    support.submit_sign_in(driver, base_url, WRONG_PASSWORD_ACCOUNT, "not-the-password-2026")
    assert support.path_of(driver).startswith("/sign-in") and \
        not support.path_of(driver).startswith("/sign-in/two-factor"), \
        f"a wrong password led to {driver.current_url}"
    summaries = driver.find_elements(By.CSS_SELECTOR, ".govuk-error-summary")
    assert summaries, "a wrong password showed no .govuk-error-summary"
    links = summaries[0].find_elements(By.CSS_SELECTOR, "a[href='#email'], a[href='#password']")
    assert links, (f"the error summary has no link to #email or #password: "
                   f"{summaries[0].get_attribute('innerHTML')[:500]}")
    assert driver.title.startswith("Error: "), f"title {driver.title!r} does not start with 'Error: '"
    violations = support.run_axe(driver, axe_source)
    support.assert_no_violations(violations, "/sign-in after a wrong password")
