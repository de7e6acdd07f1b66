"""Google's own count of a project's YouTube quota: Cloud Monitoring v3
``projects.timeSeries.list`` and Service Usage v1beta1 ``services.consumerQuotaMetrics``
(list/get), served from the emulator's per-project, per-Pacific-day quota ledger.

Shapes follow Google's docs: the metric ``serviceruntime.googleapis.com/quota/rate/net_usage``
(DELTA, INT64, "Rate quota usage") on the monitored resource ``consumer_quota``, whose
labels are ``resource_container`` (the project number), ``location`` (``global``) and
``service``; the metric labels are ``quota_metric`` and ``method`` (the gRPC method
name). YouTube's quota metric is ``youtube.googleapis.com/default`` with the daily limit
``defaultPerDayPerProject`` (unit ``1/d/{project}``, default 10,000 units)
(cloud.google.com/monitoring/api/metrics_gcp, /monitoring/alerts/using-quota-metrics,
/service-usage/docs/reference/rest/v1beta1/services.consumerQuotaMetrics).

The ledger keeps day totals, not per-minute samples: a raw query returns one point per
Pacific day (its interval clipped to the query's), and aligned queries sum those.
Admin hooks (``/_emu/cloud/quota/...``): spending by "another application" (charges the
ledger only; no request is logged) and granting a daily limit.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from ytemu import discovery, errors
from ytemu.clock import PACIFIC, parse_instant, rfc3339
from ytemu.cloud.request import caller_account, list_body
from ytemu.cloud.state import CloudState, cloud_error, invalid_argument
from ytemu.dispatch import grpc_method
from ytemu.router import RequestContext, Response, Router
from ytemu.world import World

SERVICE = "youtube.googleapis.com"
NET_USAGE = "serviceruntime.googleapis.com/quota/rate/net_usage"
RESOURCE = "consumer_quota"
QUOTA_METRIC = "youtube.googleapis.com/default"
DAY_LIMIT = "defaultPerDayPerProject"
DAY_UNIT = "1/d/{project}"
DEFAULT_DAILY = 10_000
OTHER_APP_METHOD = "youtube.videos.list"  # what "another application" is charged for
_TERM = re.compile(r'\s*([\w.]+)\s*=\s*"([^"]*)"\s*')


# --- Cloud Monitoring ------------------------------------------------------------------


def _filter_terms(text: str) -> dict[str, str]:
    """``a = "x" AND b = "y"`` -> ``{a: x, b: y}`` (label/labels spelled either way)."""
    if not text.strip():
        raise invalid_argument("Field filter had an invalid value: a filter is required.")
    terms: dict[str, str] = {}
    for part in re.split(r"\s+AND\s+", text.strip()):
        match = _TERM.fullmatch(part)
        if match is None:
            raise invalid_argument(f"Field filter had an invalid value of {text!r}")
        key = match.group(1).replace(".labels.", ".label.")
        terms[key] = match.group(2)
    if "metric.type" not in terms:
        raise invalid_argument("Field filter had an invalid value: a metric type is required.")
    return terms


def _seconds(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\d+(\.\d+)?s", value):
        raise invalid_argument(f"Field {name} had an invalid value of {value!r}")
    return int(float(value[:-1]))


def _instant(value: str | None, name: str) -> float | None:
    if not value:
        return None
    try:
        return parse_instant(value).timestamp()
    except ValueError:
        raise invalid_argument(f"Field {name} had an invalid value of {value!r}") from None


def _day_bounds(day: str) -> tuple[float, float]:
    start = datetime.fromisoformat(day).replace(tzinfo=PACIFIC)
    end = start + timedelta(days=1)  # wall-clock midnight to midnight (DST-aware)
    end = datetime(end.year, end.month, end.day, tzinfo=PACIFIC)
    return start.astimezone(UTC).timestamp(), end.astimezone(UTC).timestamp()


def _raw_series(world: World, project_id: str, start: float, end: float) -> list[dict[str, Any]]:
    """One series per method, points (newest first) per Pacific day overlapping."""
    number = world.ensure_project(project_id).number
    by_method: dict[str, list[dict[str, Any]]] = {}
    for day, methods in sorted(world.quota.usage.get(project_id, {}).items(), reverse=True):
        day_start, day_end = _day_bounds(day)
        if day_end <= start or day_start >= end:
            continue
        interval = {
            "startTime": rfc3339(max(day_start, start)),
            "endTime": rfc3339(min(day_end, end)),
        }
        for method, units in methods.items():
            if units > 0:
                point = {"interval": interval, "value": {"int64Value": str(units)}}
                by_method.setdefault(grpc_method(method), []).append(point)
    return [
        {
            "metric": {
                "type": NET_USAGE,
                "labels": {"quota_metric": QUOTA_METRIC, "method": method},
            },
            "resource": {
                "type": RESOURCE,
                "labels": {
                    "resource_container": number,
                    "location": "global",
                    "service": SERVICE,
                },
            },
            "metricKind": "DELTA",
            "valueType": "INT64",
            "points": points,
        }
        for method, points in sorted(by_method.items())
    ]


def _matches(series: dict[str, Any], terms: dict[str, str]) -> bool:
    for key, want in terms.items():
        if key in ("metric.type", "resource.type"):
            have = series[key.split(".")[0]]["type"]
        elif key.startswith(("metric.label.", "resource.label.")):
            kind, _, label = key.split(".", 2)
            have = series[kind]["labels"].get(label)
        elif key == "project":
            continue  # the project is the one in the URL
        else:
            raise invalid_argument(f"Field filter had an invalid value: unknown key {key!r}")
        if have != want:
            return False
    return True


def _align(series: dict[str, Any], start: float, end: float, period: int) -> dict[str, Any]:
    """Sum the points into windows of ``period`` seconds ending at ``end``."""
    windows: dict[int, int] = {}
    for point in series["points"]:
        at = parse_instant(point["interval"]["endTime"]).timestamp()
        index = max(0, int((end - at) // period)) if at < end else 0
        windows[index] = windows.get(index, 0) + int(point["value"]["int64Value"])
    points = [
        {
            "interval": {
                "startTime": rfc3339(max(start, end - (i + 1) * period)),
                "endTime": rfc3339(end - i * period),
            },
            "value": {"int64Value": str(total)},
        }
        for i, total in sorted(windows.items())
    ]
    return {**series, "points": points}


def _label_path(field: str) -> tuple[str, str]:
    kind, _, label = field.replace(".labels.", ".label.").split(".", 2)
    if kind not in ("metric", "resource") or not label:
        raise invalid_argument(f"Field aggregation.groupByFields had an invalid value {field!r}")
    return kind, label


def _reduce(series: list[dict[str, Any]], group_by: list[str]) -> list[dict[str, Any]]:
    """REDUCE_SUM: one series per distinct value of the ``groupByFields`` labels, its
    points summed per aligned interval."""
    fields = [_label_path(f) for f in group_by]
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    sums: dict[tuple[str, ...], dict[tuple[str, str], int]] = {}
    for one in series:
        key = tuple(str(one[kind]["labels"].get(label, "")) for kind, label in fields)
        if key not in groups:
            group: dict[str, Any] = {
                "metric": {"type": one["metric"]["type"], "labels": {}},
                "resource": {"type": one["resource"]["type"], "labels": {}},
                "metricKind": one["metricKind"],
                "valueType": one["valueType"],
            }
            for (kind, label), value in zip(fields, key, strict=True):
                group[kind]["labels"][label] = value
            groups[key] = group
        totals = sums.setdefault(key, {})
        for point in one["points"]:
            at = (point["interval"]["startTime"], point["interval"]["endTime"])
            totals[at] = totals.get(at, 0) + int(point["value"]["int64Value"])
    for key, group in groups.items():
        group["points"] = [
            {"interval": {"startTime": s, "endTime": e}, "value": {"int64Value": str(v)}}
            for (s, e), v in sorted(sums[key].items(), key=lambda kv: kv[0][1], reverse=True)
        ]
    return list(groups.values())


def time_series_list(ctx: RequestContext) -> Response:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    terms = _filter_terms(ctx.param("filter") or "")
    end = _instant(ctx.param("interval.endTime"), "interval.endTime")
    if end is None:
        raise invalid_argument("Field interval.endTime had an invalid value: it is required.")
    start = _instant(ctx.param("interval.startTime"), "interval.startTime") or end
    if start > end:
        raise invalid_argument("Field interval.startTime must not be later than endTime.")
    series = [s for s in _raw_series(ctx.world, rec["projectId"], start, end) if _matches(s, terms)]
    aligner = ctx.param("aggregation.perSeriesAligner") or "ALIGN_NONE"
    reducer = ctx.param("aggregation.crossSeriesReducer") or "REDUCE_NONE"
    period = _seconds(ctx.param("aggregation.alignmentPeriod"), "aggregation.alignmentPeriod")
    if aligner not in ("ALIGN_NONE", "ALIGN_SUM", "ALIGN_DELTA"):
        raise invalid_argument(f"The aligner {aligner} is not supported for this metric here.")
    if aligner != "ALIGN_NONE":
        if not period:
            raise invalid_argument("The alignment period must be set when aligning.")
        series = [_align(s, start, end, period) for s in series]
    if reducer == "REDUCE_SUM":
        if aligner == "ALIGN_NONE":
            raise invalid_argument("A reducer requires a per-series aligner.")
        series = _reduce(series, ctx.params("aggregation.groupByFields"))
    elif reducer != "REDUCE_NONE":
        raise invalid_argument(f"The reducer {reducer} is not supported for this metric here.")
    body = list_body(ctx, "timeSeries", series, 10_000, 100_000)
    if "timeSeries" in body:
        body["unit"] = "1"
    return Response.json(body)


# --- Service Usage v1beta1 ---------------------------------------------------------------


def _override(name: str, value: int) -> dict[str, Any]:
    return {
        "name": f"{name}/producerOverrides/ytemu-grant",
        "overrideValue": str(value),
        "metric": QUOTA_METRIC,
        "unit": DAY_UNIT,
    }


def _metric(world: World, project_id: str) -> dict[str, Any]:
    number = world.ensure_project(project_id).number
    metric_id = QUOTA_METRIC.replace("/", "%2F")
    name = f"projects/{number}/services/{SERVICE}/consumerQuotaMetrics/{metric_id}"
    limit_name = f"{name}/limits/%2Fd%2Fproject"
    effective = world.ensure_project(project_id).daily_quota
    bucket: dict[str, Any] = {"effectiveLimit": str(effective), "defaultLimit": str(DEFAULT_DAILY)}
    if effective > DEFAULT_DAILY:
        # An extension Google granted after a quota audit is a producer override.
        bucket["producerOverride"] = _override(limit_name, effective)
    elif effective < DEFAULT_DAILY:
        bucket["consumerOverride"] = {
            **_override(limit_name, effective),
            "name": f"{limit_name}/consumerOverrides/ytemu-cap",
        }
    return {
        "name": name,
        "metric": QUOTA_METRIC,
        "displayName": "Queries",
        "consumerQuotaLimits": [
            {
                "name": limit_name,
                "metric": QUOTA_METRIC,
                "unit": DAY_UNIT,
                "isPrecise": True,
                "allowsAdminOverrides": True,
                "quotaBuckets": [bucket],
            }
        ],
        "unit": "1/{project}",
    }


def _consumer(ctx: RequestContext) -> str:
    state = CloudState(ctx.world)
    rec = state.accessible(ctx.path_params["project"], caller_account(ctx))
    service = ctx.path_params["service"]
    if service != SERVICE:
        # ytemu models YouTube's quota only: other services list no metrics.
        return ""
    if service not in state.enabled(rec["projectId"]):
        return ""
    return str(rec["projectId"])


def quota_metrics_list(ctx: RequestContext) -> Response:
    project_id = _consumer(ctx)
    metrics = [_metric(ctx.world, project_id)] if project_id else []
    return Response.json(list_body(ctx, "metrics", metrics, 50, 1000))


def quota_metric_get(ctx: RequestContext) -> Response:
    project_id = _consumer(ctx)
    if not project_id or ctx.path_params["metric"] != QUOTA_METRIC:
        raise cloud_error(404, "NOT_FOUND", "Requested entity was not found.")
    return Response.json(_metric(ctx.world, project_id))


# --- admin -------------------------------------------------------------------------------


def spend_elsewhere(world: World, project_id: str, units: int, method: str | None = None) -> int:
    """Charge ``units`` to today's ledger of ``project_id`` as another application's
    calls would (no request is logged); returns the project's total for today."""
    if units <= 0:
        raise errors.bad_request("adminError", "units must be positive")
    world.ensure_project(project_id)
    day = world.today()
    world.quota.add(project_id, day, method or OTHER_APP_METHOD, units)
    return world.quota.used(project_id, day)


