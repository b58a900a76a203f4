"""The timeline's invariants (docs/timeline.md), as pure checks over in-memory placements: each raises a 422 that
names the clips, the track and the frames, so the message says what to fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backend.db.tables import Asset, Shot, Track
from backend.errors import InvalidInput
from backend.schemas.views import source_frames, source_kind

#: Which sources a track of each kind may show: a video asset may sit on an audio track for its sound.
FITS = {"video": frozenset({"shot", "image", "video"}), "audio": frozenset({"audio", "video"})}


@dataclass(slots=True)
class Placement:
    """A clip's editable fields, as the batch sees them (loaded, then changed in memory before anything is written)."""

    id: str
    track_id: str
    shot_id: str | None
    asset_id: str | None
    start_frame: int
    source_in: int
    duration: int
    version: int
    gain_db: float = 0.0
    fade_in: int = 0
    fade_out: int = 0

    @property
    def end(self) -> int:
        return self.start_frame + self.duration

    @property
    def source_id(self) -> str:
        return self.shot_id or self.asset_id  # type: ignore[return-value]


def track_label(track: Track) -> str:
    return f"{track.name or track.kind} ({track.id})"


def check_unlocked(track: Track, clip_id: str, action: str) -> None:
    if track.locked:
        raise InvalidInput(
            f"track {track_label(track)} is locked: unlock it to {action} clip {clip_id}",
            track_id=track.id,
            clips=[clip_id],
        )


def check_fits(track: Track, source: Shot | Asset, clip_id: str) -> None:
    kind = source_kind(source)
    if kind not in FITS[track.kind]:
        allowed = " and ".join(sorted(FITS[track.kind]))
        raise InvalidInput(
            f"clip {clip_id} shows a {kind} source, which cannot go on {track.kind} track "
            f"{track_label(track)} (it takes {allowed} sources)",
            track_id=track.id,
            clips=[clip_id],
        )


def check_bounds(clip: Placement, source: Shot | Asset, project_fps: float) -> None:
    length = source_frames(source, project_fps)
    if length is not None and clip.source_in + clip.duration > length:
        raise InvalidInput(
            f"clip {clip.id} shows source frames {clip.source_in}–{clip.source_in + clip.duration - 1}, but its "
            f"{source_kind(source)} source has {length} frames: make source_in + duration at most {length}",
            clips=[clip.id],
            frames=[clip.source_in, clip.source_in + clip.duration],
        )


def check_fades(clip: Placement) -> None:
    """Each audio fade fits in the clip (``fade_in`` and ``fade_out`` at most ``duration``; they may overlap)."""
    for name in ("fade_in", "fade_out"):
        value = getattr(clip, name)
        if value > clip.duration:
            raise InvalidInput(
                f"clip {clip.id}: {name} is {value} frames, longer than the clip ({clip.duration} "
                f"frames): make it at most {clip.duration}",
                clips=[clip.id],
                frames=[clip.start_frame, clip.end],
            )


def check_no_overlap(track: Track, clips: Iterable[Placement]) -> None:
    """Clips on one track never overlap (sorted once: O(n log n) for the track)."""
    ordered = sorted(clips, key=lambda c: (c.start_frame, c.end))
    for before, after in zip(ordered, ordered[1:]):
        if after.start_frame < before.end:
            raise InvalidInput(
                f"clips {before.id} and {after.id} overlap on track {track_label(track)}: frames "
                f"{after.start_frame}–{min(before.end, after.end) - 1} are covered by both ({before.id} covers "
                f"{before.start_frame}–{before.end - 1}, {after.id} covers {after.start_frame}–{after.end - 1}); "
                "move or trim one of them",
                track_id=track.id,
                clips=[before.id, after.id],
                frames=[after.start_frame, min(before.end, after.end)],
            )
