"""The refusal every service raises (``ServiceError``), and the Chinese messages of backup and restore;
tests import these constants.

Messages with ``{…}`` are formatted with the detail; tests compare the part before the first brace.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A write was refused; nothing was written. ``field`` names the form field to blame, if any."""

    def __init__(self, code: str, message: str, field: str | None = None, *, conflict: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # The record in the way, set only when the actor may see it (the page links to it).
        self.conflict = conflict


class BackupError(Exception):
    """A refusal: the message is for the operator, in Chinese; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# backup
TARGET_EXISTS = "备份文件 {path} 已存在，不会覆盖；请换一个文件名"
UNMIGRATED = "数据库尚未执行本程序的全部迁移（如 {migrations}），请先执行 manage.py migrate 再备份"
TARGET_DIR_MISSING = "备份文件所在的目录 {path} 不存在"

# restore: the archive itself
NOT_FOUND = "找不到备份文件 {path}"
CORRUPT = "备份文件已损坏或不完整，无法读取（{detail}）；未写入任何数据"
NOT_A_BACKUP = "这不是驻村通的备份文件（第一个条目应为 manifest.json 清单）；未写入任何数据"
BAD_MANIFEST = "备份清单 manifest.json 无法识别（{detail}）；未写入任何数据"
FORMAT_VERSION = "备份格式版本 {found} 不受支持（本程序读取版本 {supported}）；未写入任何数据"
UNSAFE_MEMBER = (
    "备份文件含有不安全或清单之外的条目“{name}”（绝对路径、上级目录“..”、链接、特殊文件或重复条目），"
    "已拒绝恢复；未写入任何数据"
)
CHECKSUM = "备份文件校验失败：{name} 的 SHA-256 与清单不符，文件可能已损坏或被篡改；未写入任何数据"
MISSING_MEMBER = "备份文件不完整：缺少清单所列的 {name}；未写入任何数据"

# restore: the target
MIGRATIONS_DIFFER = (
    "备份时的数据库结构（迁移状态）与本数据库不同：{detail}。"
    "请先安装与备份相同版本的程序并执行 manage.py migrate，使迁移状态一致后再恢复；未写入任何数据"
)
NOT_EMPTY = (
    "数据库中已有数据（如{model}），只能恢复到空数据库。"
    "确需用备份覆盖现有数据，请加 --force（先清空数据库再恢复）；未写入任何数据"
)
MEDIA_CONFLICT = "上传文件目录中已有与备份内容不同的文件 {name}；确需覆盖请加 --force；未写入任何数据"
FLUSH_FAILED = "清空数据库失败，数据库未作任何改动（{detail}）；可改为恢复到新建的空数据库（migrate 之后）"
LOAD_FAILED = "载入数据失败，数据库已全部撤销（{detail}）"
COUNT_MISMATCH = "恢复后{model}有 {found} 行，清单记载 {expected} 行，数据库已全部撤销"
