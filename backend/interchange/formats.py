"""Writers: an OTIO timeline → the bytes of an .otio file, a CMX 3600 EDL or a Final Cut Pro XML file."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Literal

import opentimelineio as otio

from backend.errors import InvalidInput

ExportFormat = Literal["otio", "edl", "fcpxml"]


@dataclass
class Exported:
    content: bytes
    filename: str
    media_type: str
    note: str | None = None  # what the format left out (sent as the X-Milimo-Export-Note header)
    headers: dict[str, str] = field(default_factory=dict)


def safe_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return stem[:80] or "timeline"


def _has_clips(track: otio.schema.Track) -> bool:
    return any(isinstance(item, otio.schema.Clip) for item in track)


def _edl_timeline(timeline: otio.schema.Timeline) -> tuple[otio.schema.Timeline, str]:
    """CMX 3600 holds one picture track: the lowest video track with clips (V1 as a rule)."""
    video = [t for t in timeline.video_tracks() if _has_clips(t)]
    if not video:
        raise InvalidInput("an EDL holds one video track, and no video track has clips: nothing to export")
    chosen = copy.deepcopy(video[0])
    for clip in chosen.find_clips():  # a reel name is one word of at most 8 letters/digits
        url = getattr(clip.media_reference, "target_url", "") or ""
        stem = re.sub(r"[^A-Za-z0-9]+", "", url.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        clip.metadata["cmx_3600"] = {"reel": stem[:8] or "AX"}
    left_out = [t.name for t in timeline.tracks if t is not video[0] and _has_clips(t)]
    out = otio.schema.Timeline(name=timeline.name, global_start_time=timeline.global_start_time)
    out.tracks.append(chosen)
    note = f"CMX 3600 EDL of video track {chosen.name} only"
    if left_out:
        note += f" (left out: {', '.join(left_out)})"
    return out, note


def _with_lengths(timeline: otio.schema.Timeline) -> otio.schema.Timeline:
    """FCP XML needs every file's length: a still has none of its own, so it gets what its clip uses."""
    out = copy.deepcopy(timeline)
    for clip in out.find_clips():
        ref = clip.media_reference
        if isinstance(ref, otio.schema.ExternalReference) and ref.available_range is None:
            used = clip.source_range
            ref.available_range = otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, used.duration.rate), used.end_time_exclusive()
            )
    return out


def write(timeline: otio.schema.Timeline, fmt: ExportFormat) -> Exported:
    if not any(_has_clips(t) for t in timeline.tracks):
        raise InvalidInput(f"the timeline has no clips: there is nothing to export as {fmt}")
    stem = safe_stem(timeline.name)
    if fmt == "otio":
        text = otio.adapters.write_to_string(timeline, "otio_json")
        return Exported(text.encode(), f"{stem}.otio", "application/vnd.opentimelineio+json")
    if fmt == "edl":
        single, note = _edl_timeline(timeline)
        text = otio.adapters.write_to_string(single, "cmx_3600", style="avid")
        text = text.rstrip("\n") + f"\n* {note}\n"  # a comment before the first event is not CMX 3600
        return Exported(text.encode(), f"{stem}.edl", "text/plain; charset=utf-8", note)
    text = otio.adapters.write_to_string(_with_lengths(timeline), "fcp_xml")
    return Exported(text.encode(), f"{stem}.xml", "application/xml", "Final Cut Pro 7 XML (xmeml)")
