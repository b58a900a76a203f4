"""Database rows → API bodies. Used by routes and by the worker's events, so both show the same shape."""

from __future__ import annotations

from backend.api.schemas.jobs import JobRead
from backend.api.schemas.project import AssetRead, ElementRead, SceneRead, ShotRead
from backend.api.schemas.segmentation import ShotMaskRead
from backend.db.tables import Asset, Element, Job, Scene, Shot, ShotMask
from backend.storage.paths import media_url


def clip_frames(shot: Shot) -> int | None:
    """Frames of the clip the shot plays now (an extension makes it longer than ``num_frames``)."""
    take = next((t for t in shot.params.get("takes", []) if t.get("video_path") == shot.video_path), None)
    if take is not None and take.get("num_frames"):
        return int(take["num_frames"])
    return shot.num_frames if shot.video_path else None


def shot_view(shot: Shot) -> ShotRead:
    return ShotRead(
        **shot.model_dump(exclude={"video_path", "thumbnail_path", "image_path", "created_at"}),
        clip_frames=clip_frames(shot),
        video_url=media_url(shot.project_id, shot.video_path),
        thumbnail_url=media_url(shot.project_id, shot.thumbnail_path),
        image_url=media_url(shot.project_id, shot.image_path),
    )


def scene_view(scene: Scene) -> SceneRead:
    return SceneRead.model_validate(scene, from_attributes=True)


def element_view(element: Element) -> ElementRead:
    return ElementRead.model_validate(element, from_attributes=True)


def asset_view(asset: Asset) -> AssetRead:
    return AssetRead(**asset.model_dump(exclude={"path"}), url=media_url(asset.project_id, asset.path) or "")


def job_view(job: Job) -> JobRead:
    return JobRead.model_validate(job, from_attributes=True)


def shot_mask_view(mask: ShotMask) -> ShotMaskRead:
    url = lambda relative: media_url(mask.project_id, relative)  # noqa: E731
    return ShotMaskRead(
        **mask.model_dump(exclude={"video_path", "data_path", "preview_path", "thumbnail_path"}),
        video_url=url(mask.video_path) or "", data_url=url(mask.data_path) or "",
        preview_url=url(mask.preview_path) or "", thumbnail_url=url(mask.thumbnail_path),
    )
