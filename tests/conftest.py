"""Shared fixtures: paths, the network guard, and the CLI runner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"
CORPUS = SHARED / "corpus"


def _is_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Tests never reach beyond the loopback interface; any attempt fails loudly and is recorded."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if _is_loopback(address):
            return real_connect(self, address)  # type: ignore[arg-type]
        attempts.append(address)
        raise OSError(f"network access blocked in tests: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield attempts


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed `newsld` command in a subprocess, as a user would."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "newsld", *args], input=stdin, capture_output=True, cwd=cwd, env=full_env,
        timeout=timeout, check=False,
    )  # type: ignore[call-overload, no-any-return]


def decoded(proc: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    import shutil
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    return found


class OxigraphServer:
    """A real `oxigraph serve` on a free loopback port, stopped by its PID."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import time
        import urllib.request
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with opener.open(f"{self.base}/query?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("oxigraph serve exited at start") from None
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not answer within 30 s")

    def stop(self, kill: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server with its data in tmp_path, for one test."""
    server = OxigraphServer(tmp_path / "oxigraph-data")
    server.start()
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- name lookups

def _is_loopback_name(host: object) -> bool:
    if host is None or host in ("", b""):
        return True  # a lookup for binding to a local port
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return isinstance(host, str) and (_is_loopback(host) or host.lower() == "localhost")


@pytest.fixture(autouse=True)
def no_name_lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Tests never hand a name to the resolver unless it is a loopback name; any attempt fails the test."""
    lookups: list[object] = []

    def guard(real: Any) -> Any:
        def lookup(host: object, *args: object, **kwargs: object) -> Any:
            if _is_loopback_name(host):
                return real(host, *args, **kwargs)
            lookups.append(host)
            raise socket.gaierror(socket.EAI_NONAME, f"name lookup blocked in tests: {host!r}")
        return lookup

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, guard(getattr(socket, name)))
    yield lookups
    if lookups:
        pytest.fail(f"the code under test looked up non-loopback names: {lookups!r}")


# ---------------------------------------------------------------- a real Virtuoso

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_BINARY = "virtuoso-t"


def _virtuoso_missing() -> str | None:
    import shutil
    if shutil.which(VIRTUOSO_BINARY) is None or shutil.which("isql-vt") is None or not VIRTUOSO_INI.is_file():
        return ("Virtuoso is not installed: apt-get install virtuoso-opensource (Debian's build, as .ci/run does) "
                "to run these tests")
    return None


class VirtuosoServer:
    """Debian's Virtuoso in its stock configuration, but with its own database directory and free loopback
    ports: the ini is the package's own, with only paths and ports changed. Stopped by its PID."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.sql_port = free_port()
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_ini(self) -> Path:
        stock = "/var/lib/virtuoso-opensource-7/db/"
        lines, section = [], ""
        for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped
            key = stripped.split("=", 1)[0].strip() if "=" in stripped and not stripped.startswith(";") else ""
            if key == "ServerPort" and section == "[Parameters]":
                line = f"ServerPort = 127.0.0.1:{self.sql_port}"
            elif key == "ServerPort" and section == "[HTTPServer]":
                line = f"ServerPort = 127.0.0.1:{self.port}"
            elif key == "DefaultHost" and section == "[URIQA]":
                line = f"DefaultHost = 127.0.0.1:{self.port}"
            lines.append(line.replace(stock, f"{self.location}/"))
        ini = self.location / "virtuoso.ini"
        ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return ini

    def start(self) -> None:
        import time
        import urllib.request
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.write_ini()
        self.log = (self.location / "stdout.log").open("wb")
        self.process = subprocess.Popen([VIRTUOSO_BINARY, "+configfile", str(ini), "+foreground"],
                                        cwd=self.location, stdout=self.log, stderr=subprocess.STDOUT)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with opener.open(f"{self.base}/sparql?query=ASK%7B%7D", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("virtuoso-t exited at start: "
                                       + (self.location / "stdout.log").read_text(errors="replace")[-2000:]) from None
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("Virtuoso did not answer within 120 s")

    def sql(self, statements: str) -> str:
        """Run SQL as dba through isql-vt (users, grants); returns its output."""
        proc = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=60, check=False)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql-vt failed: {proc.stdout}{proc.stderr}")
        return proc.stdout

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None
        if getattr(self, "log", None) is not None:
            self.log.close()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the session, with a read-only account `reader` (SPARQL_SELECT, no SPARQL_UPDATE)."""
    missing = _virtuoso_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; in CI these tests must run")
        pytest.skip(missing)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        server.sql("DB.DBA.USER_CREATE('reader', 'reader-pass-7'); GRANT SPARQL_SELECT TO \"reader\";")
        yield server
    finally:
        server.stop()
