"""HTTP serving: router assembly, the stdlib ``ThreadingHTTPServer`` front end, and
:class:`EmulatorServer` (start/stop, optional ``--state`` persistence).

Routes come from the ``register(router)`` of each feature package's ``routes`` module
(``youtube``, ``oauth``, ``admin``, ``cloud``, ``captions``, ``web``) and of
:mod:`ytemu.batch` and :mod:`ytemu.library`.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ytemu.dispatch import Dispatcher, Outcome
from ytemu.router import Router
from ytemu.world import World

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def build_router() -> Router:
    from ytemu import batch, library
    from ytemu.admin import routes as admin_routes
    from ytemu.captions import routes as captions_routes
    from ytemu.cloud import routes as cloud_routes
    from ytemu.oauth import routes as oauth_routes
    from ytemu.web import routes as web_routes
    from ytemu.youtube import routes as youtube_routes

    router = Router()
    youtube_routes.register(router)
    oauth_routes.register(router)
    batch.register(router)
    admin_routes.register(router)
    cloud_routes.register(router)
    captions_routes.register(router)
    library.register(router)
    web_routes.register(router)
    return router


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ESF"
    sys_version = ""
    server: _HTTPServer

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        outcome = self.server.dispatcher.dispatch(self.command, self.path, headers, body)
        self._send(outcome)

    def _send(self, outcome: Outcome) -> None:
        resp = outcome.response
        if resp is None:
            if outcome.hang_seconds > 0:
                time.sleep(outcome.hang_seconds)
            self._abort(outcome.graceful)
            return
        self.send_response(resp.status)
        for key, value in resp.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(resp.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        # One write for headers and body (no Nagle/delayed-ACK stalls).
        head = b"".join(getattr(self, "_headers_buffer", [])) + b"\r\n"
        self._headers_buffer: list[bytes] = []
        self.wfile.write(head + (resp.body if self.command != "HEAD" else b""))

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _abort(self, graceful: bool) -> None:
        self.close_connection = True
        if graceful:
            return
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"ytemu: {self.address_string()} {format % args}\n")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    dispatcher: Dispatcher
    verbose: bool = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class EmulatorServer:
    """An emulator bound to a loopback port; call :meth:`start` or :meth:`serve_forever`."""

    def __init__(
        self,
        world: World,
        host: str = "127.0.0.1",
        port: int = 0,
        state_path: str | Path | None = None,
        verbose: bool = False,
        save_interval: float = 0.5,
    ) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"ytemu only binds to loopback addresses, not {host!r}")
        self.world = world
        self.router = build_router()
        self.dispatcher = Dispatcher(world, self.router)
        self.state_path = Path(state_path) if state_path else None
        self.save_interval = save_interval
        cls = _HTTPServer6 if host == "::1" else _HTTPServer
        bind_host = "127.0.0.1" if host == "localhost" else host
        self.httpd = cls((bind_host, port), _Handler)
        self.httpd.dispatcher = self.dispatcher
        self.httpd.verbose = verbose
        self.host = bind_host
        self.port = int(self.httpd.server_address[1])
        shown = f"[{bind_host}]" if ":" in bind_host else bind_host
        self.base_url = f"http://{shown}:{self.port}"
        self.dispatcher.base_url = self.base_url
        self._thread: threading.Thread | None = None
        self._saver: threading.Thread | None = None
        self._stopping = threading.Event()
        self._serving = False
        world.state_path = str(self.state_path) if self.state_path else None

    def start(self) -> EmulatorServer:
        """Serve in a daemon thread."""
        self._serving = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self._start_saver()
        return self

    def serve_forever(self) -> None:
        self._start_saver()
        self._serving = True
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.save()

    def _start_saver(self) -> None:
        if self.state_path is None or self._saver is not None:
            return
        self._saver = threading.Thread(target=self._save_loop, daemon=True)
        self._saver.start()

    def _save_loop(self) -> None:
        while not self._stopping.wait(self.save_interval):
            if self.world.dirty:
                self.save()

    def save(self, path: str | Path | None = None) -> Path | None:
        target = Path(path) if path else self.state_path
        if target is None:
            return None
        return self.world.save(target)

    def stop(self) -> None:
        self._stopping.set()
        if self._serving:
            self.httpd.shutdown()
            self._serving = False
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._saver is not None:
            self._saver.join(timeout=5)
        self.save()
