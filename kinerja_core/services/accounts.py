"""Sign in with NIP and password, sign out, change and reset passwords, create accounts."""

from __future__ import annotations

import datetime as dt
import functools

import anyio.to_thread

from kinerja_core.auth import access
from kinerja_core.auth.common_passwords import is_common
from kinerja_core.auth.passwords import hash_password, needs_rehash
from kinerja_core.auth.tokens import new_token, token_hash
from kinerja_core.auth.viewer import (
    POSITION_COLUMNS,
    POSITION_JOINS,
    Viewer,
    load_viewer,
    positions_of,
    viewer_with_positions,
)
from kinerja_core.domain import passwords as password_policy
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import Conflict, NotAllowed, ValidationFailed
from kinerja_core.models import Account, Employee, Session
from kinerja_core.services import audit
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.rows import column_count, columns, maker_at
from kinerja_core.sql import fetch_tuples
from kinerja_core.throttle.hashing import check_password

# Verifying against a dummy hash keeps the response time of an unknown NIP like a known one.
_DUMMY_HASH = hash_password("not-a-real-password")


def check_new_password(
    ctx: ServiceContext,
    password: str,
    *,
    nip: str,
    field: str,
    same_as_current: bool = False,
) -> None:
    """The password policy (:mod:`kinerja_core.domain.passwords`) for a password being chosen
    for the employee with ``nip``; ``same_as_current`` when it is the one in use (the caller
    checked the hash, off the event loop).
    """
    try:
        password_policy.check_password(
            password,
            nip=nip,
            min_length=ctx.settings.password_min_length,
            field=field,
            is_common=is_common,
            is_current=(lambda _: True) if same_as_current else None,
        )
    except RuleViolation as exc:  # a service error, so every caller (GraphQL, CLI) handles it
        raise ValidationFailed(exc.code, field=exc.field, **exc.params) from None


async def _hash(password: str) -> str:
    """argon2 in a worker thread: ~100 ms of CPU the event loop does not wait for."""
    return await anyio.to_thread.run_sync(hash_password, password)


async def login(ctx: ServiceContext, nip: str, password: str) -> tuple[str, Session, Account]:
    """Check NIP + password; return a new bearer token (shown once) and its session."""
    nip = (nip or "").replace(" ", "")
    # a NIP is 18 ASCII digits: anything else can match no account (and must not reach SQL,
    # where a 19-digit value or a NUL byte is an error, not "no such NIP")
    well_formed = len(nip) == 18 and nip.isascii() and nip.isdigit()
    account = (
        await Account.filter(employee__nip=nip).select_related("employee").first()
        if well_formed
        else None
    )
    # argon2 runs in a bounded pool of threads, never on the event loop
    if account is None:
        await check_password(ctx.settings, _DUMMY_HASH, password)
        raise NotAllowed("auth.invalid_credentials", field="nip")
    if not await check_password(ctx.settings, account.password_hash, password):
        raise NotAllowed("auth.invalid_credentials", field="password")
    if not account.is_active:
        raise NotAllowed("auth.inactive", field="nip")
    # a hash made with older parameters is replaced now that the password is known
    new_hash = await _hash(password) if needs_rehash(account.password_hash) else None
    token = new_token()
    async with ctx.transaction():
        if new_hash is not None:
            await Account.filter(id=account.id).update(password_hash=new_hash)
        session = await Session.create(
            account=account,
            token_hash=token_hash(token),
            expires_at=ctx.now() + dt.timedelta(hours=ctx.settings.token_ttl_hours),
        )
        ctx.viewer = ctx.viewer or await load_viewer(account, ctx.today())
        await audit.record(ctx, "account.login", "Session", session.id)
    return token, session, account


# the session's and account's columns of _session_sql, before the employee's
_SESSION_COLUMNS = 6


@functools.cache
def _session_sql() -> str:
    """The statement of :func:`viewer_for_token` (the same text on every request)."""
    return (
        "SELECT s.id AS session_id, ac.id AS account_id, ac.is_active AS is_active,"
        " ac.is_central_admin AS is_central_admin, ac.admin_agency_id AS admin_agency_id,"
        f" ac.must_change_password AS must_change_password, {columns(Employee, 'e', 'e_')},"
        f" {POSITION_COLUMNS}"
        " FROM session s JOIN account ac ON ac.id = s.account_id"
        f" JOIN employee e ON e.id = ac.employee_id{POSITION_JOINS}"
        " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
    )


async def viewer_for_token(token: str, now: dt.datetime) -> Viewer | None:
    """The viewer behind a bearer token, or None when unknown, expired or revoked.

    Read on every request, never cached: a revoked session stops at once on every worker.
    One constant statement: the session with its account and employee, one row per running
    position of the employee (what the roles need, and whether anyone reports to it).
    """
    day = now.date()
    rows = await fetch_tuples(
        _session_sql(),
        [day, day, token_hash(token), now],  # the same parameters the ORM would send
    )
    if not rows:
        return None
    row = rows[0]
    session_id, account_id, is_active, is_central_admin, admin_agency_id, must_change = row[
        :_SESSION_COLUMNS
    ]
    if not is_active:
        return None
    employee = maker_at(Employee, _SESSION_COLUMNS)(row)
    viewer = viewer_with_positions(
        positions_of(rows, _SESSION_COLUMNS + column_count(Employee)),
        account_id=account_id,
        employee_id=employee.id,
        nip=employee.nip,
        name=employee.name,
        agency_id=employee.agency_id,
        is_central_admin=is_central_admin,
        admin_agency_id=admin_agency_id,
        must_change_password=must_change,
        day=day,
        employee_row=employee,
    )
    viewer.session_id = session_id
    return viewer


