"""Time the member-change ledger (ZMD-CHANGE) and the quota/coverage pages (SC-QUOTA, SC-COVER) as a
given login reads them, on whatever the database holds: ``manage.py bench_ledger --user province``."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from teams import changes, quotas
from teams.county_policy import counties_for_user


class Command(BaseCommand):
    help = "Measure the ledger of every county a login reads, and its quota page across counties."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="province", help="the login to read as (default: province)")
        parser.add_argument(
            "--repeat", type=int, default=3, help="runs of each measurement; the best is shown"
        )
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def _best(self, repeat: int, run: Any) -> tuple[float, int, Any]:
        best, queries, result = float("inf"), 0, None
        for _ in range(max(1, repeat)):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = run()
                elapsed = time.perf_counter() - started
            if elapsed < best:
                best, queries = elapsed, len(captured.captured_queries)
        return best, queries, result

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"没有用户 {options['user']}")
        today = options["today"] or timezone.localdate()
        start = today.replace(month=1, day=1)
        counties = list(counties_for_user(user).order_by("path"))

        def ledgers() -> tuple[int, int]:
            members = rows = 0
            for county in counties:
                ledger = changes.ledger(user, county, start=start, end=today, today=today)
                members, rows = members + len(ledger.members), rows + len(ledger.rows)
            return members, rows

        seconds, queries, (members, rows) = self._best(options["repeat"], ledgers)
        self.stdout.write(
            f"ledger: {len(counties)} counties, {members} current members, {rows} changes since {start}: "
            f"{seconds * 1000:.0f} ms, {queries} queries"
        )
        readable = quotas.quota_counties(user, today)
        seconds, queries, groups = self._best(
            options["repeat"], lambda: quotas.province_quotas(user, readable, today)
        )
        units = sum(len(g.units) for g in groups)
        uncovered = sum(len(c.uncovered) for g in groups for c in g.counties)
        self.stdout.write(
            f"quotas: {len(readable)} counties, {units} bound units, {uncovered} poor villages without a team: "
            f"{seconds * 1000:.0f} ms, {queries} queries"
        )
