"""Storyboard concept frames: queue one ``frame`` job per shot (FLUX.2, the shot's prompt and the reference images of
every element in it), in script order; the worker saves each candidate as an asset (``origin="concept"``,
``source_shot_id``) and the user picks one as ``shot.frame_asset_id`` (``PATCH`` the shot), which its video then
starts from.

:func:`queue_frames` is the one way frames are queued, for ``POST /projects/{id}/frames`` and for a batch alike.
A frame job does not own its shot (``last_job_id`` stays the shot's video job), so frames and videos of one shot
can wait in the queue together.

A batch's video may follow its shot's frame job (:func:`follow_frame_job`): queued as image-to-video before that
frame exists, it takes the shot's frame when it runs (:func:`start_from_made_frame`), and fails, saying why, if the
frame job did not make one, rather than running as a video of another kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from backend.db.engine import session_scope
from backend.db.tables import Element, Job, Scene, Shot
from backend.errors import InvalidInput, TooMany
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.schemas.frames import FramesRequest
from backend.services.element_injection import inject_elements_into_prompt
from backend.services.element_sheets import MAX_REFERENCE_IMAGES
from backend.services.job_queue import MAX_PENDING_JOBS
from backend.services.lookup import get_in_project, get_project

FRAME_KIND = "frame"
FRAME_STEPS = 28
FRAME_GUIDANCE = 4.0
# Said to FLUX.2 with the references, so that it takes the people and places from them rather than restyling them.
FRAME_PREFIX = "Cinematic film still, storyboard concept frame."
REFERENCES_NOTE = "The characters, places and objects look exactly as in the reference images."


def shot_label(shot: Shot) -> str:
    return f"shot {shot.index + 1}"


def select_shots(session: Session, project_id: str, body: FramesRequest) -> list[Shot]:
    """The shots ``body`` names (exactly one of ``shot_ids``, ``scene_id``, ``all``), in script order."""
    get_project(session, project_id)
    given = [body.shot_ids is not None, body.scene_id is not None, body.all]
    if sum(given) != 1:
        raise InvalidInput("name the shots: exactly one of shot_ids, scene_id or all: true")
    query = select(Shot).where(Shot.project_id == project_id)
    if body.scene_id is not None:
        get_in_project(session, Scene, project_id, body.scene_id)
        query = query.where(Shot.scene_id == body.scene_id)
    shots = list(session.exec(query.order_by(col(Shot.index))).all())
    if body.shot_ids is not None:
        by_id = {shot.id: shot for shot in shots}
        for shot_id in body.shot_ids:
            if shot_id not in by_id:
                get_in_project(session, Shot, project_id, shot_id)  # the 404 that names it
        wanted = set(body.shot_ids)
        shots = [shot for shot in shots if shot.id in wanted]
    if not shots:
        raise InvalidInput("there are no shots to make frames for" + (" in this scene" if body.scene_id else ""))
    return shots


def frame_references(elements: Sequence[Element]) -> list[str]:
    """Every reference image of the elements, taken in turns (each element's first, then each one's second …) so
    that every element is seen when the bound of :data:`MAX_REFERENCE_IMAGES` cuts the list."""
    out: list[str] = []
    depth = max((len(e.reference_asset_ids) for e in elements), default=0)
    for level in range(depth):
        for element in elements:
            if level < len(element.reference_asset_ids) and element.reference_asset_ids[level] not in out:
                out.append(element.reference_asset_ids[level])
    return out[:MAX_REFERENCE_IMAGES]


def frame_request(
    shot: Shot,
    elements: Sequence[Element],
    candidates: int,
    *,
    auto_pick: bool = False,
    replace_frame: bool = False,
    seed: int | None = None,
    num_inference_steps: int | None = None,
) -> dict:
    """The ``frame`` job's request for ``shot``: the shot's prompt with its elements injected, their references.
    ``auto_pick``: the first candidate becomes the shot's frame if it has none then; ``replace_frame``: even if it
    has one (a batch asked to regenerate frames)."""
    if not shot.prompt.strip():
        raise InvalidInput(f"{shot_label(shot)} has no prompt: describe it before making its frame")
    injected = inject_elements_into_prompt(shot.prompt, elements)
    if injected.unknown:
        raise InvalidInput(
            f"{shot_label(shot)} names unknown element {', '.join(injected.unknown)}: create it in the Elements "
            "panel or remove the @"
        )
    by_trigger = {e.trigger: e for e in elements}
    references = frame_references([by_trigger[t] for t in injected.used])
    prompt = f"{FRAME_PREFIX} {injected.prompt.strip()}"
    if references:
        prompt = f"{prompt} {REFERENCES_NOTE}"
    return {
        "prompt": prompt,
        "elements": list(injected.used),
        "reference_asset_ids": references,
        "candidates": candidates,
        "auto_pick": auto_pick,
        "replace_frame": replace_frame,
        "width": shot.width,
        "height": shot.height,
        "seed": shot.seed if seed is None else seed,
        "num_inference_steps": num_inference_steps or FRAME_STEPS,
        "guidance_scale": FRAME_GUIDANCE,
        "shot_index": shot.index,
    }


def _ensure_room_for(session: Session, project_id: str, count: int, limit: int) -> None:
    waiting = session.exec(
        select(func.count()).where(Job.project_id == project_id, Job.status == "pending")  # type: ignore[arg-type]
    ).one()
    if waiting + count > limit:
        raise TooMany(
            f"{count} frame job{'s' * (count != 1)} would make {waiting + count} waiting jobs in this project (at "
            f"most {limit}, MILIMO_MAX_PENDING_JOBS): wait for some to finish, or ask for fewer shots"
        )


def build_frame_jobs(
    session: Session,
    project_id: str,
    shots: Sequence[Shot],
    candidates: int = 1,
    *,
    auto_pick: bool = False,
    replace_frame: bool = False,
    seed: int | None = None,
    num_inference_steps: int | None = None,
) -> list[Job]:
    """Validated ``frame`` job rows for ``shots`` (not added to the session): all of them, or a 4xx that names the
    shot at fault."""
    elements = session.exec(select(Element).where(Element.project_id == project_id)).all()
    return [
        Job(
            project_id=project_id,
            shot_id=shot.id,
            kind=FRAME_KIND,
            request=frame_request(
                shot,
                elements,
                candidates,
                auto_pick=auto_pick,
                replace_frame=replace_frame,
                seed=seed,
                num_inference_steps=num_inference_steps,
            ),
        )
        for shot in shots
    ]


def queue_frames(
    session: Session,
    bus: EventBus,
    project_id: str,
    shots: Sequence[Shot],
    wake_worker: Callable[[], None],
    candidates: int = 1,
    *,
    auto_pick: bool = False,
    seed: int | None = None,
    num_inference_steps: int | None = None,
    max_pending: int = MAX_PENDING_JOBS,
) -> list[Job]:
    """Queue a ``frame`` job for each of ``shots`` (all or none), commit, announce ``job.queued``, wake the worker."""
    jobs = build_frame_jobs(
        session,
        project_id,
        shots,
        candidates,
        auto_pick=auto_pick,
        seed=seed,
        num_inference_steps=num_inference_steps,
    )
    _ensure_room_for(session, project_id, len(jobs), max_pending)
    for job in jobs:
        session.add(job)
    session.commit()
    for job in jobs:
        publish_job(bus, "job.queued", job)
    wake_worker()
    return jobs


def submit_frames(
    session: Session,
    bus: EventBus,
    project_id: str,
    body: FramesRequest,
    wake_worker: Callable[[], None],
    max_pending: int = MAX_PENDING_JOBS,
) -> list[Job]:
    """``POST /projects/{id}/frames``."""
    shots = select_shots(session, project_id, body)
    return queue_frames(
        session,
        bus,
        project_id,
        shots,
        wake_worker,
        body.candidates,
        auto_pick=body.auto_pick,
        seed=body.seed,
        num_inference_steps=body.num_inference_steps,
        max_pending=max_pending,
    )


FOLLOWS_FRAME_JOB = "frame_job_id"  # in a video job's request: the frame job whose frame it starts from


class FrameMissing(Exception):
    """A video that follows its shot's frame job runs without a frame to start from: it fails (never runs as a
    text-to-video, nor from an older frame), with a message that says why and what to do."""


def follow_frame_job(video_request: dict, frame_job: Job) -> dict:
    """``video_request`` made to start from the frame ``frame_job`` will make: image-to-video from the shot's frame,
    whose asset is known only once that job has run (``image_asset_id`` is set then)."""
    return {**video_request, "image_asset_id": None, "from_frame": True, FOLLOWS_FRAME_JOB: frame_job.id}


def _why_no_frame(frame_job: Job | None, shot: Shot | None) -> str | None:
    if frame_job is None:
        return "its frame job no longer exists"
    if frame_job.status == "failed":
        return f"its frame job ({frame_job.id}) failed: {frame_job.error}"
    if frame_job.status == "cancelled":
        return f"its frame job ({frame_job.id}) was cancelled"
    if frame_job.status != "completed":
        return f"its frame job ({frame_job.id}) has not finished (it is {frame_job.status})"
    if shot is None or shot.frame_asset_id is None:
        return "the shot has no frame any more (it was cleared or its image deleted after it was made)"
    return None


def start_from_made_frame(engine: Engine, job: Job) -> Job:
    """When a video that follows its shot's frame job starts: the job with ``image_asset_id`` set (and saved) to the
    shot's frame now — the one its frame job made, unless the user picked another since. Raises
    :class:`FrameMissing` when the frame job failed, was cancelled, or left no frame."""
    with session_scope(engine) as session:
        row = session.get(Job, job.id)
        if row is None:
            return job  # its project was deleted: the handler stops when it saves
        frame_job = session.get(Job, row.request.get(FOLLOWS_FRAME_JOB))
        shot = session.get(Shot, row.shot_id) if row.shot_id else None
        problem = _why_no_frame(frame_job, shot)
        if problem is not None:
            label = shot_label(shot) if shot is not None else "the shot"
            raise FrameMissing(
                f"not started: this video of {label} starts from the concept frame the batch made first, and "
                f"{problem}. Make or pick the shot's frame, then generate its video"
            )
        assert shot is not None and shot.frame_asset_id is not None  # _why_no_frame
        row.request = {**row.request, "image_asset_id": shot.frame_asset_id}
        session.add(row)
        return row
