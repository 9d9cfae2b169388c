"""The production shape on loopback: deploy/nginx/myg.conf (the very file a city installs) in
front of two API workers on one fresh PostgreSQL database and the web app, as the systemd units
in deploy/systemd/ run them. Everything below goes through nginx, over TLS with a throw-away
certificate: sign in, book a slot, and a chat whose citizen is on one worker and whose officer
is on the other.

Which worker answered is read from `X-MYG-Worker` (an opaque id each process makes at start,
myg_app/launcher.py): a socket is reopened until it lands on the worker it is meant for, so the
chat crosses workers every run, whatever nginx's round robin did before.

Needs nginx (Debian's `nginx` package) and PostgreSQL (`MYG_TEST_DATABASE_URL`, used only to
create and drop a database of its own): skipped without them, failed in CI.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from myg_app.server.seed import DEFAULT_DEMO_PASSWORD
from tests.e2e.conftest import REQUIRE_BROWSER, free_port, wait_until_up
from tests.free_slots import free_run, later_free_days, months_ahead

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "myg.conf"
SECRET = "deploy-test-secret-0123456789-abcdefghijklmnop"
PASSWORD = "deploy-pass-2026"
PG_BASE_URL = os.environ.get("MYG_TEST_DATABASE_URL")

pytestmark = pytest.mark.xdist_group("deploy")  # its own worker slot, not the browser tests'


def nginx_path() -> str | None:
    for c in (os.environ.get("MYG_NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if c and Path(c).exists():
            return c
    return None


def _missing(what: str) -> None:
    if REQUIRE_BROWSER:  # CI: a missing part is a failure, never a skip
        pytest.fail(what)
    pytest.skip(what)


# --- rendering the site for loopback -------------------------------------------------------

def _sub(pattern: str, repl: str, text: str) -> str:
    """re.sub that insists on a match: an edit of myg.conf the test no longer understands fails
    here instead of quietly testing something else."""
    out, n = re.subn(pattern, repl, text, flags=re.M)
    assert n, f"deploy/nginx/myg.conf: nothing matches {pattern!r}"
    return out


def _upstream(conf: str, name: str, ports: list[int]) -> str:
    """The upstream's `server ...; # EDIT` lines replaced by one line per port (the first line's
    parameters kept)."""
    m = re.search(rf"^upstream {name} \{{\n(.*?)^\}}", conf, re.M | re.S)
    assert m, f"deploy/nginx/myg.conf: no upstream {name}"
    lines = m.group(1).splitlines()
    edit = [ln for ln in lines if re.match(r"\s*server \S+.*# EDIT$", ln)]
    assert edit, f"deploy/nginx/myg.conf: upstream {name} has no `server ...;  # EDIT` line"
    servers = [re.sub(r"server [^\s;]+", f"server 127.0.0.1:{p}", edit[0], count=1) for p in ports]
    rest = [ln for ln in lines if ln not in edit]
    return conf[:m.start(1)] + "\n".join(servers + rest) + "\n" + conf[m.end(1):]


def render_site(*, api_ports: list[int], web_port: int, http_port: int, https_port: int,
                cert: Path, key: Path, logs: Path) -> str:
    conf = SITE.read_text(encoding="utf-8")
    conf = _upstream(conf, "myg_api", api_ports)
    conf = _upstream(conf, "myg_web", [web_port])
    conf = _sub(r"^\s*listen \[::\]:(80|443)\b[^;]*;\n", "", conf)  # no IPv6 in every container
    conf = _sub(r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{http_port};", conf)
    conf = _sub(r"^(\s*)listen 443 ", rf"\g<1>listen 127.0.0.1:{https_port} ", conf)
    conf = _sub(r"^(\s*)ssl_certificate\s+\S+;", rf"\g<1>ssl_certificate {cert};", conf)
    conf = _sub(r"^(\s*)ssl_certificate_key\s+\S+;", rf"\g<1>ssl_certificate_key {key};", conf)
    conf = _sub(r"^(\s*)access_log\s+\S+", rf"\g<1>access_log {logs / 'access.log'}", conf)
    conf = _sub(r"^(\s*)error_log\s+\S+", rf"\g<1>error_log {logs / 'error.log'}", conf)
    return conf


def nginx_main_conf(prefix: Path, site: Path, connections: int = 768) -> str:
    """What /etc/nginx/nginx.conf gives the site on Debian (one worker process per core, 768
    connections each), with every path in `prefix`. README 운영 배포 raises the connections for
    a busy day; the load benchmark does the same."""
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    # As root the workers would switch to "nobody" and could not use the temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes auto;
daemon off;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'logs' / 'main-error.log'} warn;
events {{ worker_connections {connections}; }}
http {{
    {mime}
    default_type application/octet-stream;
    sendfile on;
    access_log off;
{temp}
    include {site};
}}
"""


