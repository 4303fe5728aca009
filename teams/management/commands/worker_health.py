from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.health import health_check


class Command(BaseCommand):
    help = "Send a health check through the Celery broker and wait for a worker's answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args: Any, **options: Any) -> None:
        mode = "broker " + settings.REDIS_URL if settings.REDIS_URL else "in-process (no REDIS_URL)"
        try:
            result = health_check.delay().get(timeout=options["timeout"])
        except Exception as exc:  # any failure means: no healthy worker answered
            raise CommandError(f"没有可用的后台任务进程（{mode}）：{exc}") from exc
        self.stdout.write(f"后台任务进程正常（{mode}）：{result}")
