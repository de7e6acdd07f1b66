"""``python -m ytemu serve --port N [--host 127.0.0.1] [--state FILE] [--seed demo]``.

The first line on stdout is ``ytemu listening on http://HOST:PORT`` (flushed), so a
parent process can parse the bound URL when ``--port 0`` is used.  Bad arguments, a port
that cannot be bound and an unreadable ``--state`` file print one ``Error:`` line on
stderr and exit non-zero (2 for usage, 1 otherwise).
"""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import datetime
from types import FrameType
from typing import NoReturn

from ytemu.clock import parse_instant
from ytemu.seed import SEEDS
from ytemu.server import LOOPBACK_HOSTS, EmulatorServer
from ytemu.testing import make_world
from ytemu.world import StateFileError


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other failure of the command."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Error: {message} (see `{self.prog} --help`)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 0..65535")
    return port


def _instant(text: str) -> datetime:
    try:
        return parse_instant(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant (e.g. 2026-12-03T07:59:30Z)"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ytemu", description="Offline YouTube Data API emulator")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = sub.add_parser("serve", help="serve the emulator on a loopback port")
    serve.add_argument("--port", type=_port, default=8765, help="0 picks a free port")
    serve.add_argument("--host", default="127.0.0.1", choices=LOOPBACK_HOSTS)
    serve.add_argument("--state", default=None, help="JSON file to load and persist the world")
    serve.add_argument(
        "--seed",
        default=None,
        choices=sorted(SEEDS),
        help="seed an empty world (ignored when --state exists)",
    )
    serve.add_argument(
        "--clock",
        type=_instant,
        default=None,
        metavar="INSTANT",
        help="set the clock to this ISO-8601 instant (default: now + YTEMU_CLOCK_OFFSET s)",
    )
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        world = make_world(args.seed, args.state)
    except StateFileError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # YTEMU_CLOCK_OFFSET that is not a number
        parser.error(str(exc))
    if args.clock is not None:  # said on the command line: wins over a saved state's clock
        world.clock.set(args.clock)
    try:
        server = EmulatorServer(
            world, host=args.host, port=args.port, state_path=args.state, verbose=args.verbose
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"Error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:  # a SIGTERM right after the line below is still a clean stop
        print(f"ytemu listening on {server.base_url}", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
