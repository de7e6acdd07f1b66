"""ytemu serves Google's own count: Monitoring timeSeries.list and Service Usage v1beta1
consumerQuotaMetrics, read with google-api-python-client and the ADC identity."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from tests.helpers.cloud import Cloud
from ytemu.clock import PACIFIC
from ytemu.cloud.quota import NET_USAGE, QUOTA_METRIC

USAGE_FILTER = (
    f'metric.type = "{NET_USAGE}" AND resource.type = "consumer_quota" '
    'AND resource.labels.service = "youtube.googleapis.com"'
)


def client(cloud: Cloud, name: str, version: str) -> Any:
    import google.oauth2.credentials

    info = json.loads(cloud.adc_file.read_text())
    creds = google.oauth2.credentials.Credentials.from_authorized_user_info(
        info, scopes=["https://www.googleapis.com/auth/cloud-platform"]
    )
    creds = creds.with_token_uri(cloud.emu.token_uri)
    return build(
        name,
        version,
        credentials=creds,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": cloud.emu.base_url},
    )


@pytest.fixture
def spent(cloud: Cloud) -> Cloud:
    """Project yt-quota-one: 150 units of playlistItems.insert by ytemu's own route
    accounting, and 1,000 units spent by another application."""
    cloud.seed_source("yt-quota-one", services=["youtube.googleapis.com"])
    with cloud.emu.world.lock:
        world = cloud.emu.world
        world.quota.add("yt-quota-one", world.today(), "youtube.playlistItems.insert", 150)
    assert cloud.admin.spend_elsewhere("yt-quota-one", 1000) == 1150
    return cloud


def day_window(cloud: Cloud) -> tuple[str, str]:
    now = cloud.emu.admin.now()
    local = now.astimezone(PACIFIC)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return start.astimezone(now.tzinfo).strftime(fmt), now.strftime(fmt)


def series_today(cloud: Cloud, **query: Any) -> dict[str, Any]:
    """timeSeries.list of project yt-quota-one from Pacific midnight to now."""
    start, end = day_window(cloud)
    series = client(cloud, "monitoring", "v3").projects().timeSeries()
    request = series.list(
        name="projects/yt-quota-one",
        interval_startTime=start,
        interval_endTime=end,
        **{"filter": USAGE_FILTER, **query},
    )
    result: dict[str, Any] = request.execute()
    return result


def test_time_series_raw_and_summed(spent: Cloud) -> None:
    raw = series_today(spent)
    by_method = {
        s["metric"]["labels"]["method"]: int(s["points"][0]["value"]["int64Value"])
        for s in raw["timeSeries"]
    }
    assert by_method == {
        "youtube.api.v3.V3DataPlaylistItemService.Insert": 150,
        "youtube.api.v3.V3DataVideoService.List": 1000,
    }
    series = raw["timeSeries"][0]
    assert series["metricKind"] == "DELTA" and series["valueType"] == "INT64"
    assert series["resource"]["type"] == "consumer_quota"
    labels = series["resource"]["labels"]
    assert labels["service"] == "youtube.googleapis.com" and labels["location"] == "global"
    assert labels["resource_container"] == spent.project("yt-quota-one")["number"]
    assert series["metric"]["labels"]["quota_metric"] == "youtube.googleapis.com/default"
    summed = series_today(
        spent,
        filter=f'{USAGE_FILTER} AND metric.labels.quota_metric = "{QUOTA_METRIC}"',
        aggregation_alignmentPeriod="86400s",
        aggregation_perSeriesAligner="ALIGN_SUM",
        aggregation_crossSeriesReducer="REDUCE_SUM",
        aggregation_groupByFields=["resource.labels.service"],
    )
    [total] = summed["timeSeries"]
    assert [p["value"]["int64Value"] for p in total["points"]] == ["1150"]
    assert total["resource"]["labels"] == {"service": "youtube.googleapis.com"}


def test_yesterday_is_outside_today_and_foreign_projects_are_denied(spent: Cloud) -> None:
    spent.emu.admin.advance_clock(timedelta(days=1).total_seconds())
    assert series_today(spent) == {}
    monitoring = client(spent, "monitoring", "v3")
    _, end = day_window(spent)
    spent.seed_source("not-my-project", owner="someone-else@example.com")
    with pytest.raises(HttpError) as caught:
        monitoring.projects().timeSeries().list(
            name="projects/not-my-project", filter=USAGE_FILTER, interval_endTime=end
        ).execute()
    assert caught.value.resp.status == 403
    with pytest.raises(HttpError) as caught:
        monitoring.projects().timeSeries().list(
            name="projects/yt-quota-one", filter="", interval_endTime=end
        ).execute()
    assert caught.value.resp.status == 400


def test_consumer_quota_metrics_show_a_granted_limit(spent: Cloud) -> None:
    serviceusage = client(spent, "serviceusage", "v1beta1")
    number = spent.project("yt-quota-one")["number"]
    parent = f"projects/{number}/services/youtube.googleapis.com"
    metrics = serviceusage.services().consumerQuotaMetrics()
    listed = metrics.list(parent=parent).execute()["metrics"]
    [metric] = listed
    assert metric["metric"] == "youtube.googleapis.com/default"
    [limit] = metric["consumerQuotaLimits"]
    assert limit["unit"] == "1/d/{project}"
    bucket = limit["quotaBuckets"][0]
    assert bucket == {"effectiveLimit": "10000", "defaultLimit": "10000"}
    spent.admin.grant_daily_limit("yt-quota-one", 50_000)
    got = metrics.get(name=metric["name"]).execute()
    bucket = got["consumerQuotaLimits"][0]["quotaBuckets"][0]
    assert bucket["effectiveLimit"] == "50000" and bucket["defaultLimit"] == "10000"
    assert bucket["producerOverride"]["overrideValue"] == "50000"
    # The granted limit is the one the YouTube routes enforce.
    assert spent.emu.admin.quota("yt-quota-one")["yt-quota-one"]["limit"] == 50_000
