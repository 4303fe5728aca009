from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import RetentionError, audit_prune


class Command(BaseCommand):
    help = "删除超过保存期限的审计记录（默认 AUDIT_RETENTION_DAYS；不得少于六个月）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="保存天数（默认取 AUDIT_RETENTION_DAYS）")

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        try:
            deleted = audit_prune(days=days)
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已删除 {deleted} 条超过保存期限的审计记录")
