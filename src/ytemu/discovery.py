"""Query validation against the discovery documents bundled with google-api-python-client.

The JSON files are read as data from the installed ``googleapiclient`` package directory
(located with ``importlib.util.find_spec``; the package is not imported).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

from ytemu import errors

_GLOBAL_PARAMS = frozenset(
    {
        "$.xgafv",
        "access_token",
        "alt",
        "callback",
        "fields",
        "key",
        "oauth_token",
        "prettyPrint",
        "quotaUser",
        "upload_protocol",
        "uploadType",
    }
)


def documents_dir() -> Path:
    spec = importlib.util.find_spec("googleapiclient")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("google-api-python-client is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "discovery_cache" / "documents"


@functools.cache
def document(name: str) -> dict[str, Any]:
    """Discovery document ``name`` (e.g. ``"youtube.v3"``)."""
    data: dict[str, Any] = json.loads((documents_dir() / f"{name}.json").read_text("utf-8"))
    return data


def _walk(resources: dict[str, Any], out: dict[str, dict[str, Any]]) -> None:
    for res in resources.values():
        for method in res.get("methods", {}).values():
            out[method["id"]] = method
        _walk(res.get("resources", {}), out)


@functools.cache
def methods(name: str) -> dict[str, dict[str, Any]]:
    """Method id (``youtube.playlistItems.insert``) -> method description."""
    out: dict[str, dict[str, Any]] = {}
    _walk(document(name).get("resources", {}), out)
    return out


def method(name: str, method_id: str) -> dict[str, Any] | None:
    return methods(name).get(method_id)


def method_scopes(name: str, method_id: str) -> tuple[str, ...] | None:
    spec = method(name, method_id)
    if spec is None or "scopes" not in spec:
        return None
    return tuple(spec["scopes"])


@functools.cache
def resource_parts(name: str, schema: str) -> frozenset[str]:
    """Top-level properties usable in ``part`` for a resource schema (minus kind/etag)."""
    props = document(name)["schemas"][schema]["properties"]
    return frozenset(p for p in props if p not in ("kind", "etag"))


def validate_query(name: str, method_id: str, query: dict[str, list[str]]) -> None:
    """Raise the 400 Google sends for a missing/invalid query parameter."""
    spec = method(name, method_id)
    if spec is None:
        return
    params: dict[str, Any] = spec.get("parameters", {})
    for pname, pdesc in params.items():
        if pdesc.get("location") != "query":
            continue
        values = query.get(pname)
        if not values or (pdesc.get("required") and not any(v.strip() for v in values)):
            if pdesc.get("required"):
                raise errors.required_parameter(pname)
            continue
        for value in values:
            _check_value(pname, pdesc, value)


def _check_value(pname: str, pdesc: dict[str, Any], value: str) -> None:
    kind = pdesc.get("type")
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            raise errors.invalid_parameter(
                pname, f"Invalid value '{value}'. Value must be an integer"
            ) from None
        low = pdesc.get("minimum")
        high = pdesc.get("maximum")
        too_low = low is not None and number < int(low)
        too_high = high is not None and number > int(high)
        if too_low or too_high:
            rng = f"[{low if low is not None else ''}, {high if high is not None else ''}]"
            raise errors.invalid_parameter(
                pname, f"Invalid value '{value}'. Values must be within the range: {rng}"
            )
    elif kind == "boolean" and value.lower() not in ("true", "false"):
        raise errors.invalid_parameter(
            pname, f"Invalid value '{value}'. Value must be a boolean (true or false)"
        )
    enum = pdesc.get("enum")
    if enum and value not in enum:
        allowed = ", ".join(enum)
        raise errors.invalid_parameter(
            pname, f"Invalid value '{value}'. Allowed values: [{allowed}]"
        )
