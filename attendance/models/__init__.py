"""The attendance app's models, by sub-domain: leave (请销假: requests, then their decisions and trail),
attendance days (考勤), spot checks and absence explanations (查岗, 情况说明), in-app notifications (消息).
Importers use ``attendance.models``; the modules are the layout."""

from .days import *  # noqa: F401,F403
from .days import __all__ as _days_all
from .leave import *  # noqa: F401,F403
from .leave import __all__ as _leave_all
from .leave_decisions import *  # noqa: F401,F403
from .leave_decisions import __all__ as _decisions_all
from .notifications import Notification, NotificationQuerySet
from .spot_checks import *  # noqa: F401,F403
from .spot_checks import __all__ as _spot_checks_all

__all__ = [
    *_leave_all,
    *_decisions_all,
    *_days_all,
    *_spot_checks_all,
    "Notification",
    "NotificationQuerySet",
]
