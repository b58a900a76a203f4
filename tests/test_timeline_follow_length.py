"""A shot's clips follow a new take length on one track (pure): whole-take clips grow or shrink, trimmed ones keep
their cut, free space is used first and only then do the clips after it ripple right; the track never overlaps."""

from __future__ import annotations

from backend.services.timeline_follow import follow_length
from backend.services.timeline_rules import Placement


def clip(clip_id: str, start: int, duration: int, shot: str = "a", source_in: int = 0, **fields: int) -> Placement:
    return Placement(clip_id, "v1", shot, None, start, source_in, duration, 1, **fields)


def layout(before: list[Placement], after: list[Placement]) -> dict[str, tuple[int, int]]:
    changed = {c.id: c for c in after}
    return {c.id: (changed.get(c.id, c).start_frame, changed.get(c.id, c).duration) for c in before}


def test_a_grown_take_ripples_the_clips_after_it_keeping_their_gaps() -> None:
    clips = [clip("x", 0, 9), clip("y", 9, 20, shot="b"), clip("z", 40, 5, shot="c")]
    after = follow_length(clips, "a", 9, 33)
    assert layout(clips, after) == {"x": (0, 33), "y": (33, 20), "z": (64, 5)}
    assert all(c.version == 2 for c in after)


def test_free_space_is_taken_before_anything_moves() -> None:
    clips = [clip("x", 0, 9), clip("y", 20, 5, shot="b"), clip("z", 30, 5, shot="c")]
    after = follow_length(clips, "a", 9, 25)  # 16 more frames: 11 free, then y and z move by 5
    assert layout(clips, after) == {"x": (0, 25), "y": (25, 5), "z": (35, 5)}
    assert [c.id for c in follow_length(clips, "a", 9, 15)] == ["x"]  # fits in the gap: nothing else moves


def test_a_trimmed_clip_keeps_its_cut_and_a_shorter_take_shortens_what_it_no_longer_has() -> None:
    clips = [clip("head", 0, 5), clip("tail", 5, 4, source_in=5), clip("cut", 20, 6, source_in=2)]
    grown = follow_length(clips, "a", 9, 33)
    assert layout(clips, grown) == {"head": (0, 5), "tail": (5, 28), "cut": (33, 6)}
    shrunk = follow_length(
        clips,
        "a",
        9,
        6,
    )
    assert layout(clips, shrunk) == {"head": (0, 5), "tail": (5, 1), "cut": (20, 4)}


def test_a_shrinking_clip_keeps_its_fades_within_it() -> None:
    (after,) = follow_length([clip("x", 0, 33, fade_in=20, fade_out=10)], "a", 33, 9)
    assert (after.duration, after.fade_in, after.fade_out) == (9, 9, 9)


def test_the_result_never_overlaps() -> None:
    clips = [clip("x", 0, 9), clip("y", 9, 9), clip("o", 18, 3, shot="b"), clip("z", 21, 9)]
    after = follow_length(clips, "a", 9, 50)
    spans = sorted(layout(clips, after).values())
    assert all(a[0] + a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert layout(clips, after)["y"][1] == 50  # both whole-take clips show all of the new take
