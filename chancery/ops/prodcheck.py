"""`make prod-check`: start the production shape on this machine from the project's own files, smoke-test it,
stop it.

The shape: PostgreSQL (a fresh database), `chancery check --deploy` clean, migrations, `collectstatic`, a
small demo office, gunicorn with several app processes (deploy/gunicorn.conf.py), two background workers on
Redis (RQ), static files from the app processes (WhiteNoise), settings from the environment only, as in
production (debug off, secure cookies, HTTPS as the reverse proxy reports it).

The smoke test, against http://127.0.0.1:<port> as the proxy would reach it:
- /health/live and /health/ready (database, Redis, storage);
- a hashed static file, compressed, cached for a year;
- plain HTTP redirected to HTTPS, and a page behind the proxy's X-Forwarded-Proto;
- signing in through the login form (CSRF, secure session cookie), a page, the case list;
- the API with a token; a list export started through the API, run by a worker on Redis, its file read;
- an app process killed: the master replaces it and requests keep being answered;
- /metrics summing the processes' request and job counters, and the office's clocks.

PostgreSQL at PG_URL (default postgres://postgres@localhost:5432) and Redis at CHANCERY_REDIS_URL (default
redis://127.0.0.1:6379/13) must be running; everything else is started and stopped here.
Exit status 0 when every step passed."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = "chancery_prodcheck"
USER = "chuyenvien.dt"  # a specialist of the petitions unit in the demo office; no second factor asked
PASSWORD = "ChanceryDemo!2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Check:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.started = time.perf_counter()

    def step(self, label: str, test: Callable[[], str | None]) -> None:
        began = time.perf_counter()
        try:
            detail = test() or ""
        except Exception as error:
            self.failures.append(label)
            print(f"  FAIL  {label}: {type(error).__name__}: {error}", flush=True)
        else:
            print(f"  ok    {label} ({time.perf_counter() - began:.1f} s) {detail}", flush=True)


class Browser:
    """A client that behaves as a browser behind the office's HTTPS proxy: it says the request came over
    HTTPS (X-Forwarded-Proto, as the proxy sets it) and keeps the secure cookies it is given."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Referer", "https://127.0.0.1/")
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
        return response


