"""Request types for views, so mypy knows what the middleware has put on the request.

``HttpRequest.user`` is ``User | AnonymousUser`` in django-stubs; behind ``@login_required`` it is always
our ``User``. A view behind the decorator takes ``request: AuthedHttpRequest`` and passes ``request.user``
to services that expect a ``User`` without an ignore. Nothing here exists at runtime beyond the classes:
Django still hands the view a plain ``HttpRequest``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Every request, once ``django_htmx.middleware.HtmxMiddleware`` (in settings) has seen it."""

    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    """The request of a view behind ``@login_required``: the user is signed in."""

    user: User
