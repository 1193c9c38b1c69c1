"""Accounts set by someone else: passwords and the three administrator accounts (三员).

- A password set by the security administrator for someone else is recorded as "password set by X" (never
  the hash), forces the person to choose a new one at the next sign-in (`User.must_change_password`, enforced
  by `workspace.middleware.PasswordChangeRequiredMiddleware`), and tells the person (a notice, and an e-mail
  when they have an address), so nobody can sign in as someone else unseen.
- Creating or changing an administrator account, or setting its password, is only a pending
  `AdminAccountRequest` until a second administrator confirms it (`permissions.may_confirm_admin_account_change`).
  Both acts are audited; until the confirmation nothing about the account changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import diff, record, snapshot
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.models import AdminAccountRequest, User

Kind = AdminAccountRequest.Kind
# What an administrator-account request may set; the rest of a user row is not the admin form's business.
ACCOUNT_FIELDS = (
    "username",
    "full_name",
    "email",
    "organisation_id",
    "department_id",
    "is_department_editor",
    "party_organisation_id",
    "system_role",
    "is_active",
)


def needs_second_person(before: User | None, after: User) -> bool:
    """An administrator account is concerned when the account is one now, or is to become one."""
    return bool((before is not None and before.system_role) or after.system_role)


def _account_values(user: User) -> dict[str, Any]:
    return snapshot(user, ACCOUNT_FIELDS)


def _password_note(actor: Any) -> str:
    return _("密码由 %(actor)s 设置") % {"actor": getattr(actor, "display_name", str(actor))}


# --- passwords -------------------------------------------------------------------------------------------------


def password_set(*, actor: Any, user: User, raw_password: str | None) -> AdminAccountRequest | None:
    """The security administrator sets (or, with None, disables) someone's password. For an administrator
    account this only files a request for a second administrator; it returns that request."""
    require(permissions.may_manage_accounts(actor), _("只有安全管理员可以设置他人的密码。"))
    encoded = make_password(raw_password)  # None → an unusable password
    if user.system_role:
        return _file_request(actor=actor, kind=Kind.PASSWORD, target=user, payload={"password": encoded})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _apply_password(actor=actor, user=user, encoded=encoded)
    return None


def _apply_password(*, actor: Any, user: User, encoded: str) -> None:
    """The caller holds the transaction. The hash never reaches the audit trail: only who set it."""
    by_someone_else = getattr(actor, "pk", None) != user.pk
    before = user.must_change_password
    user.password = encoded
    user.must_change_password = by_someone_else
    user.save(update_fields=["password", "must_change_password"])
    record(
        actor=actor,
        action="org.user.password_set",
        target=user,
        changes={"password": [None, _password_note(actor)], "must_change_password": [before, by_someone_else]},
        note=_password_note(actor),
    )
    if by_someone_else:
        _tell_the_person(actor, user)


def _tell_the_person(actor: Any, user: User) -> None:
    from gongkai.notices.services import notify  # notices build on org; imported late

    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    notify(
        recipients=[user],
        title=_("您的登录密码已由管理员重新设置"),
        body=_(
            "%(actor)s 于 %(when)s 设置了您的登录密码。下次登录时您须先设置新密码。如果这不是您要求的，请立即联系审计员。"
        )
        % {"actor": getattr(actor, "display_name", str(actor)), "when": when},
        url="/workspace/password/",
        kind="account.password_set",
        key=f"account.password_set:{user.pk}:{timezone.now().timestamp()}",
        actor=actor,
    )


def password_set_from_shell(*, user: User, command: str) -> None:
    """A password set by a management command (a person at the server, not signed in): the caller holds the
    transaction in which the command saved it."""
    before = user.must_change_password
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    note = _("密码由服务器命令 %(command)s 设置") % {"command": command}
    record(
        actor=None,
        action="org.user.password_set",
        target=user,
        changes={"password": [None, note], "must_change_password": [before, True]},
        note=note,
    )
    _tell_the_person(_("服务器命令 %(command)s") % {"command": command}, user)


def account_created_from_shell(*, user: User, command: str) -> None:
    record(
        actor=None,
        action="org.user.create",
        target=user,
        changes=diff({}, {**_account_values(user), "is_superuser": user.is_superuser}),
        note=_("由服务器命令 %(command)s 创建") % {"command": command},
    )


def password_changed_by_self(user: User) -> None:
    """The person chose a new password: no longer forced. The caller holds the transaction."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


