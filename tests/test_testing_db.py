"""The fast test databases (kinerja_core.plugins.testing_db) are as fresh as new ones.

On SQLite each database is a copy of a template file; in the PostgreSQL pass it is a clone of
a template database, or the database of an earlier test renamed and emptied. Either way a
test sees empty tables, ids from the start and none of another test's own DDL.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from tortoise import Tortoise

from kinerja_core.db import tortoise_config
from kinerja_core.models import Agency
from kinerja_core.plugins.testing_db import fresh_database
from kinerja_core.settings import Settings


def fresh_url(tmp_path: Path) -> str:
    pattern = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
    if pattern.startswith("postgres"):
        return pattern.replace("{}", uuid.uuid4().hex[:12])
    return f"sqlite://{tmp_path / f'{uuid.uuid4().hex[:8]}.sqlite3'}"


def config(url: str) -> dict:
    return tortoise_config(Settings(environment="test", database_url=url))


async def test_the_next_database_has_empty_tables_and_ids_from_the_start(tmp_path):
    async with fresh_database(config(fresh_url(tmp_path))):
        first = await Agency.create(code="A", name="First")
        await Agency.create(code="B", name="Second")
        connection = Tortoise.get_connection("default")
        await connection.execute_script("CREATE TABLE left_behind (id INTEGER PRIMARY KEY)")
    async with fresh_database(config(fresh_url(tmp_path))):
        assert await Agency.all().count() == 0
        again = await Agency.create(code="C", name="Third")
        assert again.id == first.id  # the sequence starts over
        connection = Tortoise.get_connection("default")
        if connection.capabilities.dialect == "postgres":
            query = "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'"
        else:
            query = "SELECT count(*) FROM sqlite_master WHERE name = 'left_behind'"
        assert list((await connection.execute_query_dict(query))[0].values()) == [0]


async def test_the_same_name_twice_in_a_test_is_fresh_again(tmp_path):
    url = fresh_url(tmp_path)
    async with fresh_database(config(url)):
        await Agency.create(code="A", name="First")
    if url.startswith("sqlite"):  # a file of the test's own is kept as it is, as before
        return
    async with fresh_database(config(url)):
        assert await Agency.all().count() == 0
