"""Partial responses: Google's ``fields`` query parameter (``items(id,snippet/title),
nextPageToken``), applied to successful JSON responses of discovery-validated routes."""

from __future__ import annotations

import json
from typing import Any

from ytemu import errors
from ytemu.errors import encode_json

Tree = dict[str, "Tree | None"]


def parse_fields(spec: str) -> Tree:
    tree, pos = _parse(spec, 0)
    if pos != len(spec):
        raise _invalid(spec)
    return tree


def _invalid(spec: str) -> errors.ApiError:
    return errors.invalid_parameter("fields", f"Invalid field selection {spec}")


def _parse(spec: str, pos: int) -> tuple[Tree, int]:
    tree: Tree = {}
    while pos < len(spec):
        end = pos
        while end < len(spec) and spec[end] not in ",()":
            end += 1
        path = spec[pos:end].strip()
        pos = end
        sub: Tree | None = None
        if pos < len(spec) and spec[pos] == "(":
            sub, pos = _parse(spec, pos + 1)
            if pos >= len(spec) or spec[pos] != ")":
                raise _invalid(spec)
            pos += 1
        names = [n.strip() for n in path.split("/")]
        if not all(names):
            raise _invalid(spec)
        node: Tree = tree
        for name in names[:-1]:
            child = node.get(name, {})
            if child is None:  # already selected whole
                break
            node[name] = child
            node = child
        else:
            node[names[-1]] = _merge(node.get(names[-1], {}), sub) if names[-1] in node else sub
        if pos < len(spec) and spec[pos] == ",":
            pos += 1
            continue
        if pos < len(spec) and spec[pos] == ")":
            return tree, pos
    return tree, pos


def _merge(a: Tree | None, b: Tree | None) -> Tree | None:
    if a is None or b is None:
        return None
    out = dict(a)
    for key, value in b.items():
        out[key] = _merge(out[key], value) if key in out else value
    return out


def select(obj: Any, tree: Tree | None) -> Any:
    if tree is None:
        return obj
    if isinstance(obj, list):
        return [select(x, tree) for x in obj]
    if isinstance(obj, dict):
        return {k: select(obj[k], sub) for k, sub in tree.items() if k in obj}
    return obj


def apply_fields(spec: str, body: bytes) -> bytes:
    """Filter a JSON body with a ``fields`` spec."""
    tree = parse_fields(spec)
    return encode_json(select(json.loads(body), tree))
