"""What a batch queues: the shots of its scope in script order (scene order, then shot index) and, per shot, the jobs
of the steps asked for (a concept frame, then a video), skipping what is already generated unless ``regenerate``.

Each step is one function ``(session, shot, regenerate, before) -> Job | str`` (``before``: the jobs already planned
for that shot; a string: why nothing is queued for it), so a new step kind plugs in without touching the planner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from backend.db.tables import Job, Scene, Shot
from backend.errors import DomainError, InvalidInput
from backend.models.loras.library import LoraLibrary
from backend.schemas.batches import BatchWhat, GenerateAllRequest
from backend.schemas.jobs import GenerateRequest
from backend.schemas.views import shot_label
from backend.services import concept_frames, generation
from backend.services.job_queue import TERMINAL
from backend.services.lookup import get_in_project, get_project

Step = Callable[[Session, Shot, bool, Sequence[Job], LoraLibrary | None], Job | str]

# The video modes a batch runs as the shot's saved choice (the inspector's mode); any other saved mode (a still)
# means the shot's video is made from its prompt.
BATCH_VIDEO_MODES = ("t2v", "i2v", "keyframes")
IN_PROGRESS = ("queued", "generating")
ALREADY_GENERATED = "already generated (regenerate: true makes a new take)"


def _frame_being_made(session: Session, shot: Shot) -> str | None:
    """The id of a frame job of ``shot`` still waiting or running (this batch's or another request's)."""
    return session.exec(
        select(Job.id).where(
            Job.shot_id == shot.id, Job.kind == concept_frames.FRAME_KIND, col(Job.status).not_in(TERMINAL)
        )
    ).first()


def frame_job(
    session: Session, shot: Shot, regenerate: bool, before: Sequence[Job] = (), loras: LoraLibrary | None = None
) -> Job | str:
    """The concept-frame step: one FLUX.2 candidate from the shot's prompt and its elements' references, which
    becomes the shot's frame when it is made (``auto_pick``; with ``regenerate`` it replaces the frame the shot had).
    Skipped when the shot has a frame and not ``regenerate``, or when a frame of it is being made."""
    if shot.frame_asset_id is not None and not regenerate:
        return "already has a frame (regenerate: true makes a new one)"
    making = _frame_being_made(session, shot)
    if making is not None:
        return f"its frame is being made (job {making})"
    [job] = concept_frames.build_frame_jobs(
        session, shot.project_id, [shot], 1, auto_pick=True, replace_frame=shot.frame_asset_id is not None
    )
    return job


def video_request(shot: Shot) -> GenerateRequest:
    """What the single-shot Generate sends for this shot: its saved mode and inputs; every other field is the
    shot's own (generation.prepare reads omitted fields from the row)."""
    saved = shot.params.get("generation") if isinstance(shot.params, dict) else None
    saved = saved if isinstance(saved, dict) else {}
    mode = saved.get("mode") if saved.get("mode") in BATCH_VIDEO_MODES else "t2v"
    image = saved.get("image_asset_id") if mode == "i2v" else None
    return GenerateRequest(project_id=shot.project_id, shot_id=shot.id, mode=mode, image_asset_id=image)


def _would_start_from_frame(job: Job) -> bool:
    """Whether the single-shot Generate would start this video from the shot's storyboard frame, had the shot one
    (generation.attach_elements' rule): it does (i2v ``from_frame``), or it is plain text-to-video — not upscaled,
    not pinning element references (``keyframes``), not from an image the user chose (i2v without ``from_frame``)."""
    return bool(job.request.get("from_frame")) or (job.kind == "t2v" and not job.request.get("upscale"))


def video_job(
    session: Session, shot: Shot, regenerate: bool, before: Sequence[Job] = (), loras: LoraLibrary | None = None
) -> Job | str:
    """The video step. After a frame step of the same batch, a video that would start from the shot's frame is an
    image-to-video job that follows that frame job: the frame does not exist yet, so the image is resolved when the
    job runs (concept_frames.start_from_made_frame)."""
    if shot.video_path and not regenerate:
        return ALREADY_GENERATED
    job, _ = generation.prepare(session, video_request(shot), loras)
    frame = next((j for j in before if j.kind == concept_frames.FRAME_KIND), None)
    if frame is not None and _would_start_from_frame(job):
        job.kind = "i2v"
        job.request = concept_frames.follow_frame_job(job.request, frame)
    return job


def video_after_frame(
    session: Session, shot: Shot, regenerate: bool, before: Sequence[Job] = (), loras: LoraLibrary | None = None
) -> Job | str:
    """The video step of "both": as :func:`video_job`, except for a shot whose frame another request is making
    (its frame step skipped it): its video would not start from that frame, which the user has yet to pick."""
    if not any(job.kind == concept_frames.FRAME_KIND for job in before):
        making = _frame_being_made(session, shot)
        if making is not None:
            return f"its frame is being made (job {making}): generate its video once its frame is picked"
    return video_job(session, shot, regenerate, before, loras)


STEPS: dict[BatchWhat, tuple[Step, ...]] = {
    "frames": (frame_job,),
    "videos": (video_job,),
    "both": (frame_job, video_after_frame),
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


def plan(
    session: Session, project_id: str, body: GenerateAllRequest, loras: LoraLibrary | None = None
) -> list[PlannedShot]:
    """Every shot of the scope with the jobs to queue for it (not added to the session). A shot whose request is
    refused refuses the whole batch, naming the shot: nothing is queued half-way."""
    planned: list[PlannedShot] = []
    for shot in shots_in_scope(session, project_id, body):
        entry = PlannedShot(shot)
        planned.append(entry)
        if shot.status in IN_PROGRESS:
            entry.skipped = f"already being generated (job {shot.last_job_id})"
            continue
        reasons: list[str] = []
        for step in STEPS[body.what]:
            try:
                outcome = step(session, shot, body.regenerate, entry.jobs, loras)
            except DomainError as error:
                # Name the shot, unless the message already does (concept frames' own "shot 3 has no prompt").
                named = error.message.lower().startswith(f"shot {shot.index + 1} ")
                raise type(error)(error.message if named else f"{shot_label(shot)}: {error.message}") from error
            if isinstance(outcome, Job):
                entry.jobs.append(outcome)
            else:
                reasons.append(outcome)
        if not entry.jobs:
            entry.skipped = "; ".join(dict.fromkeys(reasons))
    return planned
