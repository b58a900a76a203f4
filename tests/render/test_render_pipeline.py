"""The render pipeline without the studio: which source frame appears at each timeline frame, the mix's levels,
ranges, formats and letterboxing — on sources whose frames say which frame they are (tests/render/media.py)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from backend.render.formats import unavailable_reason
from backend.render.plan import RenderClip, RenderTrack, video_segments
from backend.render.run import render_timeline
from backend.render.timeline import RenderTimeline
from tests.render.media import RATE, identify, read_frames, read_sound, write_source

FPS = 24
SPF = RATE // FPS  # samples per frame (2000)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sources")
    return {
        "a": write_source(root / "a.mp4", 48, FPS, 64, 64, seed=0, level=0.5),
        "b": write_source(root / "b.mp4", 48, FPS, 64, 64, seed=1, level=0.25),
        "wide": write_source(root / "wide.mp4", 12, FPS, 128, 32, seed=0, level=None),
        "music": write_source(root / "music.mp4", 96, FPS, 16, 16, level=0.4, freq=660.0),
    }


V1, V2, A1 = RenderTrack("v1", "video", 0), RenderTrack("v2", "video", 1), RenderTrack("a1", "audio", 0)


def clip(name: str, track: str, start: int, duration: int, path: Path, source_in: int = 0, **kw: object) -> RenderClip:
    return RenderClip(name, track, start, source_in, duration, "video", path, has_audio=kw.pop("has_audio", True), **kw)  # type: ignore[arg-type]


def render(
    tmp_path: Path,
    tracks: list[RenderTrack],
    clips: list[RenderClip],
    in_frame: int,
    out_frame: int,
    fmt: str = "h264",
    size: tuple[int, int] = (64, 64),
) -> tuple[Path, object]:
    timeline = RenderTimeline(size[0], size[1], FPS, tracks, clips, [])
    path = tmp_path / f"out.{'mp4' if fmt == 'h264' else 'mov'}"
    return path, render_timeline(timeline, in_frame, out_frame, fmt, path)


def shown(path: Path) -> list[int | str]:
    """Per rendered frame: -1 black, else 'a7' / 'b3' (source and frame)."""
    return [identify(rgb) for rgb in read_frames(path)]


def rms(sound: np.ndarray, first_frame: int, last_frame: int) -> float:
    """RMS of the left channel over frames [first, last), a frame's margin trimmed at each side (AAC edges)."""
    part = sound[0, (first_frame + 1) * SPF : (last_frame - 1) * SPF]
    return float(np.sqrt(np.mean(part.astype(np.float64) ** 2)))


SINE_RMS = 1 / np.sqrt(2)


def test_trim_upper_track_covers_lower_and_gaps_are_black(tmp_path: Path, sources: dict[str, Path]) -> None:
    # V1: a, timeline 0..20 showing source 5..25 (trimmed in); V2: b over 8..12 showing b's 30..34; then a gap
    # 20..24 and a's source 0..4 at 24..28.
    clips = [
        clip("a1", "v1", 0, 20, sources["a"], source_in=5),
        clip("b", "v2", 8, 4, sources["b"], source_in=30),
        clip("a2", "v1", 24, 4, sources["a"]),
    ]
    path, output = render(tmp_path, [V1, V2, A1], clips, 0, 28)
    seen = shown(path)
    assert len(seen) == 28 and output.frames == 28
    assert seen[:8] == [f"a{5 + i}" for i in range(8)]
    assert seen[8:12] == ["b30", "b31", "b32", "b33"]  # the upper track wins
    assert seen[12:20] == [f"a{5 + i}" for i in range(12, 20)]  # the lower clip continues where it would be
    assert seen[20:24] == [-1] * 4  # gap
    assert seen[24:] == ["a0", "a1", "a2", "a3"]
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        assert video.frames == 28 and float(container.duration / av.time_base) == pytest.approx(28 / FPS, abs=0.03)
    # Sound: a (0.5) except where b (0.25) is seen; silence in the gap.
    sound = read_sound(path)
    assert rms(sound, 0, 8) == pytest.approx(0.5 * SINE_RMS, rel=0.05)
    assert rms(sound, 8, 12) == pytest.approx(0.25 * SINE_RMS, rel=0.05)  # the covered clip is not heard
    assert rms(sound, 20, 24) < 1e-3
    assert rms(sound, 24, 28) == pytest.approx(0.5 * SINE_RMS, rel=0.05)


def test_muted_and_soloed_tracks(tmp_path: Path, sources: dict[str, Path]) -> None:
    clips = [
        clip("a", "v1", 0, 10, sources["a"]),
        clip("b", "v2", 0, 10, sources["b"]),
        clip("m", "a1", 0, 10, sources["music"], source_in=40),
    ]
    muted_v2 = RenderTrack("v2", "video", 1, muted=True)
    path, _ = render(tmp_path, [V1, muted_v2, A1], clips, 0, 10)
    assert shown(path) == [f"a{i}" for i in range(10)]  # the muted upper track is not seen
    sound = read_sound(path)
    assert rms(sound, 0, 10) == pytest.approx(np.hypot(0.5, 0.4) * SINE_RMS, rel=0.08)  # a + music (uncorrelated sines)
    muted_a1 = RenderTrack("a1", "audio", 0, muted=True)
    path, _ = render(tmp_path, [V1, V2, muted_a1], clips, 0, 10)
    assert shown(path) == [f"b{i}" for i in range(10)]
    assert rms(read_sound(path), 0, 10) == pytest.approx(0.25 * SINE_RMS, rel=0.05)  # b alone, music muted
    solo_a1 = RenderTrack("a1", "audio", 0, solo=True)
    path, _ = render(tmp_path, [V1, V2, solo_a1], clips, 0, 10)
    assert shown(path) == [f"b{i}" for i in range(10)]  # audio solo keeps the picture
    assert rms(read_sound(path), 0, 10) == pytest.approx(0.4 * SINE_RMS, rel=0.05)  # only the soloed music


