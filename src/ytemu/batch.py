"""The multipart ``/batch`` endpoint (``/batch`` and ``/batch/youtube/v3``).

Each ``application/http`` part is dispatched as an ordinary request through the full
pipeline, so it is authenticated (its own ``Authorization`` header, else the outer one),
faulted, metered and logged exactly like a direct call: a batch saves round trips, never
quota.  A part whose fault says "drop"/"hang" answers 503 inside the batch instead.
Remember that googleapiclient's ``new_batch_http_request()`` ignores ``api_endpoint``;
use ``BatchHttpRequest(callback, batch_uri=base_url + "/batch")``.
"""

from __future__ import annotations

import re
import secrets
from email.message import Message
from email.parser import BytesParser
from http import HTTPStatus

from ytemu import errors
from ytemu.dispatch import Dispatcher
from ytemu.router import RequestContext, Response, Router

MAX_PARTS = 1000
_BLANK = re.compile(rb"\r?\n\r?\n")


def _parse_part(payload: bytes) -> tuple[str, str, dict[str, str], bytes]:
    """Split one ``application/http`` part into method, target, headers and body."""
    pieces = _BLANK.split(payload, maxsplit=1)
    body = pieces[1] if len(pieces) > 1 else b""
    lines = pieces[0].decode("utf-8", "replace").splitlines()
    method, target = lines[0].split(" ")[:2]
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key.strip():
            headers[key.strip().lower()] = value.strip()
    length = headers.get("content-length")
    if length is not None and length.isdigit():
        body = body[: int(length)]
    return method, target, headers, body


def _render(content_id: str, resp: Response) -> bytes:
    try:
        phrase = HTTPStatus(resp.status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {resp.status} {phrase}"]
    lines += [f"{k}: {v}" for k, v in resp.headers.items()]
    lines.append(f"Content-Length: {len(resp.body)}")
    head = "Content-Type: application/http\r\n"
    head += f"Content-ID: <response-{content_id.strip().lstrip('<').rstrip('>')}>\r\n\r\n"
    return (head + "\r\n".join(lines) + "\r\n\r\n").encode() + resp.body + b"\r\n"


def batch(ctx: RequestContext) -> Response:
    dispatcher: Dispatcher = ctx.dispatcher
    ctype = ctx.headers.get("content-type", "")
    if "multipart/mixed" not in ctype.lower():
        raise errors.bad_request("badContent", "Batch requests must be multipart/mixed.")
    envelope = BytesParser().parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + ctx.body)
    parts = envelope.get_payload() if envelope.is_multipart() else []
    if not isinstance(parts, list) or not parts:
        raise errors.bad_request("badContent", "The batch request contains no parts.")
    if len(parts) > MAX_PARTS:
        raise errors.bad_request(
            "batchSizeTooLarge", f"A batch request cannot contain more than {MAX_PARTS} calls."
        )
    outer_auth = ctx.headers.get("authorization")
    boundary = "batch_" + secrets.token_hex(12)
    chunks: list[bytes] = []
    for part in parts:
        assert isinstance(part, Message)
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else str(part.get_payload()).encode()
        method, target, headers, body = _parse_part(payload)
        if outer_auth and "authorization" not in headers:
            headers["authorization"] = outer_auth
        outcome = dispatcher.dispatch(method, target, headers, body)
        resp = outcome.response or Response.from_error(errors.service_unavailable())
        chunks.append(f"--{boundary}\r\n".encode() + _render(part.get("Content-ID", ""), resp))
    chunks.append(f"--{boundary}--\r\n".encode())
    ctype_out = f"multipart/mixed; boundary={boundary}"
    return Response(200, b"".join(chunks), {"Content-Type": ctype_out})


def register(router: Router) -> None:
    router.add("POST", r"/batch(?:/youtube/v3)?", "batch", batch, auth="none", passthrough=True)
