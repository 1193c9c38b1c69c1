"""API tokens: create, revoke (one write path each, audited in the same transaction) and authenticate.

A token's secret is 32 random bytes (URL-safe base64, 43 characters); the database keeps its first 8
characters, to tell tokens apart, and its SHA-256. A secret of that strength needs no slow hash: nobody can
guess it, and the hash only keeps a copy of the database from being a list of working secrets.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.api.models import ApiToken
from gongkai.audit.trail import diff, record
from gongkai.errors import InvalidState, NotAllowed, Refused
from gongkai.org import permissions
from gongkai.org.models import User

MAX_ACTIVE_TOKENS = 10
MAX_SECRET_CHARS = 200
# `last_used_at` is bookkeeping, not a change of record: written at most once a minute per token, not audited.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(*, actor: Any, name: str, verified_session: bool) -> tuple[ApiToken, str]:
    """A new token for `actor`, valid for `GONGKAI_API_TOKEN_DAYS`; returns it with its secret, which is not kept
    anywhere and cannot be shown again. `verified_session`: the caller's session has passed the second factor —
    a stolen password alone must not mint a credential that outlives the session."""
    if not permissions.may_hold_api_token(actor):
        raise NotAllowed(_("请先登录。"))
    if not verified_session:
        raise NotAllowed(_("生成接口令牌前须先通过双因素认证（验证器验证码）。"))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称（用途）。")})
    if len(name) > 60:
        raise ValidationError({"name": _("令牌名称不能超过60个字。")})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one creation per person at a time
        if live_tokens_of(actor).count() >= MAX_ACTIVE_TOKENS:
            raise Refused(_("每人最多同时持有%(n)d个有效令牌，请先吊销不用的令牌。") % {"n": MAX_ACTIVE_TOKENS})
        secret = secrets.token_urlsafe(32)
        expires_at = timezone.now() + datetime.timedelta(days=settings.GONGKAI_API_TOKEN_DAYS)
        token = ApiToken.objects.create(
            user=actor, name=name, key_prefix=secret[:8], key_hash=hash_secret(secret), expires_at=expires_at
        )
        record(
            actor=actor,
            action="api.token.create",
            target=token,
            changes=diff(
                {}, {"user": actor.pk, "name": name, "key_prefix": token.key_prefix, "expires_at": expires_at}
            ),
        )
    return token, secret


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner, or the security administrator. From now on it is refused (401)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if not may_revoke(actor, token):
            raise NotAllowed(_("只能吊销自己的令牌。"))
        if token.revoked_at is not None:
            raise InvalidState(_("该令牌已吊销。"))
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            actor=actor,
            action="api.token.revoke",
            target=token,
            changes=diff({"revoked_at": None}, {"revoked_at": token.revoked_at}),
        )
    return token


def may_revoke(actor: Any, token: ApiToken) -> bool:
    own = permissions.is_signed_in(actor) and token.user_id == actor.pk
    return own or permissions.may_manage_api_tokens(actor)


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk)


def live_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return tokens_of(user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def revocable_by(actor: Any) -> QuerySet[ApiToken]:
    """The tokens `actor` may revoke: their own, or everyone's for the security administrator."""
    if permissions.may_manage_api_tokens(actor):
        return ApiToken.objects.all()
    return tokens_of(actor) if permissions.is_signed_in(actor) else ApiToken.objects.none()


def user_for_secret(secret: str) -> User | None:
    """The active account a secret belongs to, or None for an unknown, revoked, expired or malformed secret, or
    one whose account is disabled."""
    if not secret or len(secret) > MAX_SECRET_CHARS:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    _touch(token)
    return token.user


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