def make_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it: (ca, cert, key) files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "MY광양 test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    paths = folder / "ca.pem", folder / "fullchain.pem", folder / "privkey.pem"
    paths[0].write_bytes(ca.public_bytes(pem))
    paths[1].write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    paths[2].write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    paths[2].chmod(0o600)
    return paths


def start_nginx(nginx: str, tmp: Path, *, api_ports: list[int], web_port: int, http_port: int,
                https_port: int, connections: int = 768) -> tuple[subprocess.Popen, ssl.SSLContext]:
    """deploy/nginx/myg.conf over TLS in `tmp` (logs in tmp/logs), in front of these ports:
    nginx's process and a TLS context that trusts its throw-away certificate."""
    logs = tmp / "logs"
    ca, cert, key = make_certificate(tmp)
    site = tmp / "myg.conf"
    site.write_text(render_site(api_ports=api_ports, web_port=web_port, http_port=http_port,
                                https_port=https_port, cert=cert, key=key, logs=logs),
                    encoding="utf-8")
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / kind).mkdir()
    main_conf = tmp / "nginx.conf"
    main_conf.write_text(nginx_main_conf(tmp, site, connections), encoding="utf-8")
    cmd = [nginx, "-p", str(tmp), "-c", str(main_conf), "-e", str(logs / "main-error.log")]
    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refused the rendered site:\n{check.stderr}"
    proc = subprocess.Popen(cmd, stdout=open(logs / "nginx.out", "w"), stderr=subprocess.STDOUT)
    return proc, ssl.create_default_context(cafile=str(ca))


def wait_for_nginx(proc: subprocess.Popen, public: str, tls: ssl.SSLContext, logs: Path) -> None:
    """Until nginx's TLS side answers the API's health check (the workers are up already)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(public + "/api/v1/health", verify=tls).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"nginx did not start, see {logs}")
        time.sleep(0.1)


# --- the stack -----------------------------------------------------------------------------

@dataclass
class Stack:
    url: str  # https://127.0.0.1:<port>: nginx, the public side
    http_url: str  # http://127.0.0.1:<port>: nginx's plain-HTTP side (redirects)
    workers: list[str]  # the two workers' X-MYG-Worker ids, A then B
    tls: ssl.SSLContext  # trusts the throw-away CA only
    logs: Path
    pids: list[int]  # worker A, worker B, the web app, nginx's master

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, verify=self.tls, timeout=15)


def _database(admin_url: str, name: str, *, create: bool) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if create:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=str(ROOT),
                            env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def _stop_all(procs: list[subprocess.Popen], grace: float = 5) -> None:
    """SIGTERM to all at once; what still runs after `grace` seconds is killed, as systemd's
    TimeoutStopSec does (an open web-app socket holds the web app's graceful stop)."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + grace
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    nginx = nginx_path()
    if nginx is None:
        _missing("nginx is not installed (apt-get install nginx)")
    if not PG_BASE_URL:
        _missing("needs PostgreSQL: set MYG_TEST_DATABASE_URL (see .ci/run)")
    with running_stack(nginx, tmp_path_factory.mktemp("deploy")) as s:
        yield s


@contextmanager
def running_stack(nginx: str, tmp: Path, extra_env: dict | None = None,
                  connections: int = 768) -> Iterator[Stack]:
    """nginx, two API workers on a new PostgreSQL database and the web app, on loopback; all
    stopped and the database dropped afterwards (the load benchmark uses it too)."""
    from sqlalchemy.engine import make_url

    assert PG_BASE_URL
    logs = tmp / "logs"
    logs.mkdir()
    db_name = f"myg_deploy_{uuid.uuid4().hex[:10]}"
    db_url = make_url(PG_BASE_URL).set(database=db_name).render_as_string(hide_password=False)
    api_ports, web_port = [free_port(), free_port()], free_port()
    http_port, https_port = free_port(), free_port()
    public = f"https://127.0.0.1:{https_port}"
    base_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("MYG_", "PROMETHEUS_")) and k not in ("DISPLAY",
                                                                             "WAYLAND_DISPLAY")}
    base_env.update(MYG_PARTNER_DEMO="0", FLET_WEB_NO_CDN="1")
    # What /etc/myg/myg.env gives every worker: one database, one key, one data folder.
    api_env = base_env | dict(MYG_DATABASE_URL=db_url, MYG_SECRET_KEY=SECRET,
                              MYG_DATA_DIR=str(tmp / "data"), MYG_PASSWORD_HASH_FAST="1")
    api_env |= extra_env or {}
    procs: list[subprocess.Popen] = []
    t0 = time.monotonic()
    _database(PG_BASE_URL, db_name, create=True)
    try:
        # Both workers start at once on the empty database, as systemd starts them at boot.
        for i, port in enumerate(api_ports):
            procs.append(_start(["--backend-only", "--host", "127.0.0.1", "--port", str(port)],
                                api_env, logs / f"worker-{'ab'[i]}.log"))
        web = _start(["--web", "--host", "127.0.0.1", "--port", str(web_port),
                      "--api-url", public], base_env, logs / "web.log")
        procs.append(web)

        proxy, tls = start_nginx(nginx, tmp, api_ports=api_ports, web_port=web_port,
                                 http_port=http_port, https_port=https_port,
                                 connections=connections)
        procs.append(proxy)

        workers = []
        for i, port in enumerate(api_ports):
            url = f"http://127.0.0.1:{port}/api/v1/health"
            wait_until_up(procs[i], url, logs / f"worker-{'ab'[i]}.log", f"worker {'ab'[i]}")
            workers.append(httpx.get(url).headers["X-MYG-Worker"])
        assert len(set(workers)) == 2, workers
        wait_until_up(web, f"http://127.0.0.1:{web_port}/", logs / "web.log", "web app")
        wait_for_nginx(proxy, public, tls, logs)
        print(f"nginx, two workers and the web app up in {time.monotonic() - t0:.1f} s")
        yield Stack(public, f"http://127.0.0.1:{http_port}", workers, tls, logs,
                    [p.pid for p in procs])
    finally:
        t1 = time.monotonic()
        _stop_all(procs)
        _database(PG_BASE_URL, db_name, create=False)
        print(f"stopped and dropped in {time.monotonic() - t1:.1f} s")


