from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import backup_create
from core.errors import BackupError


class Command(BaseCommand):
    help = "备份全部数据和上传文件到一个 .tar.gz 文件（见 README“备份与恢复”）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="要写入的备份文件，如 zhucun-20261124.tar.gz（不会覆盖已有文件）"
        )
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(path=options["archive"], using=options["database"])
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已备份到 {summary.path}：{summary.rows} 行数据，{summary.files} 个上传文件，"
            f"{summary.size / 1024 / 1024:.1f} MB"
        )