# --- the two-person rule for administrator accounts ------------------------------------------------------------


def account_request(*, actor: Any, before: User | None, after: User) -> AdminAccountRequest:
    """File the creation or change of an administrator account (from the admin form's unsaved `after`)."""
    require(permissions.may_manage_accounts(actor), _("只有安全管理员可以管理账号。"))
    if before is None:
        payload = {**_account_values(after), "password": after.password}
        return _file_request(actor=actor, kind=Kind.CREATE, target=None, payload=payload, name=after.username)
    changed = {k: v[1] for k, v in diff(_account_values(before), _account_values(after)).items()}
    if not changed:
        raise InvalidState(_("没有任何修改。"))
    return _file_request(actor=actor, kind=Kind.CHANGE, target=before, payload=changed)


def _file_request(
    *, actor: Any, kind: str, target: User | None, payload: dict[str, Any], name: str = ""
) -> AdminAccountRequest:
    with transaction.atomic():
        request = AdminAccountRequest.objects.create(
            kind=kind,
            target=target,
            target_name=(target.username if target else name)[:150],
            payload=payload,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        record(
            actor=actor,
            action="org.admin_request.create",
            target=request,
            changes=_visible(kind, payload),
            note=_("待另一名管理员确认"),
        )
    return request


def _visible(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """What the audit trail may show of a request: never the password hash."""
    shown = {key: [None, value] for key, value in payload.items() if key != "password"}
    if "password" in payload:
        shown["password"] = [None, _("（新密码，不记录）")]
    return shown


def _lock_pending(request: AdminAccountRequest) -> AdminAccountRequest:
    locked = AdminAccountRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != AdminAccountRequest.Status.PENDING:
        raise InvalidState(_("该申请已处理。"))
    return locked


def _check_confirmer(actor: Any, request: AdminAccountRequest) -> None:
    require(
        permissions.may_confirm_admin_account_change(
            actor, requested_by_id=request.requested_by_id, target_id=request.target_id
        ),
        _("管理员账号的变更须由另一名管理员（系统管理员或安全管理员）确认；申请人和该账号本人不能确认。"),
    )


def admin_request_confirm(*, actor: Any, request: AdminAccountRequest) -> User:
    """The second administrator confirms: only now does the account change."""
    _check_confirmer(actor, request)
    with transaction.atomic():
        request = _lock_pending(request)
        user = _APPLY[request.kind](actor, request)
        request.target = user
        request.status, request.decided_by, request.decided_at = (
            AdminAccountRequest.Status.CONFIRMED,
            actor,
            timezone.now(),
        )
        request.save()
        record(actor=actor, action="org.admin_request.confirm", target=request, note=request.get_kind_display())
    return user


def admin_request_refuse(*, actor: Any, request: AdminAccountRequest) -> None:
    _check_confirmer(actor, request)
    with transaction.atomic():
        request = _lock_pending(request)
        request.status, request.decided_by, request.decided_at = (
            AdminAccountRequest.Status.REFUSED,
            actor,
            timezone.now(),
        )
        request.save()
        record(actor=actor, action="org.admin_request.refuse", target=request, note=request.get_kind_display())


def _apply_create(actor: Any, request: AdminAccountRequest) -> User:
    values = {k: v for k, v in request.payload.items() if k in ACCOUNT_FIELDS}
    if User.objects.filter(username=values.get("username")).exists():
        raise InvalidState(_("用户名已被占用，申请无法执行。"))
    user = User(**values, password=request.payload["password"], must_change_password=True)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="org.user.create", target=user, changes=diff({}, _account_values(user)))
    return user


def _apply_change(actor: Any, request: AdminAccountRequest) -> User:
    user = User.objects.select_for_update().get(pk=int(request.target_id or 0))
    before = _account_values(user)
    for key, value in request.payload.items():
        if key in ACCOUNT_FIELDS:
            setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="org.user.change", target=user, changes=diff(before, _account_values(user)))
    return user


def _apply_password_request(actor: Any, request: AdminAccountRequest) -> User:
    user = User.objects.select_for_update().get(pk=int(request.target_id or 0))
    # the password was chosen by the requester: the record names them, the confirmer is on the request's record
    _apply_password(actor=request.requested_by, user=user, encoded=request.payload["password"])
    return user


_APPLY: dict[str, Any] = {
    Kind.CREATE: _apply_create,
    Kind.CHANGE: _apply_change,
    Kind.PASSWORD: _apply_password_request,
}
