"""Django's ModelBackend, loading the user of each request with what every page shows of it (issue 15):
the region, the dispatching unit and the cadre come in the same query as the user (the menu's
``jurisdiction_label`` and ``display_name``, the scope's region path)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        from .models import User

        try:
            user = User._default_manager.select_related("region", "dispatching_unit", "cadre").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
