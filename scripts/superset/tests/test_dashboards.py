"""The dashboards bundle on a real Superset: every chart's query through Superset's chart-data API, checked
against the replay's tables, then every dashboard rendered by headless Chromium into a PNG."""

import json
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest

from chart_queries import chart_data_request
from dashboards import BUNDLE

NO_CHANNEL = "(no channel)"


def chart_data(superset):
    """Each chart's name and its query's result (data rows), failing on any chart that errs or returns nothing."""
    datasets = {dataset["id"]: dataset for dataset in superset.listing("dataset")}
    temporal = {}
    for dataset_id in datasets:
        columns = superset.get(f"/api/v1/dataset/{dataset_id}")["result"]["columns"]
        temporal[dataset_id] = {column["column_name"] for column in columns if column["is_dttm"]}
    results, failures = {}, []
    for listed in superset.listing("chart"):
        chart = superset.get(f"/api/v1/chart/{listed['id']}")["result"]
        params = json.loads(chart["params"])
        dataset_id = superset.get(f"/api/v1/chart/{listed['id']}")["result"].get("datasource_id") or listed["datasource_id"]
        answer = superset.post("/api/v1/chart/data", chart_data_request(params, dataset_id, temporal[dataset_id]))
        if answer.status_code != 200:
            failures.append(f"{chart['slice_name']}: HTTP {answer.status_code} {answer.text[:500]}")
            continue
        result = answer.json()["result"][0]
        if result.get("error") or not result["data"]:
            failures.append(f"{chart['slice_name']}: {result.get('error') or 'no rows'}")
            continue
        results[chart["slice_name"]] = result["data"]
    assert not failures, "charts that failed:\n" + "\n".join(failures)
    return results


@pytest.fixture(scope="session")
def charts(superset):
    return chart_data(superset)


def channel_names(tables):
    """state -> the name the datasets show (the catalogue's name, else the state, else '(no channel)')."""
    names = {row["state"]: row["name"] for row in tables.get("channels", []) if row["name"]}
    return lambda state: names.get(state) or state or NO_CHANNEL


def totals_by(rows, key, columns):
    sums = defaultdict(Counter)
    for row in rows:
        for column in columns:
            sums[key(row)][column] += row[column]
    return sums


def test_every_chart_of_the_bundle_is_imported_and_answers(superset, charts):
    assert len(superset.listing("chart")) == len(list((BUNDLE / "charts").glob("*.yaml")))
    assert sorted(dashboard["dashboard_title"] for dashboard in superset.listing("dashboard")) == [
        "Community: activity and check-ins", "Compliance: alerts", "Growth: channels and conversion",
        "Service: employee behaviour"]
    assert len(charts) == len(superset.listing("chart"))


# The funnel's metrics in the datasets and the columns of channel_conversion_daily they sum.
FUNNEL = {"customers_added": "new_customers", "customers_joined_group": "joined_group", "customers_engaged": "engaged",
          "customers_checked_in": "checked_in", "customers_lost": "lost"}


def test_funnel_per_channel_is_the_tables_sums_per_channel(charts, tables):
    name = channel_names(tables)
    expected = totals_by(tables["channel_conversion_daily"], lambda row: name(row["state"]), FUNNEL.values())
    shown = {row["channel"]: Counter({column: row[metric] for metric, column in FUNNEL.items()})
             for row in charts["Funnel per channel"]}
    assert shown == dict(expected)


def test_new_customers_per_day_by_channel_add_up_to_the_table(charts, tables):
    assert sum(row["customers_added"] for row in charts["New customers per day by channel"]) == sum(
        row["new_customers"] for row in tables["channel_conversion_daily"])


def test_cohorts_and_regions_count_every_new_customer_once(charts, tables):
    total = sum(row["new_customers"] for row in tables["channel_conversion_daily"])
    cohorts = charts["Cohorts by week"]
    assert sum(row["customers_added"] for row in cohorts) == total
    assert [row["cohort_week"] for row in cohorts] == sorted(row["cohort_week"] for row in cohorts)
    assert sum(row["customers_added"] for row in charts["Funnel by region and store"]) == total


def retained_after(journeys, days, channel_of):
    """Per channel, the percentage of customers, added at least `days` days before the newest cohort day, who
    had not deleted the employee `days` days after the add."""
    newest = max(date.fromisoformat(journey["cohort_date"]) for journey in journeys)
    kept, seen = Counter(), Counter()
    for journey in journeys:
        if date.fromisoformat(journey["cohort_date"]) + timedelta(days=days) > newest:
            continue
        channel = channel_of(journey["state"])
        seen[channel] += 1
        added = datetime.fromisoformat(journey["added_at"])
        if journey["lost_at"] is None or datetime.fromisoformat(journey["lost_at"]) >= added + timedelta(days=days):
            kept[channel] += 1
    return {channel: 100 * kept[channel] / seen[channel] for channel in seen}


def test_retention_by_channel_is_the_share_not_lost_yet(charts, tables):
    curves = defaultdict(dict)
    for row in charts["Retention by channel"]:
        curves[row["channel"]][row["days_since_add"]] = row["retained_pct"]
    name = channel_names(tables)
    for days in (0, 1, 7):
        expected = retained_after(tables["customer_journey"], days, name)
        assert {channel: curve[days] for channel, curve in curves.items() if days in curve} == pytest.approx(expected), days
    assert any(value < 100 for curve in curves.values() for value in curve.values())


