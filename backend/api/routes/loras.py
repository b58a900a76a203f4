"""The LoRA library: files in <data>/loras (and MILIMO_LORA_FOLDERS), each checked against the models."""

from __future__ import annotations

from fastapi import APIRouter, Response, UploadFile, status

from backend.api.deps import StudioDep
from backend.schemas.loras import LoraRead
from backend.services import loras

router = APIRouter(prefix="/loras", tags=["loras"])


@router.get("", response_model=list[LoraRead])
def list_loras(studio: StudioDep) -> list[LoraRead]:
    """Every LoRA file, by name; files dropped into the folder appear here on the next call."""
    return loras.list_loras(studio.loras)


@router.post(
    "",
    response_model=LoraRead,
    status_code=status.HTTP_201_CREATED,
    responses={413: {"description": "Too large"}, 422: {"description": "Not a LoRA of LTX-2 or FLUX.2"}},
)
def upload_lora(file: UploadFile, studio: StudioDep) -> LoraRead:
    """A ``.safetensors`` LoRA, checked by its content (not its name) and stored under a server name."""
    return loras.store_upload(studio.loras, file.file, file.filename or "", studio.settings.max_upload_bytes)


@router.delete("/{lora_id}", status_code=status.HTTP_204_NO_CONTENT, responses={409: {"description": "Not ours"}})
def delete_lora(lora_id: str, studio: StudioDep) -> Response:
    loras.delete_lora(studio.loras, lora_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