# --- helpers -------------------------------------------------------------------------------

def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_citizen(c: httpx.Client, name: str) -> str:
    """Register, then sign in as a person would: the access token of the sign-in."""
    email = f"deploy-{uuid.uuid4().hex[:8]}@example.com"
    r = c.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": name})
    assert r.status_code == 201, r.text
    return sign_in(c, email, PASSWORD)


def sign_in(c: httpx.Client, email: str, password: str) -> str:
    r = c.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def socket_on(stack: Stack, worker: str, token: str):
    """A chat socket through nginx that landed on `worker` (reopened until it does)."""
    from websockets.sync.client import connect

    for _ in range(20):
        try:
            ws = connect(stack.url.replace("https", "wss") + "/api/v1/chat/ws", ssl=stack.tls,
                         open_timeout=10).__enter__()
        except TimeoutError:  # a handshake lost on a machine busy with the other test worker
            continue
        if ws.response.headers.get("X-MYG-Worker") == worker:
            ws.send(json.dumps({"type": "auth", "token": token}))
            assert json.loads(ws.recv(timeout=10))["type"] == "ready"
            return ws
        ws.close()
    raise AssertionError(f"no chat socket landed on worker {worker} in 20 tries")


def next_frame(ws, kind: str, timeout: float = 10) -> dict:
    end = time.monotonic() + timeout
    while True:
        frame = json.loads(ws.recv(timeout=max(0.1, end - time.monotonic())))
        if frame["type"] == kind:
            return frame


# --- the tests -----------------------------------------------------------------------------

