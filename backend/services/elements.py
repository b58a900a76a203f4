"""Elements: named characters, places, objects and styles with reference images (``@Hero``)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from backend.db.tables import Asset, Element
from backend.errors import Conflict
from backend.schemas.project import ElementCreate, ElementUpdate
from backend.schemas.views import element_view
from backend.services.lookup import get_in_project, get_project
from backend.services.versioning import apply_update


def trigger_for(name: str, trigger: str | None) -> str:
    """``@Name`` from an explicit trigger or from the name (letters, digits and underscores only)."""
    if trigger:
        return "@" + trigger.lstrip("@")
    word = re.sub(r"[^A-Za-z0-9_]+", "", name.title()) or "Element"
    return "@" + (word if word[0].isalpha() else "E" + word)


def _check_assets(session: Session, project_id: str, asset_ids: list[str]) -> None:
    for asset_id in asset_ids:
        get_in_project(session, Asset, project_id, asset_id)


def _check_trigger_free(session: Session, project_id: str, trigger: str, element_id: str | None = None) -> None:
    for other in session.exec(select(Element).where(Element.project_id == project_id)).all():
        if other.id != element_id and other.trigger.lower() == trigger.lower():
            raise Conflict(f"trigger {trigger} is already used by element {other.name!r}; choose another")


def create_element(session: Session, project_id: str, body: ElementCreate) -> Element:
    get_project(session, project_id)
    _check_assets(session, project_id, body.reference_asset_ids)
    trigger = trigger_for(body.name, body.trigger)
    _check_trigger_free(session, project_id, trigger)
    element = Element(**body.model_dump(exclude={"trigger"}), trigger=trigger, project_id=project_id)
    session.add(element)
    session.flush()
    return element


def update_element(session: Session, project_id: str, element_id: str, body: ElementUpdate) -> Element:
    element = get_in_project(session, Element, project_id, element_id)
    if body.reference_asset_ids is not None:
        _check_assets(session, project_id, body.reference_asset_ids)
    if body.trigger is not None:
        body = body.model_copy(update={"trigger": trigger_for(element.name, body.trigger)})
        _check_trigger_free(session, project_id, body.trigger, element_id)  # type: ignore[arg-type]
    return apply_update(session, element, body, element_view)


def delete_element(session: Session, project_id: str, element_id: str) -> None:
    session.delete(get_in_project(session, Element, project_id, element_id))
