"""The attendance app's models, by sub-domain: leave (请销假), attendance days (考勤, 查岗, 情况说明)
and in-app notifications (消息). Importers use ``attendance.models``; the modules are the layout."""

from .days import *  # noqa: F401,F403
from .days import __all__ as _days_all
from .leave import *  # noqa: F401,F403
from .leave import __all__ as _leave_all
from .notifications import Notification, NotificationQuerySet

__all__ = [*_leave_all, *_days_all, "Notification", "NotificationQuerySet"]
