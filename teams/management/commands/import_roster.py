"""python manage.py import_roster PATH --county CODE [--dry-run] [--skip-invalid] [--user USERNAME]

The last line is always ``created=N updated=N unchanged=N invalid=N``. Exit status 1 when an
all-or-nothing import was refused because of invalid rows (or the file could not be read), 0 otherwise.

A township, village or unit the file names but the database lacks is created, also when its name is
near an existing one ("相近", listed in the output): the command never guesses that 张庄 is 张庄村.
To map such a name onto the existing record, import through the web preview (/imports/), which offers
the choice for each near-duplicate, or run ``--dry-run`` first and correct the names in the file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core.database import require_ready_database
from teams.choices import RegionLevel
from teams.models import ImportBatch, Region
from teams.roster.importer import roster_check, roster_commit


class Command(BaseCommand):
    help = (
        "导入驻村干部花名册（.xlsx/.xls/.csv）到一个县（市、区）。与已有名称相近的乡镇、村、派出单位按新建处理并列出；"
        "如需对应到已有记录，请在网页导入预览中选择，或先用 --dry-run 检查后修改文件中的名称"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--county", required=True, help="县级区划代码，如 411721")
        parser.add_argument("--dry-run", action="store_true", help="只校验、预览，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="跳过无效行，只导入有效行")
        parser.add_argument("--user", help="记为导入人的用户名")
        parser.add_argument("--quiet-rows", action="store_true", help="不逐行列出无效数据")

    def handle(self, *args: Any, **options: Any) -> None:
        require_ready_database()
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        county = Region.objects.filter(code=options["county"], level=RegionLevel.COUNTY).first()
        if county is None:
            raise CommandError(f"没有区划代码为{options['county']}的县（市、区）")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户名为{options['user']}的用户")
        batch = ImportBatch.objects.create(
            county=county,
            created_by=user,
            file_name=path.name[:255],
            content=path.read_bytes(),
            source=ImportBatch.Source.COMMAND,
            skip_invalid=options["skip_invalid"],
        )
        if options["dry_run"]:
            result = roster_check(batch=batch)
        else:
            result = roster_commit(batch=batch)
        batch.refresh_from_db()
        report = batch.report or {}
        if batch.message:
            self.stderr.write(batch.message)
        if not options["quiet_rows"]:
            for item in report.get("invalid", []):
                for column, reason in item["issues"]:
                    self.stdout.write(f"第{item['row']}行 {column}：{reason}")
        for kind, label in (("new_townships", "乡镇"), ("new_villages", "村"), ("new_units", "派出单位")):
            for new in report.get(kind, []):
                similar = "；".join(f"与已有的“{s}”相近" for s in new.get("similar", []))
                name = f"{new['township']}{new['name']}" if kind == "new_villages" else new["name"]
                verb = "新建" if batch.status == ImportBatch.Status.COMMITTED else "将新建"
                self.stdout.write(f"{verb}{label}：{name}" + (f"（{similar}）" if similar else ""))
        self.stdout.write(
            f"created={batch.created_count} updated={batch.updated_count} "
            f"unchanged={batch.unchanged_count} invalid={batch.invalid_count}"
        )
        if result is None or batch.status in (ImportBatch.Status.REFUSED, ImportBatch.Status.FAILED):
            sys.exit(1)
