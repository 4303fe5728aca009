"""Print a month's compliance: per cadre, as a table, JSON or xlsx."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from attendance.days import compliance
from core import params
from core.database import require_ready_database
from teams.errors import ServiceError
from teams.models import Membership, Region
from teams.roster import xlsx


class Command(BaseCommand):
    help = "输出某月各驻村干部的在岗达标情况（table / json / xlsx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--county", help="县级区划代码；省略为全部")
        parser.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
        parser.add_argument("--output", help="xlsx 输出文件（默认写到标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        require_ready_database()
        try:
            asked = params.parse_month(options["month"])
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if asked is None:
            raise CommandError("--month 格式应为 YYYY-MM")
        year, month = asked
        scope = Membership.objects.all()
        if options["county"]:
            county = Region.objects.filter(code=options["county"], level="county").first()
            if county is None:
                raise CommandError(f"没有区划代码为{options['county']}的县")
            scope = scope.filter(team__village__township__parent=county)
        # A month in progress is said so ("本月进行中"), never called compliant before its end.
        rows = compliance.month_compliance(scope, year, month, today=timezone.localdate())
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        elif fmt == "xlsx":
            header = ["干部编号", "身份证号", "姓名", "县", "在村天数", "应在村天数", "是否达标", "条款"]
            body = (
                [
                    r.cadre_id,
                    r.id_number,
                    r.name,
                    r.county,
                    r.in_village,
                    r.required,
                    r.result,
                    "、".join(r.provisions),
                ]
                for r in rows
            )
            content = xlsx.write(header, body, title="在岗情况", text_columns=[1, 2, 3, 7])
            if options["output"]:
                with open(options["output"], "wb") as f:
                    f.write(content)
            else:
                sys.stdout.buffer.write(content)
        else:
            self.stdout.write(f"{'姓名':<10}{'县':<10}{'在村':>6}{'应在村':>6}  结果")
            for r in rows:
                result = r.result + (" " + "、".join(r.provisions) if r.compliant is False else "")
                self.stdout.write(
                    f"{r.name:<10}{r.county:<10}{r.in_village:>6}{r.required if r.required is not None else '—':>6}  {result}"
                )
