"""Many claimers, one queue, on a real PostgreSQL server: every pending job is claimed by exactly one of them
(``claim_next`` reads ``FOR UPDATE SKIP LOCKED``; docs/postgresql.md)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlmodel import select

from backend.db.engine import make_engine, session_scope
from backend.db.tables import Job, Project, utcnow
from backend.services.job_queue import claim_next
from backend.testing.postgres import PostgresCluster

JOBS = 40
CLAIMERS = 8


def test_concurrent_claimers_take_every_job_exactly_once(postgres: PostgresCluster) -> None:
    url = postgres.create_database()
    engine = make_engine(url)
    try:
        start = utcnow()
        with session_scope(engine) as session:
            project = Project(name="queue")
            session.add(project)
            session.flush()
            ids = []
            for n in range(JOBS):
                job = Job(project_id=project.id, kind="t2v", created_at=start + timedelta(milliseconds=n))
                session.add(job)
                ids.append(job.id)

        claimed: list[list[str]] = [[] for _ in range(CLAIMERS)]
        errors: list[BaseException] = []
        ready = threading.Barrier(CLAIMERS)

        def claimer(mine: list[str]) -> None:
            # Each claimer its own engine, as separate worker processes would have.
            own = make_engine(url)
            try:
                ready.wait(10)
                while (job := claim_next(own)) is not None:
                    mine.append(job.id)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                own.dispose()

        threads = [threading.Thread(target=claimer, args=(mine,)) for mine in claimed]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        taken = Counter(job_id for mine in claimed for job_id in mine)
        assert [job_id for job_id, times in taken.items() if times > 1] == []  # none claimed twice
        assert set(taken) == set(ids)  # and none left behind
        assert sum(1 for mine in claimed if mine) > 1, "one claimer took everything: the claims never overlapped"
        with session_scope(engine) as session:
            statuses = Counter(job.status for job in session.exec(select(Job)))
        assert statuses == {"running": JOBS}
    finally:
        engine.dispose()
        postgres.drop_database(url)
