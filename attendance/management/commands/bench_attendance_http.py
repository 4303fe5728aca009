"""The county's attendance page under concurrent clients, against a real server (issue 15's targets).

Builds the synthetic province (``synth_province``: counties of 150 teams) when it is missing, then
measures each request's CPU in this process, one at a time — a logged-in page whose view does nothing
(what every page pays before its view) and the county page, with their query counts (``--profile``:
cProfile's top functions). Then starts gunicorn (``config.wsgi``, DEBUG=0) on this database as a
subprocess, logs in over HTTP as a county organisation department user of the first county, and runs
``wrk`` (a system tool: ``apt-get install -y wrk``; ``--client threads`` for stdlib threads instead) with
32 connections, once without pause and once with a 1 s reading pause per connection (wrk's ``delay``),
and reports requests per second and p50/p95/p99 from wrk's latency histogram. The clients run on the
same machine as the server and PostgreSQL.
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
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from teams.models import Region, Team

from .bench_attendance import (
    TRIVIAL_PAGE,
    bench_county,
    bench_user,
    page_client,
    profile_requests,
    request_cost,
)

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


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (Linux /proc); 0 for a process gone or elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(master: int) -> tuple[float, float]:
    """CPU seconds used so far by the gunicorn workers under ``master`` and by the PostgreSQL backends of
    this database (the workers' connections): the server's cost, whatever else shares the machine."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                workers.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    backends: list[int] = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
    return sum(map(_cpu_seconds, workers)), sum(map(_cpu_seconds, backends))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


class Command(BaseCommand):
    help = (
        "县在岗情况页并发测试：合成150支工作队的县（没有时先生成），进程内测每次请求的CPU，再启动 gunicorn，"
        "登录后用 wrk 以并发连接请求（不间断和每次读1秒两种），报告吞吐和 p50/p95/p99"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--month", type=int, default=6)
        parser.add_argument("--province-code", default="990000")
        parser.add_argument(
            "--teams",
            type=int,
            default=1500,
            help="没有合成省份时先生成的工作队数（每县150支；默认1500即10个县，测第一个县）",
        )
        parser.add_argument("--clients", type=int, default=32)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn 进程数")
        parser.add_argument("--duration", type=int, default=20, help="wrk 每轮测试秒数")
        parser.add_argument("--requests", type=int, default=1000, help="线程客户端每轮的请求总数")
        parser.add_argument("--client", choices=["wrk", "threads"], default="wrk")
        parser.add_argument(
            "--think-ms",
            type=int,
            nargs="+",
            default=[0, 1000],
            help="每个连接两次请求之间的停顿（毫秒），每个值测一轮；0为不间断压测（默认 0 1000）",
        )
        parser.add_argument("--query", default="", help="附加的查询参数，如 failing=1 或 period=year")
        parser.add_argument("--repeat", type=int, default=50, help="进程内测CPU的请求次数")
        parser.add_argument("--profile", action="store_true", help="进程内用 cProfile 列出最耗时的函数")
        parser.add_argument(
            "--no-server", action="store_true", help="只测进程内的每次请求CPU，不启动 gunicorn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        out = self.stdout.write
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            self.stderr.write("注意：SQLite 数据库，结果不代表生产环境（请用 PostgreSQL 的 DATABASE_URL）")
        client = options["client"]
        if client == "wrk" and not options["no_server"] and not shutil.which("wrk"):
            raise CommandError(
                "没有 wrk（并发测试用的系统工具，不是本项目的依赖）：apt-get install -y wrk；"
                "或加 --client threads（Python 线程客户端，本身占CPU，结果不能与目标比较）"
            )
        if not Region.objects.filter(code=options["province_code"]).exists():
            out(f"没有合成省份{options['province_code']}：先生成{options['teams']}支工作队（synth_province）")
            call_command(
                "synth_province",
                teams=options["teams"],
                year=options["year"],
                province_code=options["province_code"],
                stdout=self.stdout,
            )
        _, county = bench_county(options["province_code"])
        path = f"/attendance/compliance/?county={county.pk}&month={options['year']}-{options['month']:02d}"
        if options["query"]:
            path += "&" + options["query"]
        teams = Team.objects.filter(village__township__parent=county).count()
        out(f"数据库：{connection.vendor}；县：{county.name}（{teams}支工作队）；页面：{path}")
        self._in_process(county, path, options["repeat"], options["profile"])
        if options["no_server"]:
            return
        password = secrets.token_urlsafe(16)
        user = bench_user(county, password)
        port = free_port()
        server = self._start(port, options["workers"])
        results: list[tuple[int, dict[str, Any]]] = []
        try:
            base = f"http://127.0.0.1:{port}"
            cookie = self._login(base, user.get_username(), password)
            # Warm every worker (imports, templates, database connections).
            self._threads(base, path, cookie, clients=options["workers"] * 2, total=options["workers"] * 8)
            single = self._threads(base, path, cookie, clients=1, total=30)
            self._report("单个客户端顺序请求", single)
            for think_ms in options["think_ms"]:
                cpu_before = server_cpu(server.pid)
                if client == "wrk":
                    result = self._wrk(base, path, cookie, options["clients"], options["duration"], think_ms)
                else:
                    result = self._threads(
                        base, path, cookie, options["clients"], options["requests"], think_ms
                    )
                cpu_after = server_cpu(server.pid)
                result["cpu"] = tuple(b - a for a, b in zip(cpu_before, cpu_after, strict=True))
                think = f"每个连接每次请求后停顿{think_ms} ms" if think_ms else "不间断"
                self._report(f"{options['clients']}个并发连接（{client}，{think}）", result)
                results.append((think_ms, result))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        out(
            f"gunicorn {options['workers']}个同步进程；本机{os.cpu_count()}核，wrk、gunicorn 与 PostgreSQL 在同一台"
            "机器上争用CPU。目标（issue 15，32个连接）：不间断 ≥ 150 次/秒且 p95 < 300 ms；每次停顿1秒 p95 < 60 ms。"
        )
        for think_ms, r in results:
            if think_ms == 0:
                met = r["requests"] / r["seconds"] >= 150 and r["p95"] < 300
                out(f"不间断：{'达到' if met else '未达到'}目标")
            elif think_ms == 1000:
                out(f"停顿1秒：{'达到' if r['p95'] < 60 else '未达到'}目标")

    def _in_process(self, county: Region, path: str, repeat: int, profile: bool) -> None:
        """Each request's CPU in this process, one at a time (no server, no concurrency): any logged-in
        page's own cost (a page whose view does nothing) and the county page's."""
        client = page_client(bench_user(county))
        for label, url in (("空页面（登录后任何页面的固定开销）", TRIVIAL_PAGE), ("县在岗情况页", path)):
            cost = request_cost(client, url, repeat)
            self.stdout.write(
                f"进程内·{label}：每次请求CPU {cost['cpu']:.1f} ms，用时 {cost['wall']:.1f} ms（{repeat}次中位数），"
                f"{cost['queries']}次查询"
            )
            if profile:
                profile_requests(client, url, repeat, self.stdout)

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
            run = subprocess.run(
                ["wrk", "--latency", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s"]
                + ["--timeout", "30s", "-s", str(script), base],
                check=True,
                capture_output=True,
                text=True,
            )
            if self.verbosity > 1:
                self.stdout.write(run.stdout)
            result: dict[str, Any] = json.loads(out.read_text())
        if result["errors"] or result["non200"]:
            raise CommandError(f"wrk：{result['errors']}个连接错误，{result['non200']}个非200响应")
        return result

    def _report(self, label: str, r: dict[str, Any]) -> None:
        self.stdout.write(
            f"{label}：{r['requests']}次请求，p50 {r['p50']:.0f} ms，p95 {r['p95']:.0f} ms，"
            f"p99 {r['p99']:.0f} ms，最大 {r['max']:.0f} ms，{r['requests'] / r['seconds']:.1f} 次/秒"
        )
        if "cpu" in r and r["requests"]:
            web, db = (seconds * 1000 / r["requests"] for seconds in r["cpu"])
            cores = os.cpu_count() or 1
            self.stdout.write(
                f"  服务器每次请求CPU：gunicorn {web:.1f} ms + PostgreSQL {db:.1f} ms"
                f"（不受同机其他负载影响的指标；{cores}核全部用于服务时上限约 {cores * 1000 / (web + db):.0f} 次/秒）"
            )
