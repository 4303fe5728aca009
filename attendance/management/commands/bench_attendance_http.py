"""The county's attendance page under concurrent clients, against a real server: starts gunicorn
(``config.wsgi``, DEBUG=0) on this database as a subprocess, logs in over HTTP as a county organisation
department user of the synthetic province (created when missing), then fires requests from concurrent
clients — ``wrk`` when installed (Debian: ``apt-get install wrk``), else stdlib threads — and reports
p50/p95/p99 and requests per second. The clients run on the same machine as the server and PostgreSQL.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from .bench_attendance import bench_county, bench_user

WRK_SCRIPT = """
wrk.method = "GET"
wrk.headers["Cookie"] = "%(cookie)s"
wrk.path = "%(path)s"
%(delay)s
bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local out = io.open("%(out)s", "w")
  out:write(string.format(
    '{"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, "max": %%f, '
    .. '"errors": %%d, "non200": %%d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  out:close()
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


class Command(BaseCommand):
    help = "县在岗情况页并发测试：启动 gunicorn，登录后以并发客户端请求，报告 p50/p95/p99 和吞吐"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, default=6)
        parser.add_argument("--province-code", default="990000")
        parser.add_argument("--clients", type=int, default=32)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn 进程数")
        parser.add_argument("--duration", type=int, default=20, help="wrk 测试秒数")
        parser.add_argument("--requests", type=int, default=1000, help="线程客户端的请求总数")
        parser.add_argument("--client", choices=["auto", "wrk", "threads"], default="auto")
        parser.add_argument(
            "--think-ms",
            type=int,
            default=0,
            help="每个客户端两次请求之间的思考时间（毫秒，线程客户端）；0为不间断压测",
        )
        parser.add_argument("--query", default="", help="附加的查询参数，如 failing=1 或 period=year")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            self.stderr.write("注意：SQLite 数据库，结果不代表生产环境（请用 PostgreSQL 的 DATABASE_URL）")
        _, county = bench_county(options["province_code"])
        password = secrets.token_urlsafe(16)
        user = bench_user(county, password)
        path = f"/attendance/compliance/?county={county.pk}&month={options['year']}-{options['month']:02d}"
        if options["query"]:
            path += "&" + options["query"]
        client = options["client"]
        if client == "auto":
            client = "wrk" if shutil.which("wrk") else "threads"
        if client == "wrk" and not shutil.which("wrk"):
            raise CommandError("没有 wrk：apt-get install -y wrk，或使用 --client threads")
        port = free_port()
        server = self._start(port, options["workers"])
        try:
            base = f"http://127.0.0.1:{port}"
            cookie = self._login(base, user.get_username(), password)
            # Warm every worker (imports, templates, database connections).
            self._threads(base, path, cookie, clients=options["workers"] * 2, total=options["workers"] * 8)
            single = self._threads(base, path, cookie, clients=1, total=30)
            self._report("单个客户端顺序请求", single)
            if client == "wrk":
                result = self._wrk(
                    base, path, cookie, options["clients"], options["duration"], options["think_ms"]
                )
            else:
                result = self._threads(
                    base, path, cookie, options["clients"], options["requests"], options["think_ms"]
                )
            think = f"，每次请求后思考{options['think_ms']} ms" if options["think_ms"] else "，不间断"
            self._report(f"{options['clients']}个并发客户端（{client}{think}）", result)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        cpus = os.cpu_count()
        self.stdout.write(
            f"页面：{path}；gunicorn {options['workers']}个同步进程；本机{cpus}核，客户端、gunicorn 与 PostgreSQL "
            "在同一台机器上争用CPU，结果偏保守。目标：32个并发用户 p95 < 150 ms。"
        )

    def _start(self, port: int, workers: int) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DEBUG": "0",
            "STATIC_MANIFEST": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on the loopback: the session cookie must travel without TLS.
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        }
        if not env["DATABASE_URL"]:
            raise CommandError("请设置 DATABASE_URL（服务器与本命令须使用同一数据库）")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn 启动失败（退出码{server.returncode}）")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn 30秒内未就绪")

    def _login(self, base: str, username: str, password: str) -> str:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{base}/accounts/login/") as response:
            html = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if match is None:
            raise CommandError("登录页没有 CSRF 令牌")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password, "next": "/"}
        ).encode()
        request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": base})
        with opener.open(request) as response:
            response.read()
        cookies = {c.name: c.value for c in jar}
        if settings.SESSION_COOKIE_NAME not in cookies:
            raise CommandError("登录失败：没有会话 cookie")
        return "; ".join(f"{k}={v}" for k, v in cookies.items())

    def _threads(
        self, base: str, path: str, cookie: str, clients: int, total: int, think_ms: int = 0
    ) -> dict[str, Any]:
        host, port = base.removeprefix("http://").split(":")
        per = max(1, total // clients)
        times: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()

        def worker() -> None:
            connection: http.client.HTTPConnection | None = None
            mine: list[float] = []
            for _ in range(per):
                started = time.perf_counter()
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection(host, int(port), timeout=60)
                    connection.request("GET", path, headers={"Cookie": cookie})
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        failures.append(str(response.status))
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                        connection = None
                except (OSError, http.client.HTTPException) as exc:
                    failures.append(type(exc).__name__)
                    connection = None
                mine.append((time.perf_counter() - started) * 1000)
                if think_ms:
                    time.sleep(think_ms / 1000)
            with lock:
                times.extend(mine)

        started = time.perf_counter()
        pool = [threading.Thread(target=worker) for _ in range(clients)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.perf_counter() - started
        if failures:
            raise CommandError(f"{len(failures)}次请求失败：{sorted(set(failures))}")
        return {
            "requests": len(times),
            "seconds": wall,
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
            "max": max(times),
            "errors": 0,
            "non200": 0,
        }

    def _wrk(
        self, base: str, path: str, cookie: str, clients: int, duration: int, think_ms: int = 0
    ) -> dict[str, Any]:
        # wrk's delay() pauses each connection before its next request, like a user reading the page;
        # latencies exclude the pause.
        delay = f"delay = function() return {think_ms} end" if think_ms else ""
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            script = Path(tmp) / "bench.lua"
            script.write_text(WRK_SCRIPT % {"cookie": cookie, "path": path, "out": out, "delay": delay})
            threads = max(1, min(clients, os.cpu_count() or 1))
            subprocess.run(
                ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s", "--timeout", "30s"]
                + ["-s", str(script), base],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            result: dict[str, Any] = json.loads(out.read_text())
        if result["errors"] or result["non200"]:
            raise CommandError(f"wrk：{result['errors']}个连接错误，{result['non200']}个非200响应")
        return result

    def _report(self, label: str, r: dict[str, Any]) -> None:
        self.stdout.write(
            f"{label}：{r['requests']}次请求，p50 {r['p50']:.0f} ms，p95 {r['p95']:.0f} ms，"
            f"p99 {r['p99']:.0f} ms，最大 {r['max']:.0f} ms，{r['requests'] / r['seconds']:.1f} 次/秒"
        )
