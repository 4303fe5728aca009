import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from assessment.demo import assessment_logins, build_assessment_demo
from assessment.reports_demo import build_reports_demo
from attendance.leave.demo import LEAVE_LOGINS, build_leave_demo
from funding.allowance_demo import build_allowance_demo
from funding.demo import build_funding_demo
from teams.changes_demo import build_change_demo
from teams.demo import DEMO_PASSWORD, LOGINS, build_demo
from teams.demo_counties import LOGINS as COUNTY_LOGINS
from teams.demo_counties import PROVINCE_LOGINS
from teams.models import Region
from training.demo import build_training_demo
from worklog.demo import build_worklog_demo

# Each app's own builder, in order: each builds on what the ones before it made (the change demo after
# the funding demo, as before the move; the reports after the worklog: each report's draft reads the
# period's log).
BUILDERS: list[Callable[[datetime.date], dict[str, int]]] = [
    build_demo,
    build_leave_demo,
    build_assessment_demo,
    build_funding_demo,
    build_allowance_demo,
    build_change_demo,
    build_training_demo,
    build_worklog_demo,
    build_reports_demo,
]


class Command(BaseCommand):
    help = "Build the demo database (西平县, 平阴县, 乐都区 and 苍溪县: one county per policy) with its demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-non-sqlite", action="store_true", help="build the demo in a database that is not SQLite"
        )
        parser.add_argument("--flush", action="store_true", help="empty the database first")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="build the demo as it stands on this day (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        engine = settings.DATABASES["default"]["ENGINE"]
        if not engine.endswith("sqlite3") and not options["allow_non_sqlite"]:
            raise CommandError(
                f"拒绝在非SQLite数据库（{engine}）中生成演示数据；确需如此请加 --allow-non-sqlite"
            )
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        if Region.objects.exists():
            raise CommandError("数据库中已有数据：请使用空数据库，或加 --flush 清空后重建")
        today = options["today"] or timezone.localdate()
        counts: dict[str, int] = {}
        for build in BUILDERS:
            counts |= build(today)
        self.stdout.write("演示数据已生成：" + "，".join(f"{k} {v}" for k, v in counts.items()))
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in LOGINS + LEAVE_LOGINS + COUNTY_LOGINS + PROVINCE_LOGINS:
            who = f"{login.person}，{login.description}" if login.person else login.description
            self.stdout.write(f"  {login.username:<11} {who}" + (f"（{login.note}）" if login.note else ""))
        added = assessment_logins()
        if added:
            self.stdout.write(
                "  年度考核各环节账号：" + "、".join(f"{u.username}（{u.display_name}）" for u in added)
            )