def test_fission_leaderboard_counts_the_invites_of_the_catalogues_codes(charts, tables):
    codes = {row["state"] for row in tables["channels"] if row["kind"] == "fission" and row["inviter"]}
    invites = sum(1 for journey in tables["customer_journey"] if journey["state"] in codes)
    assert sum(row["invited"] for row in charts["Fission leaderboard"]) == invites


def test_group_activity_is_the_tables_sums(charts, tables):
    expected = totals_by(tables["group_daily_stats"], lambda row: row["chat_id"], ["msg_total", "member_has_msg"])
    busiest = charts["Busiest groups"]
    assert busiest == sorted(busiest, key=lambda row: -row["messages"])
    for row in busiest:
        assert (row["messages"], row["active_members"]) == (expected[row["chat_id"]]["msg_total"],
                                                            expected[row["chat_id"]]["member_has_msg"])
    assert sum(row["messages"] for row in charts["Messages per group and day"]) == sum(
        row["msg_total"] for row in tables["group_daily_stats"])


def test_check_ins_are_the_tables(charts, tables):
    streaks = tables["checkin_streaks"]
    assert sum(row["members"] for row in charts["Streak distribution"]) == len(streaks)
    leaders = charts["Check-in leaderboard"]
    assert leaders[0]["longest_streak"] == max(row["longest_streak"] for row in streaks)
    assert sum(row["reached"] for row in charts["Milestones reached"]) == len(tables["checkin_milestones"])


def test_members_by_number_of_groups_counts_current_members(charts, tables):
    groups = defaultdict(set)
    for row in tables["group_members"]:
        if row["is_member"]:
            groups[(row["member_id"], row["member_type"])].add(row["chat_id"])
    shown = Counter()
    for row in charts["Members by number of groups"]:
        shown[row["groups"]] += row["members"]
    assert shown == Counter(len(chats) for chats in groups.values())
    assert charts["Members in the most groups"][0]["groups"] == max(len(chats) for chats in groups.values())


def test_employees_reply_rates_are_computed_from_the_counts(charts, tables):
    expected = totals_by(tables["employee_daily_behavior"], lambda row: row["userid"],
                         ["chat_cnt", "initiated_chat_cnt", "replied_chat_cnt", "new_contact_cnt"])
    shown = {row["userid"]: row for row in charts["Employees"]}
    assert set(shown) == set(expected)
    for userid, sums in expected.items():
        assert shown[userid]["chats"] == sums["chat_cnt"]
        assert shown[userid]["new_contacts"] == sums["new_contact_cnt"]
        if sums["initiated_chat_cnt"]:
            assert shown[userid]["reply_percentage"] == pytest.approx(
                100 * sums["replied_chat_cnt"] / sums["initiated_chat_cnt"])
        else:
            assert shown[userid]["reply_percentage"] is None


def test_alerts_are_the_tables(charts, tables):
    alerts = tables["compliance_alerts"]
    for name in ("Alerts per day by category", "Alerts per day by severity"):
        assert sum(row["alerts"] for row in charts[name]) == len(alerts), name
    assert {row["rule_id"]: row["alerts"] for row in charts["Top rules"]} == dict(
        Counter(alert["rule_id"] for alert in alerts).most_common(20))
    timeouts = Counter(alert["receivers"][0] for alert in alerts if alert["rule_id"] == "builtin.reply_timeout")
    assert {row["employee"]: row["alerts"] for row in charts["Reply timeouts per employee"]} == dict(timeouts)
    latest = charts["Latest alerts"]
    assert len(latest) == min(100, len(alerts))
    assert latest[0]["excerpt"] in {alert["excerpt"] for alert in alerts}


CHART_ERRORS = ".ant-alert-error, .alert-danger, [data-test='error-tooltip']"


def rendered(chart):
    """Whether a dashboard's chart shows its result: an ECharts canvas or SVG, or a table."""
    return bool(chart.find_elements("css selector", "canvas, svg, table"))


@pytest.fixture(scope="session")
def browser(superset):
    """Headless Chromium (Debian's chromium and chromium-driver), logged in to Superset as the admin."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1600,3200"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    login = superset.session.post(f"{superset.url}/login/", data={"username": "admin", "password": superset.password},
                                  allow_redirects=False, timeout=60)
    assert login.status_code == 302, login.text[:300]
    driver.get(f"{superset.url}/health")
    driver.add_cookie({"name": "session", "value": login.cookies["session"]})
    yield driver
    driver.quit()


def test_every_dashboard_renders_its_charts_without_error(superset, browser, screenshots):
    import time

    failures = []
    for dashboard in superset.listing("dashboard"):
        charts = superset.get(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
        browser.get(f"{superset.url}/superset/dashboard/{dashboard['id']}/?standalone=1")
        deadline = time.monotonic() + 180
        while True:
            shown = browser.find_elements("css selector", "[data-test='chart-grid-component']")
            done = len(shown) == len(charts) and all(rendered(chart) for chart in shown)
            errors = browser.find_elements("css selector", CHART_ERRORS)
            if done or errors or time.monotonic() > deadline:
                break
            time.sleep(2)
        time.sleep(2)  # the charts' animations settle before the picture
        png = screenshots / f"{dashboard['slug'] or dashboard['id']}.png"
        browser.save_screenshot(str(png))
        if errors:
            failures.append(f"{dashboard['dashboard_title']}: " + "; ".join(error.text[:200] for error in errors))
        elif not done:
            failures.append(f"{dashboard['dashboard_title']}: {sum(map(rendered, shown))} of {len(charts)} charts "
                            f"rendered within 180 s (see {png})")
    assert not failures, "\n".join(failures)