class Shape:
    """The production shape on this machine: a PostgreSQL database, gunicorn's app processes, RQ workers,
    configured from the environment only. `prepare` sets the database up (a fresh one, or the one kept
    from an earlier run), `start` starts the processes, `stop` stops them."""

    def __init__(
        self, database: str, *, web_workers: int = 3, rq_workers: int = 2, redis_db: int = 13
    ) -> None:
        self.pg = os.environ.get("PG_URL", "postgres://postgres@localhost:5432/chancery").rsplit("/", 1)[0]
        self.database = database
        self.work = Path(tempfile.mkdtemp(prefix=f"{database}-"))
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.web_workers, self.rq_workers = web_workers, rq_workers
        self.processes: list[subprocess.Popen[bytes]] = []
        self.web: subprocess.Popen[bytes] | None = None
        redis_url = os.environ.get("CHANCERY_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CHANCERY_", "DJANGO_"))},
            "DATABASE_URL": f"{self.pg}/{database}",
            "CHANCERY_SECRET_KEY": secrets.token_urlsafe(50),
            "CHANCERY_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CHANCERY_TASKS": "redis",
            "CHANCERY_REDIS_URL": redis_url,
            "CHANCERY_VAR_DIR": str(self.work / "var"),
            "CHANCERY_AUDIT_KEY": "chancery-shape-audit-key",
            "CHANCERY_SITE_URL": "https://127.0.0.1",
            "CHANCERY_BIND": f"127.0.0.1:{self.port}",
            "CHANCERY_WEB_WORKERS": str(web_workers),
            # the demo office issues signed documents; an office sets its own PKCS#12 certificate instead
            "CHANCERY_SIGNING_TEST_CERTIFICATE": "1",
            "CHANCERY_LOG_LEVEL": "WARNING",
            "PROMETHEUS_MULTIPROC_DIR": str(self.work / "metrics"),
            "DJANGO_SETTINGS_MODULE": "chancery.settings",
        }

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "chancery"), *args], env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError((done.stdout + done.stderr)[-2000:])
        return done.stdout

    def fresh_database(self) -> None:
        import psycopg
        import redis

        with psycopg.connect(f"{self.pg}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        redis.Redis.from_url(self.env["CHANCERY_REDIS_URL"]).flushdb()

    def database_exists(self) -> bool:
        import psycopg

        with psycopg.connect(f"{self.pg}/postgres", autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database])
            return found.fetchone() is not None

    def drop(self) -> None:
        try:
            import psycopg

            with psycopg.connect(f"{self.pg}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except Exception as error:
            print(f"  (could not drop {self.database}: {error})")

    def start(self) -> None:
        web = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "chancery.wsgi"],
            env=self.env,
            cwd=ROOT,
            stdout=(self.work / "web.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.web = web
        self.processes.append(web)
        for n in range(self.rq_workers):
            self.processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "chancery"),
                        "rqworker",
                        "--job-class",
                        "django_tasks_rq.Job",
                        "--name",
                        f"{self.database}-{n}",
                        "default",
                    ],
                    env=self.env,
                    stdout=(self.work / f"worker-{n}.log").open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
        _wait_live(self.base, web)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def main() -> int:
    shape = Shape(DATABASE)
    check = Check()
    print(f"Production shape on {shape.base}, database {DATABASE}, files in {shape.work}", flush=True)
    try:
        check.step("fresh PostgreSQL database, Redis queue emptied", lambda: shape.fresh_database())
        check.step(
            "chancery check --deploy (fail on warnings)",
            lambda: shape.run("check", "--deploy", "--fail-level", "WARNING") and None,
        )
        check.step("migrate", lambda: shape.run("migrate", "--no-input") and None)
        check.step(
            "collectstatic (hashed, compressed)",
            lambda: shape.run("collectstatic", "--no-input", "-v", "0") and None,
        )
        check.step(
            "a small demo office",
            lambda: (
                shape.run(
                    "demo", "--scale", "300", "--documents", "200", "--honours", "200", "--amnesty", "50"
                )
                and None
            ),
        )
        if check.failures:
            raise SystemExit(_failed(check, shape.work))
        check.step(
            f"gunicorn up ({shape.web_workers} processes) and {shape.rq_workers} RQ workers", shape.start
        )
        if shape.web is not None:
            _smoke(check, shape.base, shape.env, shape.run, shape.web)
    finally:
        shape.stop()
        shape.drop()
    if check.failures:
        return _failed(check, shape.work)
    print(f"prod-check passed in {time.perf_counter() - check.started:.0f} s")
    return 0


def _failed(check: Check, work: Path) -> int:
    seconds = time.perf_counter() - check.started
    print(f"prod-check FAILED ({', '.join(check.failures)}) in {seconds:.0f} s; logs in {work}")
    return 1


