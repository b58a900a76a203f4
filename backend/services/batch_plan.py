"""What a batch queues: the shots of its scope in script order (scene order, then shot index) and, per shot, the jobs
of the steps asked for (a concept frame, a video), skipping what is already generated unless ``regenerate``.

Each step is one function ``(session, shot, regenerate) -> Job | None`` (``None``: nothing to do for that shot),
so a new step kind plugs in without touching the planner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from backend.db.tables import Job, Scene, Shot
from backend.errors import DomainError, InvalidInput
from backend.schemas.batches import BatchWhat, GenerateAllRequest
from backend.schemas.jobs import GenerateRequest
from backend.schemas.views import shot_label
from backend.services import generation
from backend.services.lookup import get_in_project, get_project

Step = Callable[[Session, Shot, bool], Job | None]

FRAMES_UNAVAILABLE = (
    'concept frames are not available yet: generate videos (what: "videos") for now, or make a shot\'s first '
    "frame by hand (Text → Image, then Image → Video)"
)
# The video modes a batch runs as the shot's saved choice (the inspector's mode); any other saved mode (a still)
# means the shot's video is made from its prompt.
BATCH_VIDEO_MODES = ("t2v", "i2v", "keyframes")
IN_PROGRESS = ("queued", "generating")


def frame_job(session: Session, shot: Shot, regenerate: bool) -> Job | None:
    """The concept-frame step (FLUX.2 from the shot prompt and its elements' references, a job of its own kind).

    The seam for concept frames: return the shot's frame job (``None`` when it has its frame and not
    ``regenerate``). Until that job kind exists, asking a batch for frames is refused.
    """
    raise InvalidInput(FRAMES_UNAVAILABLE)


def video_request(shot: Shot) -> GenerateRequest:
    """What the single-shot Generate sends for this shot: its saved mode and inputs; every other field is the
    shot's own (generation.prepare reads omitted fields from the row)."""
    saved = shot.params.get("generation") if isinstance(shot.params, dict) else None
    saved = saved if isinstance(saved, dict) else {}
    mode = saved.get("mode") if saved.get("mode") in BATCH_VIDEO_MODES else "t2v"
    image = saved.get("image_asset_id") if mode == "i2v" else None
    return GenerateRequest(project_id=shot.project_id, shot_id=shot.id, mode=mode, image_asset_id=image)


def video_job(session: Session, shot: Shot, regenerate: bool) -> Job | None:
    if shot.video_path and not regenerate:
        return None
    job, _ = generation.prepare(session, video_request(shot))
    return job


STEPS: dict[BatchWhat, tuple[Step, ...]] = {
    "frames": (frame_job,),
    "videos": (video_job,),
    "both": (frame_job, video_job),
}


@dataclass
class PlannedShot:
    shot: Shot
    jobs: list[Job] = field(default_factory=list)
    skipped: str | None = None  # why nothing was queued for it


def shots_in_scope(session: Session, project_id: str, body: GenerateAllRequest) -> list[Shot]:
    """The scope's shots in script order: scenes by index, shots by index within them; shots in no scene last."""
    get_project(session, project_id)
    scenes = session.exec(select(Scene).where(Scene.project_id == project_id)).all()
    scene_order = {scene.id: scene.index for scene in scenes}
    query = select(Shot).where(Shot.project_id == project_id)
    if body.scope == "scene":
        assert body.scene_id is not None  # the request's validator
        scene = get_in_project(session, Scene, project_id, body.scene_id)
        query = query.where(Shot.scene_id == scene.id)
    shots = list(session.exec(query.order_by(col(Shot.index))).all())
    if not shots:
        where = f"scene {body.scene_id!r}" if body.scope == "scene" else "the project"
        raise InvalidInput(f"{where} has no shots: add shots or import a script first")
    last = len(scene_order)
    return sorted(shots, key=lambda s: (scene_order.get(s.scene_id, last) if s.scene_id else last, s.index))


def plan(session: Session, project_id: str, body: GenerateAllRequest) -> list[PlannedShot]:
    """Every shot of the scope with the jobs to queue for it (not added to the session). A shot whose request is
    refused refuses the whole batch, naming the shot: nothing is queued half-way."""
    planned: list[PlannedShot] = []
    for shot in shots_in_scope(session, project_id, body):
        entry = PlannedShot(shot)
        planned.append(entry)
        if shot.status in IN_PROGRESS:
            entry.skipped = f"already being generated (job {shot.last_job_id})"
            continue
        for step in STEPS[body.what]:
            try:
                job = step(session, shot, body.regenerate)
            except DomainError as error:
                if error.message == FRAMES_UNAVAILABLE:
                    raise
                raise type(error)(f"{shot_label(shot)}: {error.message}") from error
            if job is not None:
                entry.jobs.append(job)
        if not entry.jobs:
            entry.skipped = "already generated (regenerate: true makes a new take)"
    return planned
