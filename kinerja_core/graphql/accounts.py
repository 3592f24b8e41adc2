"""Sign in/out, passwords, accounts, and `me`."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.auth.viewer import Viewer
from kinerja_core.domain.enums import Role
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, Unauthenticated
from kinerja_core.graphql.errors import Throttled, graphql_error, mutate, query, result_union
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.types.base import from_model
from kinerja_core.graphql.types.org import Employee

RoleEnum = strawberry.enum(Role, description="What a person may do; SUPERVISOR is derived.")


@strawberry.type(description="The signed-in person.")
class Me:
    roles: list[Role] = strawberry.field(description="Roles, derived from account and positions.")
    must_change_password: bool = strawberry.field(
        description="Set after an admin reset: until `changePassword`, only `me`, `logout` and "
        "`changePassword` work; everything else answers `auth.password_change_required`."
    )
    admin_agency_id: strawberry.ID | None = strawberry.field(description="Agency admin of.")
    head_of_agency_ids: list[strawberry.ID] = strawberry.field(description="Agencies headed.")
    employee_row: strawberry.Private[object]

    @strawberry.field(description="The employee record.")
    def employee(self) -> Employee:
        return from_model(Employee, self.employee_row)


@strawberry.type(description="A new bearer token; send it as `Authorization: Bearer <token>`.")
class LoginSuccess:
    token: str = strawberry.field(description="Shown once; keep it secret.")
    expires_at: dt.datetime = strawberry.field(description="When the token stops working.")
    me: Me


@strawberry.type(description="The action was done.")
class Done:
    ok: bool = True


@strawberry.type(description="An account of an employee.")
class AccountInfo:
    id: strawberry.ID
    is_central_admin: bool
    admin_agency_id: strawberry.ID | None
    is_active: bool
    must_change_password: bool


LoginResult = result_union("LoginResult", LoginSuccess, Throttled)
DoneResult = result_union("DoneResult", Done)
AccountResult = result_union("AccountResult", AccountInfo)


async def _me(info: Info) -> Me:
    from kinerja_core.services import reading

    viewer = info.context.require_viewer()
    if viewer.employee_row is not None:  # read with the session, in this request
        return _me_of(viewer, viewer.employee_row, viewer.must_change_password)
    account = await reading.own_account(info.context.service)
    return _me_of(viewer, account.employee, account.must_change_password)


def _me_of(viewer: Viewer, employee: object, must_change: bool) -> Me:
    return Me(
        roles=viewer.roles,
        must_change_password=must_change,
        admin_agency_id=viewer.admin_agency_id,
        head_of_agency_ids=sorted(viewer.head_agency_ids),
        employee_row=employee,
    )


def _account(row: models.Account) -> AccountInfo:
    return AccountInfo(
        id=row.id,
        is_central_admin=row.is_central_admin,
        admin_agency_id=row.admin_agency_id,
        is_active=row.is_active,
        must_change_password=row.must_change_password,
    )


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in person, with roles.")
    @reads_context  # info.context only: the fast path calls it without building an Info
    def me(self, info: Info) -> Me:
        # at once when the session's statement brought the employee (a token's viewer
        # always does): no coroutine to await, so the whole answer completes synchronously
        try:
            viewer = info.context.require_viewer()
        except (KinerjaError, RuleViolation) as exc:
            raise graphql_error(exc, info.context.lang) from exc
        if viewer.employee_row is not None:
            return _me_of(viewer, viewer.employee_row, viewer.must_change_password)
        return query(info, lambda: _me(info))  # type: ignore[return-value]  # awaited by graphql


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Sign in with NIP and password; returns a bearer token.")
    async def login(self, info: Info, nip: str, password: str) -> LoginResult:
        from kinerja_core.services import accounts

        ctx = info.context.service
        request = info.context.request
        limits = request.app.state.limits  # the login throttle (docs/security.md)

        async def sign_in() -> LoginSuccess:
            token, session, account = await accounts.login(ctx, nip, password)
            info.context.token = token
            return LoginSuccess(token=token, expires_at=session.expires_at, me=await _me(info))

        address = limits.address_of(request.scope)
        return await mutate(info, lambda: limits.login.guard(nip, address, sign_in))

    @strawberry.mutation(description="Sign out: the token of this request stops working.")
    async def logout(self, info: Info) -> DoneResult:
        from kinerja_core.services import accounts

        async def run() -> Done:
            if not info.context.token:
                raise Unauthenticated("auth.required")
            await accounts.logout(info.context.service, info.context.token)
            return Done()

        return await mutate(info, run)

    @strawberry.mutation(
        description="Change your own password; other sessions are signed out. The new one has "
        "at least 12 characters (configurable), is not your NIP, not a common password and "
        "not the current one."
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> DoneResult:
        from kinerja_core.services import accounts

        async def run() -> Done:
            await accounts.change_password(info.context.service, current_password, new_password)
            return Done()

        return await mutate(info, run)

    @strawberry.mutation(description="Admin: create the login of an employee.")
    async def create_account(
        self,
        info: Info,
        employee_id: strawberry.ID,
        password: str,
        admin_agency_id: strawberry.ID | None = None,
        is_central_admin: bool = False,
    ) -> AccountResult:
        from kinerja_core.services import accounts
        from kinerja_core.services.inputs import optional_id

        async def run() -> AccountInfo:
            row = await accounts.create_account(
                info.context.service,
                employee_id,
                password,
                admin_agency_id=optional_id(admin_agency_id, "adminAgencyId"),
                is_central_admin=is_central_admin,
            )
            return _account(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Admin: set a new password; it must be changed at sign-in.")
    async def reset_password(
        self, info: Info, employee_id: strawberry.ID, password: str
    ) -> AccountResult:
        from kinerja_core.services import accounts

        async def run() -> AccountInfo:
            return _account(
                await accounts.reset_password(info.context.service, employee_id, password)
            )

        return await mutate(info, run)