def _admin_spend(ctx: RequestContext) -> Response:
    body = ctx.json_object()
    project_id = ctx.path_params["project_id"]
    try:
        units = int(body.get("units", 0))
    except (TypeError, ValueError):
        raise errors.bad_request("adminError", "units must be an integer") from None
    method = body.get("method")
    used = spend_elsewhere(ctx.world, project_id, units, str(method) if method else None)
    return Response.plain_json({"project": project_id, "used": used})


def _admin_grant(ctx: RequestContext) -> Response:
    body = ctx.json_object()
    try:
        limit = int(body.get("daily_limit", 0))
    except (TypeError, ValueError):
        raise errors.bad_request("adminError", "daily_limit must be an integer") from None
    if limit <= 0:
        raise errors.bad_request("adminError", "daily_limit must be positive")
    project = ctx.world.ensure_project(ctx.path_params["project_id"], limit)
    return Response.plain_json({"project": project.id, "daily_limit": project.daily_quota})


def register(router: Router) -> None:
    project = r"projects/(?P<project>[^/:]+)"
    service = r"services/(?P<service>[^/:]+)"
    su, mon = "serviceusage.v1beta1", "monitoring.v3"
    routes: list[tuple[str, str, Any, str]] = [
        (
            f"/v3/{project}/timeSeries",
            "monitoring.projects.timeSeries.list",
            time_series_list,
            mon,
        ),
        (
            f"/v1beta1/{project}/{service}/consumerQuotaMetrics",
            "serviceusage.services.consumerQuotaMetrics.list",
            quota_metrics_list,
            su,
        ),
        (
            f"/v1beta1/{project}/{service}/consumerQuotaMetrics/(?P<metric>[^/]+/[^/]+|[^/]+)",
            "serviceusage.services.consumerQuotaMetrics.get",
            quota_metric_get,
            su,
        ),
    ]
    for path, api_method, handler, doc in routes:
        router.add(
            "GET",
            path,
            api_method,
            handler,
            scopes=discovery.method_scopes(doc, api_method),
            discovery=doc,
        )
    for path, name, handler in (
        ("spend", "quotaSpend", _admin_spend),
        ("grant", "quotaGrant", _admin_grant),
    ):
        router.add(
            "POST",
            rf"/_emu/cloud/quota/(?P<project_id>[^/]+)/{path}",
            f"_emu.cloud.{name}",
            handler,
            auth="none",
            admin=True,
        )
