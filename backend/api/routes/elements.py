"""Elements of a project (``@Hero`` and friends)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from backend.api.deps import SessionDep
from backend.schemas.project import ElementCreate, ElementRead, ElementUpdate
from backend.schemas.views import element_view
from backend.services import elements

router = APIRouter(prefix="/projects/{project_id}/elements", tags=["elements"])


@router.post("", response_model=ElementRead, status_code=status.HTTP_201_CREATED)
def create_element(project_id: str, body: ElementCreate, session: SessionDep) -> ElementRead:
    return element_view(elements.create_element(session, project_id, body))


@router.patch("/{element_id}", response_model=ElementRead, responses={409: {"description": "Stale version"}})
def update_element(project_id: str, element_id: str, body: ElementUpdate, session: SessionDep) -> ElementRead:
    return element_view(elements.update_element(session, project_id, element_id, body))


@router.delete("/{element_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_element(project_id: str, element_id: str, session: SessionDep) -> Response:
    elements.delete_element(session, project_id, element_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
