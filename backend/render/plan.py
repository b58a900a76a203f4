"""What a render shows and plays, frame by frame, as in the editor's playback (web-app/src/timeline/playback.ts).

Picture: at each timeline frame, the clip of the topmost *playing* video track (with any video track soloed, only
soloed video tracks play; otherwise every unmuted one); no clip there → black. Sound: the visible clip's own sound
(while it is the one seen, when its track is heard) and every heard audio track's clips; "heard" uses solo across all
tracks: with any track soloed only soloed tracks are heard, else every unmuted one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RenderTrack:
    id: str
    kind: str  # video | audio
    index: int
    muted: bool = False
    solo: bool = False


@dataclass(frozen=True, slots=True)
class RenderClip:
    id: str
    track_id: str
    start_frame: int
    source_in: int
    duration: int
    source_kind: str  # shot | image | video | audio
    path: Path | None  # the file it plays (None: a shot not generated yet)
    has_audio: bool = False
    gain_db: float = 0.0
    fade_in: int = 0
    fade_out: int = 0

    @property
    def end(self) -> int:
        return self.start_frame + self.duration


@dataclass(frozen=True, slots=True)
class Segment:
    """Timeline frames ``[start, end)`` showing ``clip`` (None: black) from source frame ``source_start`` on."""

    start: int
    end: int
    clip: RenderClip | None

    @property
    def source_start(self) -> int:
        return self.clip.source_in + (self.start - self.clip.start_frame) if self.clip else 0


@dataclass(frozen=True, slots=True)
class SoundPiece:
    """``clip``'s sound heard over timeline frames ``[start, end)`` (its fades and gain follow the whole clip)."""

    clip: RenderClip
    start: int
    end: int


def _playing(tracks: list[RenderTrack]) -> list[RenderTrack]:
    soloed = any(t.solo for t in tracks)
    return [t for t in tracks if (t.solo if soloed else not t.muted)]


def timeline_end(clips: list[RenderClip]) -> int:
    return max((c.end for c in clips), default=0)


def video_segments(tracks: list[RenderTrack], clips: list[RenderClip], in_frame: int, out_frame: int) -> list[Segment]:
    """The picture of ``[in_frame, out_frame)`` as maximal runs of one clip (or black), in order.

    A sweep over the clips' boundaries (the only frames where the top clip can change): O(cuts × video tracks).
    Clips on one track never overlap (a server invariant), so each track has at most one clip at a frame.
    """
    playing = sorted(_playing([t for t in tracks if t.kind == "video"]), key=lambda t: t.index, reverse=True)
    lanes: list[list[RenderClip]] = []  # top track first, each lane by start frame
    for track in playing:
        lanes.append(
            sorted(
                (c for c in clips if c.track_id == track.id and c.end > in_frame and c.start_frame < out_frame),
                key=lambda c: c.start_frame,
            )
        )
    cuts = sorted(
        {
            in_frame,
            out_frame,
            *(max(in_frame, min(out_frame, f)) for lane in lanes for c in lane for f in (c.start_frame, c.end)),
        }
    )
    at = [0] * len(lanes)
    segments: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        top = None
        for n, lane in enumerate(lanes):
            while at[n] < len(lane) and lane[at[n]].end <= start:
                at[n] += 1
            if at[n] < len(lane) and lane[at[n]].start_frame <= start:
                top = lane[at[n]]
                break
        if segments and segments[-1].clip is top:
            segments[-1] = Segment(segments[-1].start, end, top)
        else:
            segments.append(Segment(start, end, top))
    return segments


def sound_pieces(
    tracks: list[RenderTrack], clips: list[RenderClip], segments: list[Segment], in_frame: int, out_frame: int
) -> list[SoundPiece]:
    """Every piece of sound in ``[in_frame, out_frame)``: the visible clips' own sound, then the audio tracks'."""
    heard = {t.id for t in _playing(tracks)}
    pieces = [
        SoundPiece(s.clip, s.start, s.end)
        for s in segments
        if s.clip is not None and s.clip.has_audio and s.clip.track_id in heard and s.clip.path is not None
    ]
    audio_tracks = {t.id for t in tracks if t.kind == "audio" and t.id in heard}
    for clip in clips:
        if clip.track_id in audio_tracks and clip.has_audio and clip.path is not None:
            start, end = max(clip.start_frame, in_frame), min(clip.end, out_frame)
            if start < end:
                pieces.append(SoundPiece(clip, start, end))
    return pieces
