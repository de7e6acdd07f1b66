"""A private PostgreSQL server for the tests: its own data directory in /tmp and its
own port on 127.0.0.1, from the PostgreSQL binaries (Debian: `apt-get install
postgresql`, which scripts/test.sh does when they are missing). PostgreSQL refuses
to run as root, so as root the server runs as the `postgres` user (or `nobody`)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "ytrix"


def find_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = _free_port()
        self.run_as: str | None = None
        if os.geteuid() == 0:
            names = {p.pw_name for p in pwd.getpwall()}
            self.run_as = "postgres" if "postgres" in names else "nobody"
        self.base = Path(tempfile.mkdtemp(prefix="ytrix-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        if self.run_as is not None:
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, check=check, cwd=self.base, timeout=120
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.base} -c fsync=off -c max_connections=300 "
            "-c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str) -> str:
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def start_server() -> PgServer:
    """A running server, or RuntimeError saying why there is none."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: "
            "apt-get install -y postgresql (scripts/test.sh does it on Debian)"
        )
    server = PgServer(bindir)
    try:
        server.init()
        server.start()
    except subprocess.CalledProcessError as exc:
        log = server.log.read_text() if server.log.exists() else ""
        server.destroy()
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr or exc.stdout}{log}") from None
    return server