def test_plain_http_redirects_and_https_carries_hsts_and_the_public_address(stack):
    r = httpx.get(stack.http_url + "/api/v1/health?x=1", follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == "https://127.0.0.1/api/v1/health?x=1"
    with stack.client() as c:
        r = c.get("/api/v1/health")
        assert r.status_code == 200 and r.json()["database"] == "postgresql"
        assert r.headers["strict-transport-security"].startswith("max-age=")
        assert r.headers["server"] == "nginx"  # no version number
        # The workers see the address the citizen used (Host, X-Forwarded-Proto): the OIDC
        # issuer they derive from it is nginx's https address, not a worker's port.
        assert c.get("/.well-known/openid-configuration").json()["issuer"] == stack.url


def test_json_is_gzipped_metrics_stay_inside_and_body_limits_fit_the_photos(stack):
    with stack.client() as c:
        r = c.get("/api/v1/reservations/resources", headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert r.headers["content-encoding"] == "gzip" and r.json()["items"]
        assert c.get("/metrics").status_code == 403  # nginx refuses it, the workers never see it

        # A photo at the contracts' limit (10 MB, base64 in JSON) reaches the API, which
        # answers itself (here: sign in first); a bigger body gets nginx's Korean problem.
        photo = {"filename": "a.jpg", "content_base64": "A" * 14_000_000}
        r = c.post("/api/v1/reports/photos", json=photo)
        assert r.status_code == 401 and r.json()["code"] != "request_too_large"
        r = c.post("/api/v1/reports/photos", content=b"x" * (17 * 1024 * 1024),
                   headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "request_too_large" and "10MB" in r.json()["detail"]


def test_sign_in_and_book_a_slot_through_nginx(stack):
    with stack.client() as c:
        h = bearer(new_citizen(c, "배포시민"))
        court = next(x for x in c.get("/api/v1/reservations/resources",
                                      params={"kind": "sports"}).json()["items"])
        day = label = None
        for month in months_ahead():
            days = c.get(f"/api/v1/reservations/resources/{court['id']}/month",
                         params={"month": month}).json()
            for d in later_free_days(days):
                run = free_run(c.get(f"/api/v1/reservations/resources/{court['id']}/day",
                                     params={"day": d}).json(), 1)
                if run:
                    day, (label,) = d, run
                    break
            if day:
                break
        assert day, "no free slot in three months"
        key = {"Idempotency-Key": uuid.uuid4().hex}
        body = {"resource_id": court["id"], "day": day, "start": label, "resident": True}
        r = c.post("/api/v1/reservations/bookings", json=body, headers=h | key)
        assert r.status_code == 201, r.text
        booking = r.json()
        assert booking["status"] == "confirmed" and f"{label}~" in booking["when_ko"]
        # A retry (the same key, likely on the other worker) is the same booking.
        again = c.post("/api/v1/reservations/bookings", json=body, headers=h | key)
        assert again.json()["id"] == booking["id"]
        mine = c.get("/api/v1/reservations/bookings/mine", headers=h).json()
        assert [b["id"] for b in mine["upcoming"]] == [booking["id"]]


def test_chat_between_a_citizen_on_one_worker_and_an_officer_on_the_other(stack):
    a, b = stack.workers
    with stack.client() as c:
        citizen = new_citizen(c, "채팅시민")
        officer = sign_in(c, "officer@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
        conv = c.post("/api/v1/chat/conversations", json={}, headers=bearer(citizen)).json()

    officer_ws = socket_on(stack, b, officer)
    citizen_ws = socket_on(stack, a, citizen)
    try:
        officer_ws.send(json.dumps({"type": "subscribe_queue"}))
        citizen_ws.send(json.dumps({"type": "subscribe", "conversation_id": conv["id"],
                                    "after_seq": 0}))
        next_frame(citizen_ws, "caught_up")

        # Citizen on A writes: the officer's queue on B hears it.
        citizen_ws.send(json.dumps({"type": "send", "conversation_id": conv["id"],
                                    "client_msg_id": "dep-000001", "body": "주차 요금 문의"}))
        assert next_frame(citizen_ws, "ack")["seq"] >= 1
        assert next_frame(officer_ws, "queue")["conversation_id"] == conv["id"]
        officer_ws.send(json.dumps({"type": "subscribe", "conversation_id": conv["id"],
                                    "after_seq": 0}))
        assert next_frame(officer_ws, "message")["message"]["body"] == "주차 요금 문의"

        # Officer on B answers: the citizen on A receives it live.
        officer_ws.send(json.dumps({"type": "send", "conversation_id": conv["id"],
                                    "client_msg_id": "dep-000002", "body": "교통과로 안내드립니다."}))
        frame = next_frame(citizen_ws, "message")
        while frame["message"]["sender"] != "officer":  # after hours an automatic reply comes
            frame = next_frame(citizen_ws, "message")
        assert frame["message"]["body"] == "교통과로 안내드립니다."
        # And the citizen's next line, on A, reaches B again.
        citizen_ws.send(json.dumps({"type": "send", "conversation_id": conv["id"],
                                    "client_msg_id": "dep-000003", "body": "감사합니다"}))
        got = next_frame(officer_ws, "message")
        while got["message"]["sender"] != "citizen" or got["message"]["body"] != "감사합니다":
            got = next_frame(officer_ws, "message")
    finally:
        citizen_ws.close()
        officer_ws.close()


def test_alert_stream_and_web_app_pass_through(stack):
    from websockets.sync.client import connect

    # SSE: the first frame arrives at once (no buffering, no gzip on the stream).
    with stack.client() as c, c.stream("GET", "/api/v1/alerts/stream",
                                       headers={"Accept-Encoding": "gzip"}) as r:
        assert r.status_code == 200 and "content-encoding" not in r.headers
        lines = r.iter_lines()
        assert any(line == "event: ready" for _, line in zip(range(10), lines))
    # The web app's shell and its own socket (Flet's /ws).
    with stack.client() as c:
        r = c.get("/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    with connect(stack.url.replace("https", "wss") + "/ws", ssl=stack.tls, open_timeout=10):
        pass
