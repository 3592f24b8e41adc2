"""The password policy on every way a password is chosen, and a pending password change."""

from __future__ import annotations

import asyncio

import pytest

from kinerja_core.auth.common_passwords import is_common
from kinerja_core.auth.viewer import load_viewer
from kinerja_core.graphql.context import GraphQLContext
from kinerja_core.models import Account
from kinerja_core.services.context import ServiceContext
from tests.support import PASSWORD, gql, ok

GOOD = "kopi pagi di tepian kapuas"
CHANGE = """mutation($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) {
    __typename ... on ValidationError { code field message } ... on UserError { code message }
  } }"""
RESET = """mutation($employeeId: ID!, $password: String!) {
  resetPassword(employeeId: $employeeId, password: $password) {
    __typename ... on AccountInfo { mustChangePassword }
    ... on ValidationError { code field message } ... on UserError { code } } }"""
LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token me { mustChangePassword } } } }"""


async def change(client, person, new, current=PASSWORD, lang="en"):
    body = await gql(
        client, CHANGE, {"current": current, "new": new}, token=person.token, lang=lang
    )
    return ok(body, "changePassword")


async def login(client, nip, password):
    return ok(await gql(client, LOGIN, {"nip": nip, "password": password}), "login")


@pytest.mark.parametrize(
    ("new", "code"),
    [
        (" " * 12, "password.blank"),
        ("12345678", "password.too_short"),
        ("kopi-pagi", "password.too_short"),
        ("pontianak123", "password.common"),
        ("Pontianak2026!", "password.common"),
        ("Password1234", "password.common"),
        ("qwertyuiop123", "password.common"),
        ("bismillah2026", "password.common"),
    ],
)
async def test_change_password_refuses_a_weak_one_and_keeps_the_old(client, world, new, code):
    result = await change(client, world.staff, new)
    assert result["__typename"] == "ValidationError"
    assert result["code"] == code and result["field"] == "newPassword"
    assert "{" not in result["message"]
    assert (await login(client, world.staff.employee.nip, PASSWORD))["__typename"] == (
        "LoginSuccess"
    )


async def test_change_password_refuses_the_nip_and_a_password_containing_it(client, world):
    nip = world.staff.employee.nip
    for new in (nip, f"aku-{nip}!", " ".join([nip[:9], nip[9:]])):
        result = await change(client, world.staff, new)
        assert result["code"] == "password.contains_nip", new


async def test_change_password_refuses_the_current_one(client, world):
    assert (await change(client, world.staff, GOOD))["__typename"] == "Done"
    result = await change(client, world.staff, GOOD, current=GOOD, lang="id")
    assert result["code"] == "password.same_as_current"
    assert result["message"] == "Kata sandi baru harus berbeda dari kata sandi saat ini."
    assert (await login(client, world.staff.employee.nip, GOOD))["__typename"] == "LoginSuccess"


async def test_too_short_message_says_the_length_in_both_languages(client, world):
    english = await change(client, world.staff, "kopi-pagi")
    assert english["message"].startswith("The password must be at least 12 characters long")
    indonesian = await change(client, world.staff, "kopi-pagi", lang="id")
    assert indonesian["message"].startswith("Kata sandi minimal 12 karakter; yang diisi 9")


async def test_minimum_length_is_a_setting(settings, world):
    from kinerja_core.errors import ValidationFailed
    from kinerja_core.services.accounts import check_new_password

    ctx = ServiceContext(settings=settings.replace(password_min_length=30))
    with pytest.raises(ValidationFailed) as caught:
        check_new_password(ctx, GOOD, nip="1", field="password")
    assert caught.value.code == "password.too_short" and caught.value.params["min"] == 30


async def test_admin_reset_and_account_creation_follow_the_policy(client, world):
    staff = world.staff.employee
    weak = ok(
        await gql(
            client,
            RESET,
            {"employeeId": str(staff.id), "password": staff.nip},
            token=world.admin.token,
        ),
        "resetPassword",
    )
    assert weak["code"] == "password.contains_nip" and weak["field"] == "password"
    common = ok(
        await gql(
            client,
            RESET,
            {"employeeId": str(staff.id), "password": "sayangku123!"},
            token=world.admin.token,
        ),
        "resetPassword",
    )
    assert common["code"] == "password.common"
    fine = ok(
        await gql(
            client, RESET, {"employeeId": str(staff.id), "password": GOOD}, token=world.admin.token
        ),
        "resetPassword",
    )
    assert fine == {"__typename": "AccountInfo", "mustChangePassword": True}

    await Account.filter(employee_id=staff.id).delete()
    create = """mutation($e: ID!, $p: String!) { createAccount(employeeId: $e, password: $p) {
      __typename ... on ValidationError { code field } } }"""
    body = ok(
        await gql(
            client, create, {"e": str(staff.id), "p": "indonesia12345"}, token=world.admin.token
        ),
        "createAccount",
    )
    assert body == {"__typename": "ValidationError", "code": "password.common", "field": "password"}


def test_common_list_holds_the_well_known_and_the_local_ones():
    for password in ("iloveyou", "PONTIANAK", "rahasia", "khatulistiwa2026", "sunshine!!"):
        assert is_common(password), password
    for password in ("123456789012", "ZYXWVUTSRQPO", "abcabcabcabc", "aaaaaaaaaaaa", "asdfghjkl;'"):
        assert is_common(password), password
    for password in (GOOD, "tugu-pensil-biru-7", "198001012005"):
        assert not is_common(password), password


# --- mustChangePassword --------------------------------------------------------------------


@pytest.fixture
async def reset_staff(client, world):
    """Staff after an admin reset to GOOD, signed in again: the token of a pending change."""
    staff = world.staff.employee
    ok(
        await gql(
            client, RESET, {"employeeId": str(staff.id), "password": GOOD}, token=world.admin.token
        ),
        "resetPassword",
    )
    signed_in = await login(client, staff.nip, GOOD)
    assert signed_in["me"] == {"mustChangePassword": True}
    return signed_in["token"]


@pytest.mark.parametrize(
    "query",
    [
        "{ myDashboard { plans { id } } }",
        "{ me { roles } employees { nodes { id } } }",
        "mutation { createPlan(input: {year: 2026}) { __typename } }",
        "query { ...F } fragment F on Query { agencies { id } }",
    ],
)
async def test_pending_password_change_refuses_everything_else(client, reset_staff, query):
    body = await gql(client, query, token=reset_staff, lang="en")
    assert "data" not in body
    assert body["errors"][0]["extensions"] == {
        "code": "auth.password_change_required",
        "kind": "NotAllowed",
    }
    assert "change your password" in body["errors"][0]["message"]


async def test_pending_password_change_allows_me_then_changing_it(client, world, reset_staff):
    me = await gql(client, "{ me { mustChangePassword employee { name } } }", token=reset_staff)
    assert ok(me, "me")["mustChangePassword"] is True
    same = ok(
        await gql(client, CHANGE, {"current": GOOD, "new": GOOD}, token=reset_staff),
        "changePassword",
    )
    assert same["code"] == "password.same_as_current"
    done = ok(
        await gql(client, CHANGE, {"current": GOOD, "new": GOOD + " sore"}, token=reset_staff),
        "changePassword",
    )
    assert done["__typename"] == "Done"
    dashboard = await gql(client, "{ myDashboard { plans { id } } }", token=reset_staff)
    assert not dashboard.get("errors")


async def test_pending_password_change_refuses_a_subscription(client, world, reset_staff):
    account = await Account.get(employee_id=world.staff.employee.id).select_related("employee")
    service = ServiceContext(settings=client.app.state.settings)
    service.viewer = await load_viewer(account)
    context = GraphQLContext(service=service, lang="en")
    results = await client.app.state.schema.subscribe(
        "subscription { feedbackReceived { id } }", context_value=context
    )
    # the first answer is the refusal (without the gate it would wait for events: time out)
    first = await asyncio.wait_for(anext(results), timeout=5)
    assert first.errors[0].extensions["code"] == "auth.password_change_required"


async def test_pending_password_change_refuses_evidence_downloads(client, reset_staff):
    response = await client.get("/evidence/1", headers={"Authorization": f"Bearer {reset_staff}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "auth.password_change_required"


async def test_a_hash_with_older_parameters_is_replaced_at_the_next_sign_in(client, world):
    from argon2 import PasswordHasher

    from kinerja_core.auth.passwords import needs_rehash
    from kinerja_core.models import Account

    old = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(PASSWORD)
    await Account.filter(employee_id=world.staff.employee.id).update(password_hash=old)
    assert needs_rehash(old)
    assert (await login(client, world.staff.employee.nip, PASSWORD))["__typename"] == "LoginSuccess"
    account = await Account.get(employee_id=world.staff.employee.id)
    assert account.password_hash != old and not needs_rehash(account.password_hash)
    assert "$m=19456,t=2,p=1$" in account.password_hash
    again = await login(client, world.staff.employee.nip, PASSWORD)
    assert again["__typename"] == "LoginSuccess"
