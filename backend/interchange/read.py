"""An .otio file → plain tracks and clips in project frames (no database here: ``backend.services.timeline_import``
maps them onto the project)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

import opentimelineio as otio

from backend.errors import InvalidInput

MAX_TRACKS = 100
MAX_CLIPS = 5000  # one timeline edit batch


@dataclass
class ImportedClip:
    name: str
    start_frame: int
    source_in: int
    duration: int
    ids: dict[str, str]  # metadata["milimo"]: clip_id, shot_id | asset_id, track_id (when it came from here)
    file_name: str | None  # the media reference's file name
    audio: dict[str, Any] = field(default_factory=dict)  # metadata["milimo"]: gain_db, fade_in, fade_out


@dataclass
class ImportedTrack:
    kind: str  # video | audio
    name: str
    muted: bool
    clips: list[ImportedClip] = field(default_factory=list)


def parse(data: bytes) -> otio.schema.Timeline:
    try:
        parsed = otio.adapters.read_from_string(data.decode("utf-8"), "otio_json")
    except UnicodeDecodeError as error:
        raise InvalidInput("not an .otio file: it is not UTF-8 text") from error
    except Exception as error:  # noqa: BLE001 - OTIO raises many kinds for a malformed file
        raise InvalidInput(f"not an .otio file OpenTimelineIO can read: {str(error)[:300]}") from error
    if isinstance(parsed, otio.schema.SerializableCollection):
        timelines = [t for t in parsed.find_children(descended_from_type=otio.schema.Timeline)]
        if len(timelines) != 1:
            raise InvalidInput(f"the file holds {len(timelines)} timelines; import one timeline at a time")
        parsed = timelines[0]
    if not isinstance(parsed, otio.schema.Timeline):
        raise InvalidInput(f"the file holds a {type(parsed).__name__}, not a timeline")
    return parsed


def _frames(time: otio.opentime.RationalTime, fps: float) -> int:
    value = time.rescaled_to(fps).value
    if not math.isfinite(value):
        raise InvalidInput(f"a time in the file is not a finite number ({time.value} at rate {time.rate})")
    return int(round(value))


def _file_name(reference: otio.core.MediaReference | None) -> str | None:
    url = getattr(reference, "target_url", None)
    if not url:
        return None
    path = unquote(urlparse(url).path) if "://" in url else url
    return path.replace("\\", "/").rsplit("/", 1)[-1] or None


def _milimo(clip: otio.schema.Clip) -> Any:
    meta = clip.metadata.get("milimo") if hasattr(clip.metadata, "get") else None
    return meta if hasattr(meta, "get") else {}


def _ids(clip: otio.schema.Clip) -> dict[str, str]:
    meta = _milimo(clip)
    return {k: str(meta.get(k)) for k in ("clip_id", "shot_id", "asset_id", "track_id") if meta.get(k)}


def _audio(clip: otio.schema.Clip) -> dict[str, Any]:
    meta = _milimo(clip)
    return {
        k: meta.get(k)
        for k in ("gain_db", "fade_in", "fade_out")
        if isinstance(meta.get(k), (int, float)) and not isinstance(meta.get(k), bool)
    }


def _track(track: otio.schema.Track, fps: float, n: int) -> ImportedTrack:
    kind = {otio.schema.TrackKind.Video: "video", otio.schema.TrackKind.Audio: "audio"}.get(track.kind)
    if kind is None:
        raise InvalidInput(f"track {n} ({track.name!r}) is of kind {track.kind!r}; only Video and Audio tracks import")
    out = ImportedTrack(kind=kind, name=(track.name or "").strip()[:100], muted=not track.enabled)
    for item in track:
        if isinstance(item, (otio.schema.Gap, otio.schema.Transition)):
            continue  # a transition does not take time of its own; gaps are where nothing plays
        if not isinstance(item, otio.schema.Clip):
            raise InvalidInput(
                f"track {track.name!r} holds a {type(item).__name__} (a nested composition); "
                "flatten it in your editor before importing"
            )
        try:
            placed = item.range_in_parent()
            source = item.trimmed_range()
        except Exception as error:  # noqa: BLE001 - e.g. a clip with no range of its own or of its media
            raise InvalidInput(f"clip {item.name!r} on track {track.name!r} has no usable range: {error}") from error
        out.clips.append(
            ImportedClip(
                name=item.name,
                start_frame=_frames(placed.start_time, fps),
                source_in=_frames(source.start_time, fps),
                duration=_frames(source.duration, fps),
                ids=_ids(item),
                file_name=_file_name(item.media_reference),
                audio=_audio(item),
            )
        )
    return out


def read_tracks(timeline: otio.schema.Timeline, fps: float) -> list[ImportedTrack]:
    tracks = [t for t in timeline.tracks if isinstance(t, otio.schema.Track)]
    if len(tracks) != len(timeline.tracks):
        raise InvalidInput("the timeline's stack holds something other than tracks; flatten it before importing")
    if len(tracks) > MAX_TRACKS:
        raise InvalidInput(f"the timeline has {len(tracks)} tracks; at most {MAX_TRACKS} import at once")
    out = [_track(t, fps, n) for n, t in enumerate(tracks)]
    total = sum(len(t.clips) for t in out)
    if total == 0:
        raise InvalidInput("the timeline has no clips: nothing to import")
    if total > MAX_CLIPS:
        raise InvalidInput(f"the timeline has {total} clips; at most {MAX_CLIPS} import at once")
    return out
