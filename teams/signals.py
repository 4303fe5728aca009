"""What the teams domain announces, so that apps above it keep their derived data current without
``teams`` knowing them (attendance's month summaries connect in ``AttendanceConfig.ready``).

Both are sent inside the writer's transaction (``send``, not ``send_robust``): the derived data and the
change commit or roll back together, and a receiver's error fails the write.
"""

from __future__ import annotations

import datetime

from django.dispatch import Signal

# (cadre id, start, end): a stretch of time over which a cadre's posting changed.
MembershipSpan = tuple[int, datetime.date, datetime.date | None]

# Memberships were written (a form, the roster import). Sent by ``teams.services.memberships_changed``
# with sender=Membership and ``spans``: a non-empty sequence of MembershipSpan.
membership_changed = Signal()

# A county changed one of its policy settings. Sent by ``teams.overrides.policy_override_set``
# with sender=PolicyOverride, ``county`` (a Region) and ``key`` (the setting's key).
policy_override_changed = Signal()
