"""Ask the director (Gemma 3) to turn an instruction into a cinematic prompt, with the project as context."""

from __future__ import annotations

from sqlmodel import Session, col, select

from backend.db.tables import Element, Shot
from backend.errors import DomainError, InvalidInput
from backend.models.manager import AcceleratorBusy, ModelManager
from backend.schemas.director import EnrichRequest, EnrichResponse
from backend.services.lookup import get_in_project, get_project

BUSY_WAIT_S = 30.0


class Busy(DomainError):
    status_code = 503


def enrich(session: Session, models: ModelManager, body: EnrichRequest) -> EnrichResponse:
    from backend.models.gemma.director import MAX_ELEMENTS, DirectorContext
    from backend.models.gemma.director import enrich as run_director

    project = get_project(session, body.project_id)
    shot = get_in_project(session, Shot, project.id, body.shot_id) if body.shot_id else None
    shots = session.exec(select(Shot).where(Shot.project_id == project.id).order_by(col(Shot.index))).all()
    before = [s for s in shots if shot is None or s.index < shot.index]
    previous = before[-1].prompt if before else None
    # Only the elements this shot mentions: the director keeps their triggers verbatim.
    mentioned = f"{body.instruction} {shot.prompt if shot else ''}".lower()
    elements = [
        e
        for e in session.exec(select(Element).where(Element.project_id == project.id)).all()
        if e.trigger.lower() in mentioned
    ][:MAX_ELEMENTS]
    try:
        context = DirectorContext(
            project_name=project.name,
            width=project.width,
            height=project.height,
            fps=project.fps,
            previous_prompt=previous or None,
            shot_prompt=(shot.prompt or None) if shot else None,
            elements=tuple((e.trigger, e.description) for e in elements),
        )
    except ValueError as error:
        raise InvalidInput(f"cannot brief the director: {error}") from None
    if not models.is_available("director"):
        return EnrichResponse(
            prompt=body.instruction,
            instruction=body.instruction,
            used_director=False,
            test_model=False,
            message="No director model is configured (MILIMO_DIRECTOR_SOURCE=none): your text is used as written.",
        )
    test_model = models.is_test_model("director")
    try:
        with models.use("director", timeout=BUSY_WAIT_S) as director:
            result = run_director(
                director,
                body.instruction,
                context,
                seed=body.seed if body.seed is not None else project.seed,
                max_new_tokens=body.max_new_tokens,
            )
    except AcceleratorBusy as error:
        raise Busy(f"{error} (waited {BUSY_WAIT_S:.0f} s)") from None
    except ValueError as error:  # the director's own input checks (e.g. an instruction that is only markup)
        raise InvalidInput(str(error)) from None
    if not result.prompt.strip():
        return EnrichResponse(
            prompt=body.instruction,
            instruction=body.instruction,
            used_director=True,
            test_model=test_model,
            message="The director returned nothing usable; your text is used as written.",
        )
    message = (
        "Rewritten by the director. TEST MODEL: tiny random weights, so this text is noise, not a real rewrite."
        if test_model
        else "Rewritten by the director; edit it or accept it."
    )
    return EnrichResponse(
        prompt=result.prompt, instruction=body.instruction, used_director=True, test_model=test_model, message=message
    )
