"""One process, two database engines (the suite's PostgreSQL pass, a CLI called twice).

tortoise keeps each table's compiled INSERT/UPDATE/DELETE per connection *name*; opening SQLite
and then PostgreSQL under the name ``default`` would send SQLite's ``?`` placeholders to
PostgreSQL (seen as ``syntax error at or near "=?"``). ``kinerja_core.db.forget_compiled_sql``
runs whenever connections are opened.
"""

from __future__ import annotations

from tortoise import Tortoise

from kinerja_core import models
from kinerja_core.db import forget_compiled_sql, tortoise_config
from kinerja_core.settings import Settings


async def _rename_an_agency(url: str) -> str:
    forget_compiled_sql()
    config = tortoise_config(Settings(environment="test", database_url=url))
    await Tortoise.init(config=config, _create_db=True, _enable_global_fallback=True)
    try:
        await Tortoise.generate_schemas()
        agency = await models.Agency.create(code="X", name="Before")
        agency.name = "After"
        await agency.save(update_fields=["name"])  # the statement tortoise caches
        return (await models.Agency.get(id=agency.id)).name
    finally:
        if url.startswith("postgres"):
            await Tortoise._drop_databases()
        await Tortoise.close_connections()


async def test_an_update_compiled_for_sqlite_is_not_sent_to_the_next_database(tmp_path, settings):
    assert await _rename_an_agency(f"sqlite://{tmp_path / 'first.sqlite3'}") == "After"
    # the test's own database: PostgreSQL in the PostgreSQL pass, another SQLite file otherwise
    assert await _rename_an_agency(settings.database_url) == "After"
