"""SQLite calls run on the loop's thread, but a call that meets another connection's lock
waits for it off the loop instead of failing or freezing every other task."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from aftersales_common.db import Database


async def test_a_writer_meeting_another_connections_lock_waits_off_the_loop(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    first, second = Database(url), Database(url)  # two engines: as two processes would
    try:
        async with first.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))

        async def write(db: Database, n: int) -> None:
            async with db.session() as session, session.begin():
                await session.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})

        async with first.session() as session, session.begin():  # holds the writer lock
            await session.execute(text("INSERT INTO t (n) VALUES (1)"))
            waiting = asyncio.create_task(write(second, 2))
            ticks = 0
            for _ in range(20):  # the loop keeps running while the second writer waits
                await asyncio.sleep(0.01)
                ticks += 1
            assert ticks == 20 and not waiting.done()
        await asyncio.wait_for(waiting, 10)  # it went on once the first one committed

        async with second.read_session() as session:
            rows = (await session.execute(text("SELECT n FROM t ORDER BY n"))).scalars().all()
        assert rows == [1, 2]
    finally:
        await first.dispose()
        await second.dispose()
