"""Issue 5 journey: a parent asks for an EHC needs assessment, a caseworker decides to assess and
asks for medical advice, the adviser sends it, the caseworker sends the draft and then the final
plan, and the parent sees each step with its date. axe runs on every page on the way."""
from __future__ import annotations

import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import support
from test_referral_journey import check, submit

PARENT = "parent@demo.continuum.test"
CASEWORKER = "caseworker@demo.continuum.test"
ADVISER = "health@demo.continuum.test"


def open_action(driver, title):
    summary = support.find_first(driver, [f"//details[.//span[normalize-space()='{title}']]/summary"], f"the {title!r} form")
    if summary.find_element(By.XPATH, "..").get_attribute("open") is None:
        summary.click()


def test_parent_requests_caseworker_assesses_adviser_advises_plan_issued_parent_sees_steps(driver, base_url, axe_source, tmp_path):
    today = datetime.date.today()
    long_today = f"{today.day} {today.strftime('%B %Y')}"

    support.sign_in(driver, base_url, PARENT)
    driver.get(base_url + "/children")
    child_link = support.find_first(driver, ["//table//tbody/tr/*[1]//a[contains(@href, '/children/')]"], "the parent's child")
    child_link.click()
    support.wait_for_new_page(driver, child_link, "opening the child")
    child_name = driver.find_element(By.TAG_NAME, "h1").text.strip()
    ask = support.find_first(driver, ["//a[normalize-space()='Ask for an EHC needs assessment']"], "the request link")
    ask.click()
    support.wait_for_new_page(driver, ask, "opening the request form")
    check(driver, axe_source, "EHC request form")
    submit(driver, "Send the request")
    assert support.error_summary_text(driver), "an empty request shows the error summary"
    check(driver, axe_source, "EHC request form with errors", validation_error=True)
    driver.find_element(By.ID, "summary").send_keys("Not making progress despite two terms of SEN support; very anxious.")
    submit(driver, "Send the request")
    assert "/ehc/" in driver.current_url, f"after sending, landed on {driver.current_url}: {support.error_summary_text(driver)}"
    case_url = driver.current_url.split("?")[0]
    assert "Request recorded" in driver.page_source
    check(driver, axe_source, "EHC case for the parent")

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, CASEWORKER)
    driver.get(base_url + "/ehc")
    check(driver, axe_source, "EHC backlog dashboard")
    driver.get(case_url)
    check(driver, axe_source, "EHC case for the caseworker")
    open_action(driver, "Decide whether to assess")
    driver.find_element(By.ID, "decision-outcome").click()
    submit(driver, "Record decision and write the letter")
    assert driver.current_url.endswith("/letter"), f"{driver.current_url}: {support.error_summary_text(driver)}"
    assert "We will carry out an EHC needs assessment" in driver.page_source
    check(driver, axe_source, "EHC decision letter")

    driver.get(case_url)
    open_action(driver, "Ask for advice")
    Select(driver.find_element(By.ID, "advice-kind")).select_by_value("medical")
    Select(driver.find_element(By.ID, "advice-adviser")).select_by_visible_text("Dr Hana Health")
    submit(driver, "Ask for advice")
    assert "Advice request recorded" in driver.page_source, support.error_summary_text(driver)
    check(driver, axe_source, "EHC case with advice asked for")

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, ADVISER)
    driver.get(case_url)
    check(driver, axe_source, "EHC case for the adviser")
    textarea = support.find_first(driver, ["//textarea[starts-with(@id, 'advice-')]"], "the advice box")
    textarea.send_keys("Needs a quiet base and weekly speech and language therapy.")
    # The adviser attaches their report as well: a real file through the real file input.
    report = tmp_path / "medical-advice.pdf"
    report.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    file_input = support.find_first(driver, ["//input[@type='file'][starts-with(@id, 'advice-')]"], "the advice document field")
    file_input.send_keys(str(report))
    submit(driver, "Send advice")
    assert "Advice sent" in driver.page_source, support.error_summary_text(driver)
    assert "Download the advice document (medical-advice.pdf" in driver.page_source

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, CASEWORKER)
    driver.get(case_url)
    open_action(driver, "Send the draft plan")
    submit(driver, "Send the draft plan")
    assert support.error_summary_text(driver), "a draft without section B or an outcome is refused"
    check(driver, axe_source, "EHC draft form with errors", validation_error=True)
    driver.find_element(By.ID, "draft-sectionB").send_keys("Speech, language and communication needs.")
    driver.find_element(By.ID, "draft-need1").send_keys("Understanding instructions")
    driver.find_element(By.ID, "draft-outcome1").send_keys("Follows two-step instructions in class")
    driver.find_element(By.ID, "draft-provision1").send_keys("Speech and language therapy, 30 minutes weekly")
    submit(driver, "Send the draft plan")
    assert "Draft plan recorded" in driver.page_source, support.error_summary_text(driver)
    open_action(driver, "Consult a school or college about naming it")
    driver.find_element(By.ID, "consult-institution").send_keys("Severn Vale Primary")
    submit(driver, "Record the consultation")
    assert "Consultation recorded" in driver.page_source, support.error_summary_text(driver)
    check(driver, axe_source, "EHC case with a school consulted")
    open_action(driver, "Issue the final plan")
    driver.find_element(By.ID, "final-placement").send_keys("Severn Vale Primary")
    driver.find_element(By.ID, "final-waived").click()
    submit(driver, "Issue the final plan")
    assert "Final plan recorded" in driver.page_source, support.error_summary_text(driver)
    check(driver, axe_source, "EHC case with a final plan")

    # The plan's first annual review: arranged with its regulation 20 dates, errors first.
    open_action(driver, "Arrange the annual review meeting")
    submit(driver, "Arrange the meeting")
    assert support.error_summary_text(driver), "a review meeting needs a date"
    check(driver, axe_source, "EHC review form with errors", validation_error=True)
    open_action(driver, "Arrange the annual review meeting")
    support.fill_date(driver, "schedule-review-meetingOn", today + datetime.timedelta(days=30))
    submit(driver, "Arrange the meeting")
    assert "Review meeting scheduled" in driver.page_source, support.error_summary_text(driver)
    assert "Invitations with two weeks" in driver.page_source
    check(driver, axe_source, "EHC case with a review arranged")
    open_action(driver, "Start a re-assessment")
    submit(driver, "Start the re-assessment")
    assert support.error_summary_text(driver), "a re-assessment needs who asked and why"
    check(driver, axe_source, "EHC re-assessment form with errors", validation_error=True)

    driver.delete_all_cookies()
    support.sign_in(driver, base_url, PARENT)
    driver.get(case_url)
    check(driver, axe_source, "EHC case seen by the parent")
    assert child_name in driver.page_source
    rows = driver.find_elements(By.XPATH, "//table[caption[normalize-space()='What has happened so far']]//tbody/tr")
    steps = [r.text for r in rows]
    for step in ["Request for an EHC needs assessment received", "decided to carry out an EHC needs assessment",
                 "Medical advice", "Draft EHC plan sent", "Final EHC plan issued"]:
        matching = [s for s in steps if step in s]
        assert matching, f"the parent does not see {step!r} in {steps}"
        assert long_today in matching[0], f"{step!r} is shown without its date: {matching[0]!r}"