async def logout(ctx: ServiceContext, token: str) -> None:
    """Revoke the token used for this request."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        await Session.filter(token_hash=token_hash(token), account_id=viewer.account_id).update(
            revoked_at=ctx.now()
        )
        await audit.record(ctx, "account.logout", "Account", viewer.account_id)


async def change_password(ctx: ServiceContext, current: str, new: str) -> None:
    """Change one's own password; every other session is signed out."""
    viewer = ctx.require_viewer()
    account = await Account.get(id=viewer.account_id)
    if not await check_password(ctx.settings, account.password_hash, current):
        raise ValidationFailed("auth.wrong_password", field="currentPassword")
    same = await check_password(ctx.settings, account.password_hash, new)
    check_new_password(ctx, new, nip=viewer.nip, field="newPassword", same_as_current=same)
    new_hash = await _hash(new)
    async with ctx.transaction():
        account = await Account.get(id=viewer.account_id)
        account.password_hash = new_hash
        account.must_change_password = False
        await account.save(update_fields=["password_hash", "must_change_password", "updated_at"])
        await (
            Session.filter(account_id=account.id, revoked_at__isnull=True)
            .exclude(id=viewer.session_id or 0)
            .update(revoked_at=ctx.now())
        )
        await audit.record(ctx, "account.change_password", "Account", account.id)


async def create_account(
    ctx: ServiceContext,
    employee_id: int,
    password: str,
    *,
    admin_agency_id: int | None = None,
    is_central_admin: bool = False,
) -> Account:
    """An admin creates the login of an employee (agency admins: their agency only)."""
    viewer = ctx.require_viewer()
    employee = await get_or_404(Employee, employee_id, "employeeId")
    access.require_manage_agency(viewer, employee.agency_id)
    if is_central_admin or (admin_agency_id is not None and admin_agency_id != employee.agency_id):
        access.require_central_admin(viewer)
    check_new_password(ctx, password, nip=employee.nip, field="password")
    password_hash = await _hash(password)
    async with ctx.transaction():
        if await Account.filter(employee_id=employee.id).exists():
            raise Conflict("conflict.exists", field="employeeId", entity="Account")
        account = await Account.create(
            employee=employee,
            password_hash=password_hash,
            admin_agency_id=admin_agency_id,
            is_central_admin=is_central_admin,
            must_change_password=True,
        )
        await audit.record(
            ctx, "account.create", "Account", account.id, after=audit.snapshot(account)
        )
    return account


async def reset_password(ctx: ServiceContext, employee_id: int, password: str) -> Account:
    """An admin sets a new password; the employee must change it at next sign-in."""
    viewer = ctx.require_viewer()
    employee = await get_or_404(Employee, employee_id, "employeeId")
    access.require_manage_agency(viewer, employee.agency_id)
    check_new_password(ctx, password, nip=employee.nip, field="password")
    password_hash = await _hash(password)
    async with ctx.transaction():
        account = await Account.filter(employee_id=employee.id).first()
        if account is None:
            raise ValidationFailed("account.missing", field="employeeId")
        account.password_hash = password_hash
        account.must_change_password = True
        await account.save(update_fields=["password_hash", "must_change_password", "updated_at"])
        await Session.filter(account_id=account.id, revoked_at__isnull=True).update(
            revoked_at=ctx.now()
        )
        await audit.record(ctx, "account.reset_password", "Account", account.id)
    return account


async def bootstrap_account(
    ctx: ServiceContext, nip: str, password: str, *, central_admin: bool = False
) -> Account:
    """CLI (operator on the server): create an account without a signed-in admin."""
    employee = await Employee.filter(nip=(nip or "").replace(" ", "")).first()
    if employee is None:
        raise ValidationFailed("account.no_employee", field="nip")
    check_new_password(ctx, password, nip=employee.nip, field="password")
    async with ctx.transaction():
        if await Account.filter(employee_id=employee.id).exists():
            raise Conflict("conflict.exists", field="nip", entity="Account")
        account = await Account.create(
            employee=employee, password_hash=hash_password(password), is_central_admin=central_admin
        )
        await audit.record(
            ctx, "account.create_cli", "Account", account.id, after=audit.snapshot(account)
        )
    return account


async def bootstrap_reset(ctx: ServiceContext, nip: str, password: str) -> Account:
    """CLI (operator on the server): reset a password."""
    account = (
        await Account.filter(employee__nip=(nip or "").replace(" ", ""))
        .select_related("employee")
        .first()
    )
    if account is None:
        raise ValidationFailed("account.missing", field="nip")
    check_new_password(ctx, password, nip=account.employee.nip, field="password")
    async with ctx.transaction():
        account.password_hash = hash_password(password)
        await account.save(update_fields=["password_hash", "updated_at"])
        await Session.filter(account_id=account.id, revoked_at__isnull=True).update(
            revoked_at=ctx.now()
        )
        await audit.record(ctx, "account.reset_password_cli", "Account", account.id)
    return account
