"""Accessibility (axe-core, WCAG 2.2 AA tags) on the sign-in pages and on every page each role can reach."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

import support


def test_sign_in_page_has_no_axe_violations(driver, base_url, axe_source):
    driver.get(base_url + "/sign-in")
    problems = support.page_problems(driver)
    assert not problems, f"/sign-in: {'; '.join(problems)}"
    assert driver.find_elements(By.CSS_SELECTOR, "input#email[name='email']"), "no input#email[name=email]"
    assert driver.find_elements(By.CSS_SELECTOR, "input#password[name='password']"), \
        "no input#password[name=password]"
    support.find_sign_in_button(driver)
    assert driver.find_elements(By.XPATH, "//form[.//input[@name='email']]//input[@type='hidden']"), \
        "the sign-in form has no hidden (CSRF) input"
    violations = support.run_axe(driver, axe_source)
    support.assert_no_violations(violations, "/sign-in")


def test_sign_in_page_with_errors_has_no_axe_violations(driver, base_url, axe_source):
    support.submit_sign_in(driver, base_url, email="", password="")
    assert support.path_of(driver).startswith("/sign-in"), \
        f"submitting an empty sign-in form went to {driver.current_url}"
    assert driver.find_elements(By.CSS_SELECTOR, ".govuk-error-summary"), \
        "submitting an empty sign-in form showed no .govuk-error-summary"
    assert driver.title.startswith("Error: "), f"title {driver.title!r} does not start with 'Error: '"
    violations = support.run_axe(driver, axe_source)
    support.assert_no_violations(violations, "/sign-in with errors")


@pytest.mark.parametrize("role,email,description", support.ROLES, ids=[r[0] for r in support.ROLES])
def test_every_page_a_role_reaches_has_no_axe_violations(driver, base_url, axe_source, role, email, description):
    support.sign_in(driver, base_url, email)
    result = support.crawl(driver, base_url, axe_source, label=role)
    report = []
    if result.problems:
        report.append(f"{role} ({description}): {len(result.problems)} page problem(s):")
        report.extend(f"  - {p}" for p in result.problems)
    if result.violations:
        report.append(support.format_violations(result.violations, f"{role} ({description})"))
    if report:
        pytest.fail("\n".join(report) + f"\n(visited {len(result.visited)} page(s): {', '.join(result.visited)})",
                    pytrace=False)
    assert result.visited, f"{role}: crawled no page"