def _wait_live(base: str, web: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            if requests.get(base + "/health/live", timeout=5).status_code == 200:
                return ""
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or slow on a loaded machine
            pass
        time.sleep(0.3)
    raise TimeoutError("gunicorn did not answer in 60 s")


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _smoke(
    check: Check, base: str, env: dict[str, str], run: Callable[..., str], web: subprocess.Popen[bytes]
) -> None:
    browser = Browser(base)

    def ready() -> str:
        body = requests.get(base + "/health/ready", timeout=10).json()
        _expect(body["status"] == "ok", str(body))
        return ", ".join(f"{k} {v['detail']} {v['ms']} ms" for k, v in body["checks"].items())

    def static() -> str:
        login = browser.request("GET", "/login/")
        found = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', login.text)
        _expect(found is not None, "no hashed stylesheet on the login page")
        path = found.group(1) if found else ""
        response = browser.request("GET", path, headers={"Accept-Encoding": "gzip, br"})
        _expect(response.status_code == 200, f"{path}: {response.status_code}")
        _expect(
            "immutable" in response.headers.get("Cache-Control", ""),
            response.headers.get("Cache-Control", ""),
        )
        _expect(response.headers.get("Content-Encoding") in {"gzip", "br"}, "not compressed")
        return f"{path} {response.headers['Content-Encoding']}, {response.headers['Cache-Control']}"

    def redirect() -> str:
        plain = requests.get(
            base + "/login/", allow_redirects=False, timeout=10, headers={"Host": "127.0.0.1"}
        )
        _expect(
            plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
            str(plain.status_code),
        )
        return f"-> {plain.headers['Location']}"

    def login() -> str:
        page = browser.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        _expect(token is not None, "no CSRF token on the login form")
        response = browser.request(
            "POST",
            "/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": USER,
                "password": PASSWORD,
            },
        )
        _expect(response.status_code == 302, f"login answered {response.status_code}")
        set_cookie = response.headers.get("Set-Cookie", "")
        _expect(
            "Secure" in set_cookie and "HttpOnly" in set_cookie,
            "the session cookie is not Secure and HttpOnly",
        )
        home = browser.request("GET", "/")
        _expect(home.status_code == 200 and "Đặng Quốc Bảo" in home.text, f"home {home.status_code}")
        listed = browser.request("GET", "/lists/petitions/")
        _expect(listed.status_code == 200, f"case list {listed.status_code}")
        took = listed.elapsed.total_seconds() * 1000
        return f"session cookie Secure, HttpOnly; home and case list 200 (list {took:.0f} ms)"

    api_headers: dict[str, str] = {}

    def api_job() -> str:
        key = run("api_token", USER).split()[2]
        api_headers.update({"Authorization": f"Token {key}", "X-Forwarded-Proto": "https"})
        started = requests.post(
            base + "/api/v1/jobs/",
            json={"kind": "list_export", "params": {"list": "petitions", "query": ""}},
            headers=api_headers,
            timeout=30,
        )
        _expect(started.status_code == 201, f"{started.status_code} {started.text[:300]}")
        job = started.json()
        deadline = time.monotonic() + 120
        while job["status"] in {"queued", "running"} and time.monotonic() < deadline:
            time.sleep(0.5)
            job = requests.get(f"{base}/api/v1/jobs/{job['id']}/", headers=api_headers, timeout=30).json()
        _expect(job["status"] == "done", f"job ended {job['status']}: {job.get('error')}")
        _expect(job["done"] > 0, "the export wrote no rows: the unit's petitions are missing")
        file = requests.get(f"{base}/api/v1/jobs/{job['id']}/file/", headers=api_headers, timeout=30)
        _expect(file.status_code == 200 and file.content[:2] == b"PK", "the export is not an Excel file")
        return f"job #{job['id']} done by a worker, {job['done']} rows, {len(file.content):,} bytes"

    def kill_a_process() -> str:
        import psutil

        children = psutil.Process(web.pid).children()
        _expect(len(children) == 3, f"{len(children)} app processes")
        victim = children[0].pid
        os.kill(victim, signal.SIGKILL)
        answered = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if requests.get(base + "/health/live", timeout=5).status_code == 200:
                answered += 1
            now = {p.pid for p in psutil.Process(web.pid).children()}
            if len(now) == 3 and victim not in now and answered >= 20:
                return f"process {victim} killed, replaced; {answered} requests answered meanwhile"
            time.sleep(0.05)
        raise AssertionError("the killed process was not replaced")

    def metrics() -> str:
        text = requests.get(base + "/metrics", timeout=30).text
        served = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("django_http_requests_total_by_view_transport_method_total{")
        )
        jobs_done = [line for line in text.splitlines() if line.startswith("chancery_jobs_finished_total{")]
        _expect(served >= 20, f"only {served} requests counted")
        _expect(
            any('kind="list_export"' in line and 'status="done"' in line for line in jobs_done),
            "no job counted",
        )
        _expect("chancery_clocks_running{" in text, "no clocks")
        return f"{served:.0f} requests summed over the processes, jobs {len(jobs_done)} series, clocks"

    check.step("/health/ready: database, Redis, storage", ready)
    check.step("static file hashed, compressed, cached for a year", static)
    check.step("plain HTTP redirected to HTTPS", redirect)
    check.step("sign in through the form; home page and case list", login)
    check.step("API token; list export queued on Redis, run by a worker, file read", api_job)
    check.step("an app process killed mid-service is replaced", kill_a_process)
    check.step("/metrics: requests and jobs summed over processes, clocks", metrics)


if __name__ == "__main__":
    sys.exit(main())