def test_gain_and_fades(tmp_path: Path, sources: dict[str, Path]) -> None:
    clips = [
        clip("a", "v1", 0, 24, sources["a"], has_audio=False),
        clip("m", "a1", 0, 24, sources["music"], gain_db=-6.0, fade_in=6, fade_out=12),
    ]
    path, output = render(tmp_path, [V1, A1], clips, 0, 24)
    assert output.has_audio
    sound = read_sound(path)[0]
    gain = 10 ** (-6 / 20)
    # The middle (frames 6..12): full level × gain.
    assert rms(sound[None], 6, 12) == pytest.approx(0.4 * gain * SINE_RMS, rel=0.05)
    # The envelope, by peak per frame: rises linearly over 6 frames, falls over the last 12.
    peaks = [float(np.abs(sound[f * SPF : (f + 1) * SPF]).max()) for f in range(24)]
    for f in (1, 3, 5):
        assert peaks[f] == pytest.approx(0.4 * gain * (f + 1) / 6, abs=0.02)
    for f in (14, 18, 22):
        assert peaks[f] == pytest.approx(0.4 * gain * (24 - f) / 12, abs=0.02)
    # Loud: +24 dB clips at 1.
    loud = [clip("a", "v1", 0, 6, sources["a"], gain_db=24.0)]
    path, _ = render(tmp_path, [V1, A1], loud, 0, 6)
    assert float(np.abs(read_sound(path)[0, SPF : 5 * SPF]).max()) == pytest.approx(
        1.0, abs=0.06
    )  # AAC rings a little over a clipped wave


def test_range_renders_only_its_frames_and_sound(tmp_path: Path, sources: dict[str, Path]) -> None:
    clips = [clip("a", "v1", 10, 30, sources["a"], source_in=2)]
    path, output = render(tmp_path, [V1, A1], clips, 5, 20)
    assert output.frames == 15
    assert shown(path) == [-1] * 5 + [f"a{i}" for i in range(2, 12)]
    sound = read_sound(path)
    assert rms(sound, 0, 5) < 1e-3 and rms(sound, 5, 15) == pytest.approx(0.5 * SINE_RMS, rel=0.05)
    silent = [clip("a", "v1", 0, 10, sources["wide"], has_audio=False)]
    path, output = render(tmp_path, [V1, A1], silent, 0, 10)
    assert output.has_audio is False
    with av.open(str(path)) as container:
        assert not container.streams.audio  # nothing heard: no sound track at all


def test_a_source_of_another_size_is_letterboxed(tmp_path: Path, sources: dict[str, Path]) -> None:
    path, _ = render(tmp_path, [V1, A1], [clip("w", "v1", 0, 3, sources["wide"], has_audio=False)], 0, 3)
    frame = read_frames(path)[1]  # 128×32 into 64×64: 64×16 centred, black above and below
    assert frame[:20].max() < 20 and frame[44:].max() < 20
    assert identify(frame) == "a1"


def test_segments_merge_and_scale(sources: dict[str, Path]) -> None:
    clips = [RenderClip(f"c{i}", "v1", i * 10, 0, 10, "video", sources["a"]) for i in range(3000)]
    segments = video_segments([V1, V2], clips, 0, 30000)
    assert len(segments) == 3000 and segments[0].clip.id == "c0" and segments[-1].end == 30000


@pytest.mark.parametrize("fmt,codec", [("prores", "prores"), ("dnxhr", "dnxhd")])
def test_intermediate_formats(tmp_path: Path, sources: dict[str, Path], fmt: str, codec: str) -> None:
    if unavailable_reason(fmt, 256, 128):
        pytest.skip(unavailable_reason(fmt, 256, 128))
    path, output = render(tmp_path, [V1, A1], [clip("a", "v1", 0, 6, sources["a"])], 0, 6, fmt, (256, 128))
    with av.open(str(path)) as container:
        assert container.streams.video[0].codec_context.name == codec
        assert container.streams.video[0].frames == 6
        assert container.streams.audio[0].codec_context.name == "pcm_s16le"
    assert output.has_audio
    assert rms(read_sound(path), 0, 6) == pytest.approx(0.5 * SINE_RMS, rel=0.05)
    assert unavailable_reason("dnxhr", 64, 64) is not None


def test_a_source_at_another_frame_rate_is_sampled_not_sped_up(tmp_path: Path) -> None:
    slow = write_source(tmp_path / "slow.mp4", 12, 12, 64, 64, level=None)  # 1 s at 12 fps
    # source frames count at the project's 24 fps: source_in 4 = 1/6 s = the 12-fps source's frame 2
    path, _ = render(tmp_path, [V1, A1], [clip("s", "v1", 0, 8, slow, source_in=4, has_audio=False)], 0, 8)
    assert shown(path) == ["a2", "a2", "a3", "a3", "a4", "a4", "a5", "a5"]


def test_a_missing_encoder_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.render import formats

    monkeypatch.setattr(formats, "_has_encoder", lambda name: name != "prores_ks")
    assert "prores_ks" in (formats.unavailable_reason("prores", 768, 512) or "")
    assert formats.unavailable_reason("h264", 768, 512) is None
