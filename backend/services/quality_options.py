"""The inspector's quality presets of a shot: each one as the generation request would run it (the very checks a
request makes, so the inspector never promises what the server then refuses), with its expected time here."""

from __future__ import annotations

from sqlmodel import Session

from backend.db.tables import Shot
from backend.errors import InvalidInput, NotFound
from backend.models.loras.library import LoraLibrary
from backend.schemas.fields import QUALITIES
from backend.schemas.jobs import GenerateRequest
from backend.schemas.quality import QualityOption, QualityOptions
from backend.services import generation
from backend.services.job_timings import Estimator, passes_per_step
from backend.services.lookup import get_in_project, get_project

__all__ = ["quality_options"]


def quality_options(
    session: Session, project_id: str, shot_id: str, library: LoraLibrary | None, mode: str = "t2v"
) -> QualityOptions:
    """Each preset for the shot as it is saved, in ``mode``: what it runs, its expected time here (job timings),
    and whether it can run (the very checks a generation request makes, so the inspector never promises what the
    server then refuses)."""
    shot = get_in_project(session, Shot, project_id, shot_id)
    project = get_project(session, project_id)
    # The inspector keeps the start image of image-to-video in the shot's params (it has no column).
    saved = (shot.params or {}).get("generation") or {}
    image = saved.get("image_asset_id") if mode == "i2v" and isinstance(saved, dict) else None
    options = []
    for quality in QUALITIES:
        # A shot still without a prompt is not a preset's problem (the inspector says so on its own): estimate it as if
        # it had one.
        prompt = None if shot.prompt.strip() else "(no prompt yet)"
        body = GenerateRequest(
            project_id=project_id,
            shot_id=shot_id,
            mode=mode,
            quality=quality,
            image_asset_id=image or None,
            prompt=prompt,
        )
        try:
            job, _ = generation.prepare(session, body, library, check_busy=False)
        except (InvalidInput, NotFound) as refusal:
            options.append(
                QualityOption(quality=quality, steps=0, passes_per_step=0, available=False, reason=str(refusal))
            )
            continue
        estimate = Estimator(session, [job.kind]).seconds(job)
        options.append(
            QualityOption(
                quality=quality,
                steps=int(job.request.get("schedule_length") or job.request["num_inference_steps"]),
                passes_per_step=passes_per_step(job.request),
                seconds=round(estimate, 1) if estimate is not None else None,
                available=True,
            )
        )
    chosen = shot.quality or project.default_quality
    return QualityOptions(shot_id=shot_id, chosen=chosen, project_default=project.default_quality, options=options)
