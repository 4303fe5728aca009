"""Is the database ready for a management command? A Chinese sentence naming the fix instead of
"no such table: teams_region" when a command meets an empty or out-of-date database."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

NOT_MIGRATED_MSG = "数据库尚未初始化（{name}）：请先运行 make demo 或 manage.py migrate"
OUTDATED_MSG = "数据库结构不是最新（{name}）：还有{count}项迁移未执行，请先运行 manage.py migrate"
UNREACHABLE_MSG = "无法连接数据库（{name}）：{error}。请检查 DATABASE_URL"


def database_label(connection: BaseDatabaseWrapper) -> str:
    """The SQLite file, or name@host: what the user would change DATABASE_URL to."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(params["NAME"])
    host = params.get("HOST") or "localhost"
    return f"{params['NAME']}@{host}"


def database_problem(connection: BaseDatabaseWrapper | None = None) -> str | None:
    """Why commands cannot use ``connection`` yet (None when every migration is applied)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    name = database_label(connection)
    try:
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        pending = executor.migration_plan(targets)
    except DatabaseError as exc:
        return UNREACHABLE_MSG.format(name=name, error=str(exc).strip())
    if not pending:
        return None
    if not executor.loader.applied_migrations:
        return NOT_MIGRATED_MSG.format(name=name)
    return OUTDATED_MSG.format(name=name, count=len(pending))


def require_ready_database(connection: BaseDatabaseWrapper | None = None) -> None:
    """For the first line of a command's ``handle``: stop with the fix, not a traceback."""
    problem = database_problem(connection)
    if problem is not None:
        raise CommandError(problem)
