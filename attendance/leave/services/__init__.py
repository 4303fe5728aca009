"""Writes of leave (请销假). Keyword-only, one transaction each, a Chinese ServiceError on refusal.

By sub-domain: ``workflow`` (a request from submission through decisions to cancel, return and the
overdue flag), ``substitutes`` (代理审批人) and ``attachments`` (the upload check other apps share).
Notifications are written through ``attendance.leave.notifications``.
"""

from __future__ import annotations

from .attachments import ATTACHMENT_MAX_MB, ATTACHMENT_TYPES, validate_attachment
from .substitutes import APPROVER_OFFICES, substitute_name, substitute_revoke
from .workflow import (
    MAX_SPAN_DAYS,
    leave_flag_overdue,
    leave_request_cancel,
    leave_request_decide,
    leave_request_return,
    leave_request_submit,
)

__all__ = [
    "APPROVER_OFFICES",
    "ATTACHMENT_MAX_MB",
    "ATTACHMENT_TYPES",
    "MAX_SPAN_DAYS",
    "leave_flag_overdue",
    "leave_request_cancel",
    "leave_request_decide",
    "leave_request_return",
    "leave_request_submit",
    "substitute_name",
    "substitute_revoke",
    "validate_attachment",
]
