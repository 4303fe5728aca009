"""The client's address behind a known number of reverse proxies (nginx → gunicorn sees 127.0.0.1).

Each proxy appends the address it received the request from to X-Forwarded-For, so behind
``TRUSTED_PROXY_COUNT`` proxies the client is the n-th entry from the right; everything to its left was
written by the client and is not believed. With 0 (the default) the header is ignored and REMOTE_ADDR,
the peer of the socket, is the client. django-axes locks logins by username and this address
(``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than configured proxies: the request did not come through all of them.
        return remote
    return _address(forwarded[-proxies]) or remote
