"""Which stretch of a take a retake generates: the range, context on both sides, a length the model makes.

Pure arithmetic on frame numbers (no media library), shared by the request checks and the job.
"""

from __future__ import annotations

__all__ = ["RETAKE_CONTEXT_FRAMES", "RETAKE_MAX_FRAMES", "retake_window"]


#: The longest window one retake generates (about 10 s at 24 fps, what LTX-2 makes well in one call).
RETAKE_MAX_FRAMES = 257
#: Frames kept on each side of the range inside the window, as context for the seams (1 s at 24 fps). Frames further
#: away are not generated at all (they are spliced from the take as they are): a 2 s retake in a 5 s shot denoises
#: 97 frames, not 121.
RETAKE_CONTEXT_FRAMES = 24


def retake_window(total: int, start: int, end: int, ratio: int, max_frames: int = RETAKE_MAX_FRAMES) -> tuple[int, int]:
    """``(offset, length)``: the stretch of a ``total``-frame take a retake of ``start .. end`` generates.

    The range with up to :data:`RETAKE_CONTEXT_FRAMES` of context on each side, ``length`` being ``1 + k * ratio``
    (what the model makes) and at most ``max_frames``. Where the rounding up runs past the take's end the window
    moves back over earlier frames instead; only a take shorter than one window is padded past its end (the caller
    repeats the last frame there and drops it after). Raises ``ValueError`` when the range alone does not fit.
    """
    if not 0 <= start <= end < total:
        raise ValueError(f"the range {start}..{end} is outside the take (frames 0..{total - 1})")

    def fit(frames: int) -> int:
        return 1 + -(-(frames - 1) // ratio) * ratio  # the next 1 + k * ratio at or above

    limit = 1 + (max_frames - 1) // ratio * ratio
    if fit(end - start + 1) > limit:
        raise ValueError(
            f"a retake regenerates at most {limit} frames at once; the range {start}..{end} has {end - start + 1}"
        )
    offset = max(0, start - RETAKE_CONTEXT_FRAMES)
    length = min(limit, fit(min(total, end + 1 + RETAKE_CONTEXT_FRAMES) - offset))
    if offset + length <= end:  # the cap cut the context after the range: start the window later instead
        offset = end + 1 - length
    if offset + length > total:  # rounded up past the end: take earlier frames rather than padding
        offset = max(0, total - length)
    return offset, length
