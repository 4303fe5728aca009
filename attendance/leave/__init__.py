"""Leave and return (请销假): requests routed by the county's policy, decisions, the audit trail,
substitute approvers and the notifications that tell the people concerned.

``services`` writes, ``selectors`` reads, ``views`` and ``api`` are the pages and the phone API,
``notifications`` the in-app messages (消息). The models are in ``attendance.models.leave``,
``attendance.models.leave_decisions`` and ``attendance.models.notifications``.
"""
