from django.apps import AppConfig


class WorklogConfig(AppConfig):
    name = "worklog"
    verbose_name = "驻村日志与走访"
