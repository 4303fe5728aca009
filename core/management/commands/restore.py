from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import backup_restore
from core.errors import BackupError


class Command(BaseCommand):
    help = "从 manage.py backup 写的 .tar.gz 恢复全部数据和上传文件到空数据库（见 README“备份与恢复”）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="备份文件")
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库中已有数据时先清空（在同一事务中）再恢复，并覆盖不同的上传文件",
        )
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(
                path=options["archive"], force=options["force"], using=options["database"]
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        flushed = "（已先清空原有数据）" if summary.flushed else ""
        self.stdout.write(
            f"已恢复{flushed}：{summary.rows} 行数据，{summary.files} 个上传文件，数量和校验和均与清单一致"
        )
