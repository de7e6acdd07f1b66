"""Google's own numbers for a project's YouTube Data API quota (ADC, not the YouTube
token): units used since a Pacific midnight, from Cloud Monitoring's
`serviceruntime.googleapis.com/quota/rate/net_usage` on the `consumer_quota` resource,
and the effective daily limit (an extension Google granted included), from Service
Usage v1beta1 `consumerQuotaMetrics`. See docs/../platform-limits §4.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ytrix.gcp.transport import CloudClient

SERVICE = "youtube.googleapis.com"
QUOTA_METRIC = "youtube.googleapis.com/default"
NET_USAGE = "serviceruntime.googleapis.com/quota/rate/net_usage"
DAY_UNIT = "1/d/{project}"
_CLIENT_NUMBER = re.compile(r"(\d{6,})-")


def cloud_project_of(client_id: str, configured: str | None) -> str | None:
    """The Cloud project behind an OAuth client: the configured one, else the project
    number Google's client IDs start with; None when neither is known."""
    if configured:
        return configured
    match = _CLIENT_NUMBER.match(client_id)
    return match.group(1) if match else None


def _rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def used_since(client: CloudClient, project: str, start: datetime, end: datetime) -> int:
    """Units Google counted for `project` between `start` and `end` (aware datetimes)."""
    period = max(60, int((end - start).total_seconds()) + 1)
    query = (
        f'metric.type = "{NET_USAGE}" AND resource.type = "consumer_quota" '
        f'AND resource.labels.service = "{SERVICE}" '
        f'AND metric.labels.quota_metric = "{QUOTA_METRIC}"'
    )
    series_api = client.monitoring.projects().timeSeries()
    total, token = 0, None
    while True:
        response = client.call(
            series_api.list(
                name=f"projects/{project}",
                filter=query,
                interval_startTime=_rfc3339(start),
                interval_endTime=_rfc3339(end),
                aggregation_alignmentPeriod=f"{period}s",
                aggregation_perSeriesAligner="ALIGN_SUM",
                aggregation_crossSeriesReducer="REDUCE_SUM",
                pageToken=token,
            ),
            f"Reading quota usage of {project} (Cloud Monitoring)",
        )
        for series in response.get("timeSeries") or []:
            for point in series.get("points") or []:
                total += int((point.get("value") or {}).get("int64Value") or 0)
        token = response.get("nextPageToken")
        if not token:
            return total


def daily_limit(client: CloudClient, project: str) -> int | None:
    """The effective daily limit of YouTube's default quota metric, or None when
    Service Usage lists none (the API not enabled there, or an unlimited bucket)."""
    metrics_api = client.serviceusage_beta.services().consumerQuotaMetrics()
    parent = f"projects/{project}/services/{SERVICE}"
    token = None
    while True:
        response = client.call(
            metrics_api.list(parent=parent, pageToken=token),
            f"Reading the quota limit of {project} (Service Usage)",
        )
        for metric in response.get("metrics") or []:
            if metric.get("metric") == QUOTA_METRIC:
                return _day_limit(metric)
        token = response.get("nextPageToken")
        if not token:
            return None


def _day_limit(metric: dict[str, Any]) -> int | None:
    for limit in metric.get("consumerQuotaLimits") or []:
        if limit.get("unit") != DAY_UNIT:
            continue
        for bucket in limit.get("quotaBuckets") or []:
            if bucket.get("dimensions"):
                continue  # the project-wide bucket has no dimensions
            value = int(bucket.get("effectiveLimit", bucket.get("defaultLimit", -1)))
            return value if value >= 0 else None  # -1: unlimited
    return None
