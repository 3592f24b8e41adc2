from tests.support import gql, ok


async def test_me_shows_derived_roles(client, world):
    body = await gql(client, "{ me { roles employee { nip name } } }", token=world.kasubag.token)
    me = ok(body, "me")
    assert me["roles"] == ["EMPLOYEE", "SUPERVISOR"]
    assert me["employee"]["nip"] == world.kasubag.employee.nip


async def test_agency_head_role_is_derived_from_heading_the_top_unit(client, world):
    body = await gql(client, "{ me { roles } }", token=world.head.token)
    assert ok(body, "me", "roles") == ["EMPLOYEE", "SUPERVISOR", "AGENCY_HEAD"]


async def test_anonymous_me_is_an_error_naming_sign_in(client, world):
    body = await gql(client, "{ me { roles } }", lang="en")
    assert body["errors"][0]["message"] == "Please sign in first."
    assert body["errors"][0]["extensions"]["code"] == "auth.required"
