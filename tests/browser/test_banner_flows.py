"""The consent banner and SDK in headless Chromium, page and API on different origins."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BANNER = (By.CSS_SELECTOR, "[data-consent-banner]")
OPTIONAL = ("functionality", "analytics", "targeting")
VISITOR_COOKIE = "consent_vid"
# The cookie the site's stand-in analytics tag sets when allowed: declared `analytics` in the built-in catalogue.
ANALYTICS_COOKIE = "ajs_anonymous_id"


def wait(driver, seconds=15):
    return WebDriverWait(driver, seconds)


def open_site(driver, site):
    driver.get(site + "/")
    wait(driver).until(lambda d: d.execute_script(
        "return window.consentWidget && window.consentWidget.element !== undefined && "
        "document.getElementById('state').textContent !== 'loading'"))


def banner(driver):
    return wait(driver).until(EC.visibility_of_element_located(BANNER))


def click_action(driver, action):
    banner(driver).find_element(By.CSS_SELECTOR, f"[data-action='{action}']").click()
    wait(driver).until(EC.invisibility_of_element_located(BANNER))


def cookie_names(driver):
    return sorted(c["name"] for c in driver.get_cookies())


def visitor_id(driver):
    cookie = driver.get_cookie(VISITOR_COOKIE)
    assert cookie is not None, "the SDK keeps the visitor id in a first-party cookie"
    return cookie["value"]


def consent_calls(driver):
    """Consent Mode calls pushed to dataLayer, as [kind, signals] pairs, in order."""
    return driver.execute_script(
        "return (window.dataLayer || []).map(a => Array.from(a))"
        ".filter(a => a[0] === 'consent').map(a => [a[1], a[2]]);")


def last_record(service, driver):
    records = service.history(visitor_id(driver))
    assert records, "the auditor history holds the visitor's record"
    return records[-1]


def recorded_choices(record):
    return {c: record["choices"][c] for c in OPTIONAL}


def test_first_visit_shows_an_accessible_banner_and_sets_no_cookie(service, site, browser, artifacts):
    """First visit: a labelled dialog with focus inside, equal Accept/Reject buttons, and no cookie at all."""
    open_site(browser, site)
    dialog = banner(browser)
    assert dialog.get_attribute("role") == "dialog"
    title = browser.find_element(By.ID, dialog.get_attribute("aria-labelledby"))
    assert title.text.strip()
    assert browser.execute_script("return arguments[0].contains(document.activeElement)", dialog)
    accept = dialog.find_element(By.CSS_SELECTOR, "[data-action='accept-all']")
    reject = dialog.find_element(By.CSS_SELECTOR, "[data-action='reject-all']")
    style = "const s = getComputedStyle(arguments[0]); return [s.backgroundColor, s.color, s.fontSize, s.fontWeight];"
    assert browser.execute_script(style, accept) == browser.execute_script(style, reject)
    assert accept.size == reject.size
    assert accept.location["y"] == reject.location["y"]
    browser.save_screenshot(str(artifacts / "banner.png"))
    assert cookie_names(browser) == []


def test_consent_mode_default_is_all_denied_but_security_before_any_choice(service, site, browser):
    """Before a choice the only Consent Mode call is `default` with everything denied but security_storage."""
    open_site(browser, site)
    banner(browser)
    calls = consent_calls(browser)
    assert [kind for kind, _ in calls] == ["default"]
    signals = calls[0][1]
    assert signals["security_storage"] == "granted"
    assert {k: v for k, v in signals.items() if k not in ("security_storage", "wait_for_update")} == {
        k: "denied" for k in ("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                              "functionality_storage", "personalization_storage")}


def test_reject_all_records_essential_only_and_sets_no_optional_cookie(service, site, browser):
    """Reject all: the auditor history holds an essential-only record; only the essential id cookie exists."""
    open_site(browser, site)
    click_action(browser, "reject-all")
    record = last_record(service, browser)
    assert record["choices"].get("essential", True) is True  # log lines may leave the constant out
    assert recorded_choices(record) == {c: False for c in OPTIONAL}
    assert cookie_names(browser) == [VISITOR_COOKIE]


def test_accept_all_emits_a_granted_consent_mode_update(service, site, browser):
    """Accept all: a Consent Mode `update` with every signal granted, recorded, and the analytics tag may run."""
    open_site(browser, site)
    click_action(browser, "accept-all")
    kind, signals = consent_calls(browser)[-1]
    assert kind == "update"
    assert set(signals.values()) == {"granted"}
    assert recorded_choices(last_record(service, browser)) == {c: True for c in OPTIONAL}
    assert ANALYTICS_COOKIE in cookie_names(browser)


def test_customise_with_only_analytics_records_exactly_that(service, site, browser, artifacts):
    """Customise, switch analytics on from the keyboard, save: the record is analytics only."""
    open_site(browser, site)
    banner(browser).find_element(By.CSS_SELECTOR, "[data-action='customise']").click()
    switch = wait(browser).until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, "input[role='switch'][data-category='analytics']")))
    essential = browser.find_element(By.CSS_SELECTOR, "input[role='switch'][data-category='essential']")
    assert essential.is_selected() and not essential.is_enabled()
    label = browser.find_element(By.CSS_SELECTOR, "label[for='%s']" % switch.get_attribute("id"))
    assert label.text.strip()
    switch.send_keys(Keys.SPACE)
    assert switch.is_selected()
    browser.save_screenshot(str(artifacts / "banner-customise.png"))
    click_action(browser, "save")
    assert recorded_choices(last_record(service, browser)) == {
        "functionality": False, "analytics": True, "targeting": False}
    assert consent_calls(browser)[-1][1]["analytics_storage"] == "granted"
    assert consent_calls(browser)[-1][1]["ad_storage"] == "denied"


def test_customise_layer_lists_each_category_cookies_with_their_details(service, site, browser):
    """The Customise layer shows every catalogue cookie under its category with purpose, lifetime, services."""
    catalogue = service.get_json("/v1/categories")
    open_site(browser, site)
    banner(browser).find_element(By.CSS_SELECTOR, "[data-action='customise']").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "fieldset[data-category]")))
    for category in catalogue["categories"]:
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll(`fieldset[data-category='${arguments[0]}'] tbody tr`))"
            ".map(r => Array.from(r.cells).map(c => c.textContent));", category["id"])
        expected = [[c["name"], c["purpose"], c["duration"]["label"], ", ".join(c["services"])]
                    for c in category["cookies"]]
        assert rows == expected


def test_reload_keeps_the_choice_without_the_banner(service, site, browser):
    """After a choice, a reload shows no banner, the same choices, and re-emits the granted Consent Mode."""
    open_site(browser, site)
    click_action(browser, "accept-all")
    browser.refresh()
    open_site(browser, site)
    assert browser.execute_script("return window.consentWidget.ready.then(() => true)")
    assert browser.find_elements(*BANNER) == []
    state = browser.find_element(By.ID, "state").text
    assert state.startswith("granted") and json.loads(state.split(" ", 1)[1])["analytics"] is True
    calls = consent_calls(browser)
    assert [kind for kind, _ in calls] == ["default", "update"]
    assert calls[1][1]["analytics_storage"] == "granted"


def test_withdraw_brings_the_banner_back_and_writes_a_withdrawal(service, site, browser):
    """Withdraw link: the banner is shown again and the history gains a withdrawal record."""
    open_site(browser, site)
    click_action(browser, "accept-all")
    before = len(service.history(visitor_id(browser)))
    browser.find_element(By.ID, "withdraw").click()
    banner(browser)
    records = service.history(visitor_id(browser))
    assert len(records) == before + 1
    assert records[-1]["action"] == "withdraw"
    assert recorded_choices(records[-1]) == {c: False for c in OPTIONAL}
    kind, signals = consent_calls(browser)[-1]
    assert kind == "update" and signals["analytics_storage"] == "denied" and signals["ad_storage"] == "denied"
    assert ANALYTICS_COOKIE not in cookie_names(browser)


def test_keyboard_alone_can_reject(service, site, browser):
    """Tab from the focused banner title reaches Accept all, then Reject all; Enter records the refusal."""
    open_site(browser, site)
    banner(browser)
    active = browser.switch_to.active_element
    active.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-action") == "accept-all"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-action") == "reject-all"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser).until(EC.invisibility_of_element_located(BANNER))
    assert recorded_choices(last_record(service, browser)) == {c: False for c in OPTIONAL}


def test_global_privacy_control_keeps_targeting_off_on_accept_all(service, site, gpc_browser):
    """With navigator.globalPrivacyControl, Accept all records targeting off and ad signals stay denied."""
    open_site(gpc_browser, site)
    click_action(gpc_browser, "accept-all")
    assert recorded_choices(last_record(service, gpc_browser)) == {
        "functionality": True, "analytics": True, "targeting": False}
    assert consent_calls(gpc_browser)[-1][1]["ad_storage"] == "denied"


def test_sdk_loads_as_an_es_module_across_origins(service, site, browser):
    """`import { ConsentClient } from <api>/sdk/consent.mjs` works from another origin."""
    browser.get(site + "/module.html")
    wait(browser).until(lambda d: d.find_element(By.ID, "out").text.startswith("module:"))
    assert browser.find_element(By.ID, "out").text == "module:essential,functionality,analytics,targeting"


def test_demo_page_renders_the_banner_and_the_integration_lines(service, browser, artifacts):
    """`/demo` on the service shows the banner and the few lines a site adds."""
    browser.get(service.base + "/demo")
    banner(browser)
    snippet = browser.find_element(By.ID, "integration-snippet").text
    assert service.base + "/sdk/consent.js" in snippet and "ConsentBanner.mount" in snippet
    browser.save_screenshot(str(artifacts / "demo.png"))
    click_action(browser, "reject-all")
    wait(browser).until(lambda d: d.find_element(By.ID, "consent-state").text.startswith("granted"))


def test_catalogue_change_in_one_category_reasks_only_that_category(service, site, browser, tmp_path, artifacts):
    """An analytics cookie changes: a returning visitor is asked again (switch off) about analytics only; others are kept."""
    open_site(browser, site)
    click_action(browser, "accept-all")
    catalogue = service.get_json("/v1/catalogue")
    changed = next(c for c in catalogue["cookies"] if c["category"] == "analytics")
    changed["purpose"] = changed["purpose"] + " Now also measures scroll depth."
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue))
    service.restart(catalogue=path)
    try:
        browser.refresh()
        open_site(browser, site)
        dialog = banner(browser)
        asked = sorted(e.get_attribute("data-category") for e in dialog.find_elements(
            By.CSS_SELECTOR, "input[role='switch']") if e.is_enabled())
        assert asked == ["analytics"]
        assert not dialog.find_element(By.CSS_SELECTOR, "input[data-category='analytics']").is_selected()
        browser.save_screenshot(str(artifacts / "banner-reconsent.png"))
        click_action(browser, "reject-all")
        assert recorded_choices(last_record(service, browser)) == {
            "functionality": True, "analytics": False, "targeting": True}
    finally:
        service.restart()


def test_beacon_transport_records_the_choice(service, site, browser):
    """`transport: "beacon"` sends the choice with navigator.sendBeacon (text/plain) and it is recorded."""
    open_site(browser, site)
    banner(browser)
    browser.execute_script(
        "const c = ConsentClient({ endpoint: arguments[0], transport: 'beacon', source: 'beacon-test' });"
        "return c.save({ functionality: true });", service.base)
    vid = visitor_id(browser)
    records = []
    for _ in range(100):
        records = service.history(vid)
        if records:
            break
        browser.execute_async_script("setTimeout(arguments[arguments.length - 1], 100)")
    assert records, "the beacon's record reached the log"
    assert recorded_choices(records[-1]) == {"functionality": True, "analytics": False, "targeting": False}


def test_decide_asks_the_server_across_origins(service, site, browser):
    """`decide(names)` gets a verdict per name from POST /v1/decisions (a CORS-preflighted JSON call)."""
    open_site(browser, site)
    answer = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "consent.decide(['_ga', '_zendesk_session']).then(done, (e) => done({ error: String(e) }));")
    assert "error" not in answer, answer
    verdicts = {v["name"]: v["allowed"] for v in answer["verdicts"]}
    assert verdicts == {"_ga": False, "_zendesk_session": True}
