"""Screenplay → storyboard: parse without saving; commit all or nothing, keeping what a re-import did not change."""

from __future__ import annotations

from sqlmodel import Session, col, select

from backend.db.tables import Clip, Element, Scene, Shot
from backend.errors import InvalidInput
from backend.schemas.storyboard import CommitResponse, ParseRequest, ParseResponse, Storyboard
from backend.services.element_injection import TRIGGER
from backend.services.elements import trigger_for
from backend.services.lookup import get_project
from backend.services.timeline import append_shots


def parse_script(body: ParseRequest) -> ParseResponse:
    from backend.screenplay import ScreenplayError, detect_format, parse, propose_storyboard

    fmt = body.format or detect_format(body.text)
    try:
        script = parse(body.text, fmt)
    except ScreenplayError as error:
        raise InvalidInput(str(error), line=error.line) from None  # "line N: …" when a line applies
    proposal = propose_storyboard(script)
    return ParseResponse(
        **proposal, format=fmt, title=script.title_page.get("title", ""), warnings=list(script.warnings)
    )


def _frames_for(seconds: float, fps: float) -> int:
    """The 8k+1 frame count closest to ``seconds`` (LTX-2's constraint), between 9 and 257."""
    k = max(1, min(32, round(seconds * fps / 8)))
    return 8 * k + 1


def commit_storyboard(session: Session, project_id: str, board: Storyboard) -> tuple[CommitResponse, list[Clip]]:
    """Save scenes, shots and elements in one transaction, placing the shots on the timeline in script order (the
    clips of new shots, returned, go at the end of the main video track).

    A new shot takes the proposal's built prompt (its script lines are kept in ``params.script_text``). A re-import
    matches scenes by heading and shots by (heading, script text): an unchanged shot is kept with its clip and its
    prompt as the user left it; new beats become new shots; shots no longer in the script are removed unless they
    were generated (then they are left where they are and counted, so no generated work is lost). Elements are
    matched by name: a new one takes the script's description, an existing one without a description gets it.
    """
    project = get_project(session, project_id)
    counts = dict(
        scenes_created=0, shots_created=0, shots_kept=0, shots_removed=0, shots_left_alone=0, elements_created=0
    )
    renamed = _commit_elements(session, project_id, board, counts)
    scenes = {s.heading: s for s in session.exec(select(Scene).where(Scene.project_id == project_id)).all()}
    shots = session.exec(select(Shot).where(Shot.project_id == project_id).order_by(col(Shot.index))).all()
    heading_of = {s.id: s.heading for s in scenes.values()}
    existing = {(heading_of.get(s.scene_id or ""), s.params.get("script_text", s.prompt)): s for s in shots}
    ordered: list[Shot] = []
    created: list[Shot] = []
    for scene_index, proposed in enumerate(board.scenes):
        scene = scenes.get(proposed.heading)
        if scene is None:
            scene = Scene(project_id=project_id, heading=proposed.heading)
            counts["scenes_created"] += 1
        scene.index, scene.location, scene.time_of_day = scene_index, proposed.location, proposed.time_of_day
        scene.synopsis = proposed.synopsis
        session.add(scene)
        session.flush()
        for beat in proposed.shots:
            shot = existing.pop((proposed.heading, beat.text), None)
            if shot is None:
                shot = Shot(
                    project_id=project_id,
                    scene_id=scene.id,
                    prompt=_retrigger(beat.prompt.strip() or beat.text, renamed),
                    width=project.width,
                    height=project.height,
                    fps=project.fps,
                    seed=project.seed,
                    num_frames=_frames_for(beat.duration_s, project.fps),
                )
                counts["shots_created"] += 1
                created.append(shot)
            else:
                counts["shots_kept"] += 1
            shot.params = {
                **shot.params,
                "script_text": beat.text,
                "source": beat.source,
                "framing": beat.framing,
                "characters": beat.characters,
                "script_duration_s": beat.duration_s,
            }
            ordered.append(shot)
    for leftover in existing.values():
        if leftover.video_path or leftover.image_path:
            counts["shots_left_alone"] += 1
            ordered.append(leftover)
        else:
            session.delete(leftover)
            counts["shots_removed"] += 1
    for index, shot in enumerate(ordered):
        shot.index = index
        session.add(shot)
    session.flush()
    clips = append_shots(session, project, created)  # new shots' clips go at the end of V1, in script order
    return CommitResponse(**counts), clips


def _commit_elements(session: Session, project_id: str, board: Storyboard, counts: dict[str, int]) -> dict[str, str]:
    """Create the proposed elements that are new (by name), fill empty descriptions of existing ones; returns the
    proposal's trigger → the element's real trigger, where they differ (a name whose trigger was taken, an element
    that had its own trigger), so the built prompts name the elements that exist."""
    rows = session.exec(select(Element).where(Element.project_id == project_id)).all()
    by_name = {e.name.lower(): e for e in rows}
    taken = {e.trigger.lower() for e in rows}
    renamed: dict[str, str] = {}
    for proposed in board.elements:
        element = by_name.get(proposed.name.lower())
        if element is None:
            trigger = trigger_for(proposed.name, None)
            if trigger.lower() in taken:
                trigger = trigger_for(f"{proposed.name} {proposed.type}", None)
            element = Element(
                project_id=project_id,
                name=proposed.name,
                trigger=trigger,
                element_type=proposed.type,
                description=proposed.description,
            )
            by_name[proposed.name.lower()] = element
            taken.add(trigger.lower())
            counts["elements_created"] += 1
        elif proposed.description and not element.description.strip():
            element.description = proposed.description
        session.add(element)
        wanted = trigger_for(proposed.name, None)
        if element.trigger.lower() != wanted.lower():
            renamed[wanted.lower()] = element.trigger
    return renamed


def _retrigger(prompt: str, renamed: dict[str, str]) -> str:
    if not renamed:
        return prompt
    return TRIGGER.sub(lambda m: renamed.get(m.group(0).lower(), m.group(0)), prompt)
