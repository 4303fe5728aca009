"""The few helpers every view uses to reach an object: through ``for_user()`` or not at all."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.typing import AuthedHttpRequest

from .choices import RegionLevel
from .models import Region

M = TypeVar("M", bound=models.Model)


def get_for_user(request: AuthedHttpRequest, model: type[M], pk: Any) -> M:
    """The object if the user may see it; otherwise 404, the same as an object that does not exist."""
    return get_object_or_404(model.objects.for_user(request.user), pk=pk)  # type: ignore[attr-defined]


def require_roster_editor(request: AuthedHttpRequest) -> None:
    """Seeing is not editing: only the county office (or a superuser) writes the roster."""
    if not request.user.can_edit_roster:
        raise PermissionDenied("您的职能无权修改花名册")


def townships_for_user(user: Any) -> QuerySet[Region]:
    """The townships ``user`` reaches through ``for_user`` (a county office: all of its county's)."""
    return Region.objects.for_user(user).filter(level=RegionLevel.TOWNSHIP)
