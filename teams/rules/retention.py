"""How long the audit trail is kept (plain Python, no Django import).

网络安全法 第二十一条（三）: 采取监测、记录网络运行状态、网络安全事件的技术措施，并按照规定留存相关的
网络日志不少于六个月. Six calendar months last 181 to 184 days (1 July → 1 January is 184), so an entry is
certainly kept six months only when it is kept 184 days: that is the floor. No setting may be shorter, and
the database itself refuses to delete an entry younger than it.
"""

from __future__ import annotations

# The law's floor (网络安全法 第二十一条（三）, 不少于六个月, read as the longest six months).
AUDIT_RETENTION_MIN_DAYS = 184
# The product default: a full year, so a year's assessment can still be traced back.
AUDIT_RETENTION_DEFAULT_DAYS = 365
