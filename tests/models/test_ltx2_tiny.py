"""The tiny LTX-2 test model and the text-to-video adapter, on real (tiny) diffusers components, no mocks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import LTX2Pipeline
from diffusers.image_processor import VaeImageProcessor

from backend.media.video_reader import probe_media
from backend.media.video_writer import write_mp4
from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline, text_to_video
from backend.models.ltx2.upscale import PLAIN_REFINE_KWARGS
from backend.models.tiny import MARKER_FILENAME, build_tiny_ltx2, is_test_model
from backend.models.tiny.ltx2 import TEXT_MAX_SEQUENCE_LENGTH, VOCODER_SAMPLE_RATE

REQUEST = TextToVideoRequest(
    prompt="a red fox runs through snow",
    negative_prompt="blurry",
    width=64,
    height=64,
    num_frames=17,  # 3 latent frames; the sound of 17 frames comes out within a frame of the video (9's does not)
    fps=24.0,
    seed=1234,
    num_inference_steps=3,
    guidance_scale=3.0,
)


class Cancelled(Exception):
    pass


@pytest.fixture(scope="module")
def pipe(tiny_ltx2_dir: Path) -> LTX2Pipeline:
    return load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_is_deterministic_and_marked(tmp_path: Path) -> None:
    first = _files(build_tiny_ltx2(tmp_path / "a", seed=7))
    second = _files(build_tiny_ltx2(tmp_path / "b", seed=7))
    other_seed = _files(build_tiny_ltx2(tmp_path / "c", seed=8))

    weights = [name for name in first if name.endswith(".safetensors")]
    assert len(weights) == 6  # transformer, vae, audio_vae, connectors, vocoder, text_encoder
    assert first == second  # every file, weights included, byte for byte
    assert all(first[name] != other_seed[name] for name in weights)
    assert "model_index.json" in first

    marker = json.loads(first[MARKER_FILENAME])
    note = "tiny random weights; output is noise"
    assert marker == {"test_model": True, "note": note, "seed": 7, "architecture": "ltx2", "revision": 2}
    assert is_test_model(tmp_path / "a")
    # No staging directories are left next to the results.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_build_refuses_to_clobber_unless_asked(tmp_path: Path) -> None:
    target = build_tiny_ltx2(tmp_path / "m", seed=0)
    with pytest.raises(FileExistsError):
        build_tiny_ltx2(target, seed=1)
    build_tiny_ltx2(target, seed=1, overwrite=True)
    assert json.loads((target / MARKER_FILENAME).read_text())["seed"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_a_test_model_of_an_older_build_is_rebuilt_and_a_current_one_kept(tmp_path: Path) -> None:
    """A data folder keeps its test models across upgrades: one built before the real compression (its marker has
    no revision) is replaced at start, as a whole; one of the current revision is reused untouched."""
    from backend.config import Settings
    from backend.models.manager import ModelManager

    off = {name: "none" for name in ("ltx2_upsampler", "flux2", "director", "depth", "pose")}
    settings = Settings(data_dir=tmp_path, **{f"{name}_source": value for name, value in off.items()})
    folder = tmp_path / "models" / "test" / "ltx2"
    folder.mkdir(parents=True)
    old_marker = {"test_model": True, "note": "tiny random weights; output is noise", "seed": 0, "architecture": "ltx2"}
    (folder / MARKER_FILENAME).write_text(json.dumps(old_marker))
    (folder / "model_index.json").write_text("{}")

    ModelManager(settings).ensure_test_models()
    assert json.loads((folder / MARKER_FILENAME).read_text())["revision"] == 2
    vae = json.loads((folder / "vae" / "config.json").read_text())
    assert (vae["spatial_compression_ratio"], vae["temporal_compression_ratio"]) == (32, 8)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["ltx2"]  # nothing left of the old one beside it

    built = _files(folder)
    stamp = (folder / MARKER_FILENAME).stat().st_mtime_ns  # a rebuild would give the same bytes, not the same file
    ModelManager(settings).ensure_test_models()
    assert _files(folder) == built
    assert (folder / MARKER_FILENAME).stat().st_mtime_ns == stamp


def test_is_test_model_is_false_for_other_things(tmp_path: Path) -> None:
    assert not is_test_model(tmp_path)
    assert not is_test_model(tmp_path / "missing")
    assert not is_test_model("Lightricks/LTX-2")
    (tmp_path / MARKER_FILENAME).write_text("not json")
    assert not is_test_model(tmp_path)


def test_folder_loads_offline_with_the_real_classes(tiny_ltx2_dir: Path, pipe: LTX2Pipeline) -> None:
    direct = LTX2Pipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    expected = {
        "transformer": "LTX2VideoTransformer3DModel",
        "vae": "AutoencoderKLLTX2Video",
        "audio_vae": "AutoencoderKLLTX2Audio",
        "connectors": "LTX2TextConnectors",
        "vocoder": "LTX2Vocoder",
        "scheduler": "FlowMatchEulerDiscreteScheduler",
        "text_encoder": "Gemma3ForConditionalGeneration",
        "tokenizer": "GemmaTokenizer",
    }
    for loaded in (direct, pipe):
        assert {name: type(getattr(loaded, name)).__name__ for name in expected} == expected
    assert pipe.text_encoder.config.text_config.hidden_size == 32
    assert pipe.tokenizer.model_max_length == TEXT_MAX_SEQUENCE_LENGTH
    assert pipe.vae.use_tiling  # the loader turns tiling on; below the tile size it changes nothing (next test)


def test_it_compresses_as_the_real_model_so_a_real_shot_has_the_real_token_count(pipe: LTX2Pipeline) -> None:
    """121 frames at 768x512 are 16 x 16 x 24 = 6,144 video tokens and 126 audio tokens for the real LTX-2 (see
    docs/benchmarks.md); the tiny one must see exactly as many, and its encoders must give back the latent shape its
    decoders expand (retake and audio-to-video encode what was decoded)."""
    assert (pipe.vae_spatial_compression_ratio, pipe.vae_temporal_compression_ratio) == (32, 8)
    assert tuple(pipe.transformer.config.vae_scale_factors) == (8, 32, 32)
    assert (pipe.audio_sampling_rate, pipe.audio_hop_length) == (16000, 160)
    assert pipe.audio_vae_temporal_compression_ratio == 4
    assert pipe.vocoder.config.output_sampling_rate == 24000

    # One pass a step (guidance off): only the latent shapes matter here.
    latents, audio_latents = pipe(
        prompt="a lighthouse",
        width=768,
        height=512,
        num_frames=121,
        frame_rate=24.0,
        num_inference_steps=1,
        **PLAIN_REFINE_KWARGS,
        generator=torch.Generator("cpu").manual_seed(0),
        max_sequence_length=TEXT_MAX_SEQUENCE_LENGTH,
        output_type="latent",
        return_dict=False,
    )
    assert latents.shape[2:] == (16, 16, 24) and latents[0, 0].numel() == 6144
    assert audio_latents.shape[2] == 126

    with torch.no_grad():
        small = torch.randn(1, pipe.vae.config.latent_channels, 3, 6, 8, generator=torch.Generator().manual_seed(1))
        video = pipe.vae.decode(small, return_dict=False)[0]
        assert video.shape[2:] == (17, 192, 256)
        assert pipe.vae.encode(video).latent_dist.mode().shape == small.shape
        sound = pipe.audio_vae.decode(audio_latents[:, :, :26], return_dict=False)[0]  # about a second
        assert pipe.audio_vae.encode(sound).latent_dist.mode().shape[2:] == audio_latents[:, :, :26].shape[2:]
        waveform = pipe.vocoder(sound)
    # 240 samples (at 24 kHz) a mel frame, 4 mel frames a latent less the 3 the causal decoder trims: 1.01 s
    assert waveform.shape[-1] == (26 * 4 - 3) * 240


def test_loader_rejects_missing_local_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_ltx2_pipeline(tmp_path / "nope", "cpu", torch.float32)
    with pytest.raises(FileNotFoundError):
        load_ltx2_pipeline(str(tmp_path), "cpu", torch.float32)  # a folder, but not a pipeline


def test_text_to_video_equals_a_direct_pipeline_call(tiny_ltx2_dir: Path, pipe: LTX2Pipeline) -> None:
    result = text_to_video(pipe, REQUEST)

    # A separately loaded pipeline (no loader, no tiling), called the way diffusers documents it.
    direct = LTX2Pipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    video, audio = direct(
        prompt=REQUEST.prompt,
        negative_prompt=REQUEST.negative_prompt,
        width=REQUEST.width,
        height=REQUEST.height,
        num_frames=REQUEST.num_frames,
        frame_rate=REQUEST.fps,
        num_inference_steps=REQUEST.num_inference_steps,
        guidance_scale=REQUEST.guidance_scale,
        generator=torch.Generator("cpu").manual_seed(REQUEST.seed),
        max_sequence_length=TEXT_MAX_SEQUENCE_LENGTH,
        output_type="np",
        return_dict=False,
    )
    # diffusers' own float -> uint8 conversion (the one behind output_type="pil").
    expected_frames = np.stack([np.asarray(img) for img in VaeImageProcessor.numpy_to_pil(video[0])])

    assert result.frames.dtype == np.uint8 and result.frames.shape == (17, 64, 64, 3)
    np.testing.assert_array_equal(result.frames, expected_frames)
    assert result.audio is not None and result.audio.dtype == np.float32
    np.testing.assert_array_equal(result.audio, audio[0].numpy())
    assert result.audio_sample_rate == VOCODER_SAMPLE_RATE == direct.vocoder.config.output_sampling_rate
    assert result.fps == 24.0
    # The tiny model is built so its audio lasts as long as its video, like the real one.
    assert result.audio.shape[0] == 2
    assert abs(result.audio.shape[1] / result.audio_sample_rate - 17 / 24) <= 1 / 24
    # Noise, but not a constant image: the whole path really ran.
    assert result.frames.std() > 1


def test_same_seed_same_clip_and_other_seed_differs(pipe: LTX2Pipeline) -> None:
    a = text_to_video(pipe, REQUEST)
    b = text_to_video(pipe, REQUEST)
    c = text_to_video(pipe, TextToVideoRequest(**{**REQUEST.__dict__, "seed": REQUEST.seed + 1}))
    np.testing.assert_array_equal(a.frames, b.frames)
    assert not np.array_equal(a.frames, c.frames)


def test_progress_reports_stages_and_steps_in_order(pipe: LTX2Pipeline) -> None:
    events: list[object] = []
    text_to_video(pipe, REQUEST, on_step=lambda s, t: events.append((s, t)), on_stage=events.append)
    assert events == ["text_encoding", "denoising", (1, 3), (2, 3), (3, 3), "decoding"]


def test_raising_in_on_step_cancels_right_after_that_step(pipe: LTX2Pipeline) -> None:
    forward_calls = 0

    def count(*_: object) -> None:
        nonlocal forward_calls
        forward_calls += 1

    handle = pipe.transformer.register_forward_pre_hook(count)
    try:
        full = text_to_video(pipe, REQUEST)
        calls_per_step = forward_calls // REQUEST.num_inference_steps
        assert calls_per_step * REQUEST.num_inference_steps == forward_calls

        forward_calls = 0
        steps: list[int] = []
        stages: list[str] = []

        def on_step(step: int, total: int) -> None:
            steps.append(step)
            if step == 2:
                raise Cancelled

        with pytest.raises(Cancelled):
            text_to_video(pipe, REQUEST, on_step=on_step, on_stage=stages.append)
    finally:
        handle.remove()

    assert steps == [1, 2]
    assert forward_calls == 2 * calls_per_step  # no transformer call after the raising step
    assert stages == ["text_encoding", "denoising"]  # never reached decoding
    # The pipeline is left reusable: the next job gets exactly what an uninterrupted run gives.
    again = text_to_video(pipe, REQUEST)
    np.testing.assert_array_equal(again.frames, full.frames)
    np.testing.assert_array_equal(again.audio, full.audio)


@pytest.mark.parametrize(
    ("field", "value"),
    [("num_frames", 10), ("width", 48), ("height", 0), ("num_inference_steps", 0), ("fps", 0.0)],
)
def test_invalid_requests_are_rejected_before_running(pipe: LTX2Pipeline, field: str, value: object) -> None:
    with pytest.raises(ValueError):
        text_to_video(pipe, TextToVideoRequest(**{**REQUEST.__dict__, field: value}))


def test_pipeline_kwargs_pass_through_but_cannot_override_the_request(pipe: LTX2Pipeline) -> None:
    plain = {
        "audio_guidance_scale": 1.0,
        "stg_scale": 0.0,
        "audio_stg_scale": 0.0,
        "modality_scale": 1.0,
        "audio_modality_scale": 1.0,
    }
    request = TextToVideoRequest(**{**REQUEST.__dict__, "guidance_scale": 1.0})
    unguided = text_to_video(pipe, request, pipeline_kwargs=plain)
    guided = text_to_video(pipe, request)  # pipeline defaults still guide the audio and add STG/modality passes
    assert not np.array_equal(unguided.frames, guided.frames)
    with pytest.raises(ValueError):
        text_to_video(pipe, REQUEST, pipeline_kwargs={"num_frames": 25})


def test_generated_clip_muxes_to_a_playable_mp4(pipe: LTX2Pipeline, tmp_path: Path) -> None:
    result = text_to_video(pipe, REQUEST)
    out = tmp_path / "clip.mp4"
    write_mp4(out, result.frames, result.fps, result.audio, result.audio_sample_rate)
    info = probe_media(out)
    assert (info["frame_count"], info["width"], info["height"]) == (17, 64, 64)
    assert info["video_codec"] == "h264" and info["audio_codec"] == "aac"
    assert abs(info["audio_duration"] - info["duration"]) <= 1 / 24
