"""/accounts/tokens/: the user's API tokens, one per device, each revocable by its owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from teams.errors import ServiceError

from . import tokens
from .models import ApiToken
from .typing import AuthedHttpRequest

# Revoked and expired tokens stay listed this long, so the owner sees what ended and why.
SHOW_ENDED_DAYS = 30


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    active: bool
    state: str


def _row(token: ApiToken, now: datetime) -> TokenRow:
    if token.revoked_at is not None:
        reason = tokens.REVOKED_LABELS.get(token.revoked_reason, token.revoked_reason)
        return TokenRow(token, False, f"已撤销（{reason}）")
    if token.expires_at <= now:
        return TokenRow(token, False, "已过期")
    return TokenRow(token, True, "有效")


@login_required
def token_list(request: AuthedHttpRequest) -> HttpResponse:
    now = timezone.now()
    shown = tokens.api_tokens_of(request.user).filter(created_at__gte=now - timedelta(days=SHOW_ENDED_DAYS))
    kept = tokens.api_tokens_of(request.user).filter(revoked_at__isnull=True, expires_at__gt=now)
    rows = [_row(t, now) for t in (shown | kept).distinct().order_by("-created_at", "-id")]
    return render(
        request,
        "accounts/token_list.html",
        {"rows": rows, "show_ended_days": SHOW_ENDED_DAYS, "api_token_days": settings.API_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens.api_tokens_of(request.user), pk=pk)
    try:
        tokens.api_token_revoke(user=request.user, token=token, reason=tokens.REVOKED_BY_OWNER)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销“{token.device}”的令牌，该设备须重新登录")
    return redirect("token_list")
