"""Generation requests: validate against the project, record a pending job, wake the worker; cancel jobs."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from backend.db.tables import Element, Job, Shot, utcnow
from backend.errors import Conflict, InvalidInput, NotFound
from backend.events.bus import EventBus
from backend.events.studio import publish_job, publish_shot
from backend.models.loras.library import LoraLibrary
from backend.schemas.guidance import GUIDANCE_FIELDS
from backend.schemas.jobs import VIDEO_MODES, GenerateRequest
from backend.services.control_choices import CONTROL_MODES, resolve_control
from backend.services.element_injection import inject_elements_into_prompt
from backend.services.element_sheets import MAX_REFERENCE_IMAGES, element_sheet_prompt
from backend.services.generation_inputs import mode_inputs
from backend.services.job_queue import MAX_PENDING_JOBS, TERMINAL, ensure_room, settle_shot_after
from backend.services.lookup import get_in_project, get_project
from backend.services.lora_choices import FAMILY_OF_MODE, resolve_loras
from backend.services.quality import chosen_quality, settle_quality

# Fields a generation request may override; anything omitted is taken from the shot (or the project for stills).
_SHOT_FIELDS = (
    "prompt",
    "negative_prompt",
    "width",
    "height",
    "num_frames",
    "fps",
    "seed",
    "num_inference_steps",
    "guidance_scale",
    *GUIDANCE_FIELDS,
    "audio_asset_id",
    "duration_from_audio",
)
_IMAGE_DEFAULTS = {
    "prompt": "",
    "negative_prompt": "",
    "num_frames": 1,
    "num_inference_steps": 28,
    "guidance_scale": 4.0,
}


def submit(
    session: Session,
    bus: EventBus,
    body: GenerateRequest,
    wake_worker: Callable[[], None],
    max_pending: int = MAX_PENDING_JOBS,
    loras: LoraLibrary | None = None,
) -> Job:
    job, shot = prepare(session, body, loras)
    ensure_room(session, body.project_id, max_pending)
    session.add(job)
    session.flush()
    mark_queued(session, job, shot)
    session.commit()
    announce(bus, job, shot)
    wake_worker()
    return job


def prepare(
    session: Session, body: GenerateRequest, loras: LoraLibrary | None = None, *, check_busy: bool = True
) -> tuple[Job, Shot | None]:
    """Validate ``body`` against the project and build its job row (not added to the session): the one way a
    generation request becomes a job, for a single shot and for a batch alike. ``loras``: the library its LoRAs and
    camera move are checked against. ``check_busy=False``: what the job would be even while the shot generates (the
    inspector's estimates)."""
    project = get_project(session, body.project_id)
    shot = get_in_project(session, Shot, body.project_id, body.shot_id) if body.shot_id else None
    if body.mode in VIDEO_MODES and shot is None:
        raise InvalidInput(f"mode {body.mode} needs shot_id: a video is generated into a shot")
    if check_busy and shot is not None and shot.status in ("queued", "generating"):
        raise Conflict(
            f"shot {shot.id!r} is already being generated (job {shot.last_job_id}); wait for it or cancel it first"
        )
    if shot is not None:
        request = {name: getattr(shot, name) for name in _SHOT_FIELDS}
    else:
        request = {
            **_IMAGE_DEFAULTS,
            "width": project.width,
            "height": project.height,
            "fps": project.fps,
            "seed": project.seed,
        }
    request.update(body.model_dump(include=set(_SHOT_FIELDS), exclude_none=True))
    if body.element_id is not None and body.mode in ("t2i", "edit"):
        # An element's visual: a character sheet, a location plate, a prop sheet (by its kind).
        element = get_in_project(session, Element, body.project_id, body.element_id)
        request["prompt"] = element_sheet_prompt(element, request["prompt"])
    if not request["prompt"].strip():
        raise InvalidInput("the prompt is empty: describe what to generate")
    request.update(mode_inputs(session, body, shot, request))
    request["upscale"] = body.upscale
    # A shot's LoRAs and camera move are LTX-2's: its video modes take them; a still of the shot gives its own.
    shot_defaults = shot is not None and FAMILY_OF_MODE.get(body.mode) == "ltx2"
    choices = [c.model_dump() for c in body.loras] if body.loras is not None else (shot.loras if shot_defaults else [])
    camera = body.camera if body.camera is not None else (shot.camera if shot_defaults else None)
    request["loras"] = resolve_loras(loras, body.mode, choices, camera)
    # A shot's saved control guides the modes that generate it anew; extending or retaking its take does not ask for it.
    saved_control = shot.control if shot is not None and body.mode in CONTROL_MODES else None
    control = body.control.model_dump() if body.control is not None else saved_control
    request["control"] = resolve_control(session, loras, body.project_id, body.mode, control, request)
    request["written_prompt"] = request["prompt"]  # before @Triggers become descriptions: what a promotion resends
    kind = attach_elements(session, body.project_id, body.mode, request, shot)
    explicit = body.quality is not None or body.upscale
    settle_quality(request, chosen_quality(body, shot, project), kind, loras, explicit=explicit)
    return Job(project_id=body.project_id, shot_id=shot.id if shot else None, kind=kind, request=request), shot


def mark_queued(session: Session, job: Job, shot: Shot | None) -> None:
    """The shot shows its new job (after the job row is flushed, so it has an id)."""
    if shot is not None:
        shot.status = "queued"
        shot.last_job_id = job.id
        session.add(shot)


def announce(bus: EventBus, job: Job, shot: Shot | None) -> None:
    """After the commit: tell the clients about the queued job and its shot."""
    publish_job(bus, "job.queued", job)
    if shot is not None:
        publish_shot(bus, shot)


ELEMENT_CONDITIONING_STRENGTH = 0.6  # a character's look guides the first frame without pinning it


def attach_elements(session: Session, project_id: str, mode: str, request: dict, shot: Shot | None = None) -> str:
    """Replace ``@Triggers`` by their descriptions and attach the elements' reference images: FLUX.2 reference
    images for stills. Text-to-video of a shot with a storyboard frame starts from that frame (image-to-video): the
    elements reach the video through it. Only a shot with ``pin_element_refs`` pins its first element reference at
    frame 0 instead (the behaviour before storyboard frames). Returns the mode the job runs as."""
    elements = session.exec(select(Element).where(Element.project_id == project_id)).all()
    injected = inject_elements_into_prompt(request["prompt"], elements)
    if injected.unknown:
        raise InvalidInput(
            f"unknown element {', '.join(injected.unknown)}: create it in the Elements panel or remove the @"
        )
    request["prompt"], request["elements"] = injected.prompt, list(injected.used)
    references = list(injected.reference_asset_ids)
    if mode == "t2v" and shot is not None and not request.get("upscale"):
        if shot.pin_element_refs and references:
            request["conditioning"] = [
                {"asset_id": references[0], "frame": 0, "strength": ELEMENT_CONDITIONING_STRENGTH}
            ]
            return "keyframes"
        if shot.frame_asset_id is not None:
            request["image_asset_id"], request["from_frame"] = shot.frame_asset_id, True
            return "i2v"
        return mode
    if not references:
        return mode
    if mode == "t2i":
        request["reference_asset_ids"] = references[:MAX_REFERENCE_IMAGES]
        return "edit"
    if mode == "edit":
        merged = dict.fromkeys([*request["reference_asset_ids"], *references])
        request["reference_asset_ids"] = list(merged)[:MAX_REFERENCE_IMAGES]
    return mode


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id!r} does not exist")
    return job


def list_jobs(session: Session, project_id: str, limit: int = 100) -> list[Job]:
    get_project(session, project_id)
    query = select(Job).where(Job.project_id == project_id).order_by(col(Job.created_at).desc()).limit(limit)
    return list(session.exec(query).all())


def cancel(session: Session, bus: EventBus, job_id: str, signal_worker: Callable[[str], None]) -> Job:
    """A pending job is cancelled at once; a running one is flagged and stops at the next denoising step."""
    job = get_job(session, job_id)
    if job.status in TERMINAL:
        return job
    if job.status == "pending":
        job.status = "cancelled"
        job.finished_at = utcnow()
        job.error = "cancelled before it started"
        shot = session.get(Shot, job.shot_id) if job.shot_id else None
        if shot is not None and shot.last_job_id == job.id:
            settle_shot_after(shot, "cancelled")
            session.add(shot)
        session.add(job)
        session.commit()
        publish_job(bus, "job.cancelled", job)
        if shot is not None:
            publish_shot(bus, shot)
        return job
    job.cancel_requested = True
    session.add(job)
    session.commit()
    signal_worker(job.id)
    return job
