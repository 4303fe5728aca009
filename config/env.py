"""Tiny typed readers for settings that come from environment variables."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY_MISSING = (
    "未设置 SECRET_KEY，且 DEBUG 未开启：拒绝使用公开的开发密钥启动。"
    "请设置环境变量 SECRET_KEY（生成：python3 -c 'import secrets; print(secrets.token_urlsafe(50))'），"
    "或把密钥写入 SECRET_KEY_FILE 所指的文件（默认项目目录下的 .secret_key，make 会生成）。"
)


def secret_key(default_file: Path, *, debug: bool, development_key: str) -> str:
    """SECRET_KEY from the environment, else from SECRET_KEY_FILE (default ``default_file``, which
    ``make`` generates, git-ignored). Without either only DEBUG may fall back to the public development
    key: production refuses to start rather than sign sessions with a key anyone can read."""
    key = env_str("SECRET_KEY").strip()
    if not key:
        path = Path(env_str("SECRET_KEY_FILE") or default_file)
        key = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
    return development_key
