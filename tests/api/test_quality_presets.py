"""Quality presets through the API on the real tiny models (docs/quality.md): draft, standard and final each run what
they promise (schedule, guidance passes, stages, distilled weights) and each clip equals the matching bare diffusers
call for the same seed; a preset the weights or the mode cannot run is refused before anything is queued.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from tests.api.conftest import make_project, make_shot, studio_settings_for, wait_job
from tests.api.test_generation import decode
from tests.api.test_modes import media_file
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)

PROMPT = "a red kite over the sea"
NO_GUIDANCE = {
    "guidance_scale": 1.0,
    "guidance_rescale": 0.0,
    "stg_scale": 0.0,
    "modality_scale": 1.0,
    "audio_guidance_scale": 1.0,
    "audio_guidance_rescale": 0.0,
    "audio_stg_scale": 0.0,
    "audio_modality_scale": 1.0,
}


class Passes:
    """Every transformer forward of the studio's loaded LTX-2: its batch size (CFG runs 2 at once)."""

    def __init__(self, client: TestClient) -> None:
        self.batches: list[int] = []
        pipe = client.app.state.studio.models.pipeline("video")
        self._hook = pipe.transformer.register_forward_pre_hook(
            lambda _module, args, kwargs: self.batches.append(int(kwargs["hidden_states"].shape[0])),
            with_kwargs=True,
        )

    def close(self) -> None:
        self._hook.remove()


def run(client: TestClient, **body: object) -> tuple[dict, list[int]]:
    passes = Passes(client)
    try:
        response = client.post("/generate/advanced", json=body)
        assert response.status_code == 202, response.text
        job = wait_job(client, response.json()["job_id"])
    finally:
        passes.close()
    assert job["status"] == "completed", job["error"]
    return job, passes.batches


def distilled_lora_file(settings: Settings) -> Path:
    (path,) = (settings.test_models_dir / "ltx2" / "loras").glob("*.safetensors")
    return path


def bare_pipe(tiny_ltx2_dir: Path) -> object:
    from diffusers import LTX2Pipeline

    return LTX2Pipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)


def with_lora(pipe, lora: Path, weight: float = 1.0) -> None:  # noqa: ANN001 - a diffusers pipeline
    pipe.load_lora_weights(str(lora), adapter_name="distilled")
    pipe.set_adapters(["distilled"], adapter_weights=[weight])


def as_given(pipe) -> None:  # noqa: ANN001
    """What diffusers' two-stage example does before distilled sigmas: the scheduler takes them verbatim."""
    from diffusers import FlowMatchEulerDiscreteScheduler

    pipe.scheduler = FlowMatchEulerDiscreteScheduler.from_config(
        pipe.scheduler.config, use_dynamic_shifting=False, shift_terminal=None
    )


def compare(client: TestClient, project_id: str, job: dict, video, audio, pipe) -> None:  # noqa: ANN001
    """The job's clip against a bare call's output, both through the same encoder (as tests/api/test_generation)."""
    from backend.media.video_writer import write_mp4

    path = media_file(client, project_id, job["result"]["video_url"])
    ours, _ = decode(path)
    direct = (np.asarray(video)[0] * 255).round().astype(np.uint8)
    reference = path.with_name("direct.mp4")
    write_mp4(reference, direct, 24.0, audio[0].float().numpy(), int(pipe.vocoder.config.output_sampling_rate))
    theirs, _ = decode(reference)
    assert ours.shape == theirs.shape
    assert np.abs(ours.astype(int) - theirs.astype(int)).mean() < 3.0
    assert ours.std() > 10  # real content: the equality is not vacuous


def common(seed: int, steps: int, width: int = 64, height: int = 64) -> dict:
    return {
        "prompt": PROMPT,
        "negative_prompt": "",
        "width": width,
        "height": height,
        "num_frames": 9,
        "frame_rate": 24.0,
        "num_inference_steps": steps,
        "generator": torch.Generator("cpu").manual_seed(seed),
        "return_dict": False,
        "max_sequence_length": 32,
    }


def test_draft_runs_the_distilled_schedule_without_guidance_on_the_distilled_lora(
    client: TestClient, settings: Settings, tiny_ltx2_dir: Path
) -> None:
    from diffusers.pipelines.ltx2.utils import DISTILLED_SIGMA_VALUES

    project = make_project(client)
    shot = make_shot(client, project["id"], prompt=PROMPT, seed=11, num_inference_steps=30)
    job, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="draft")
    result = job["result"]
    assert result["quality"] == "draft" and result["schedule_length"] == 8 and result["distilled"] == "lora"
    assert result["memory_plan"] in ("resident", "fp8", "streamed")
    # One pass per step, eight steps: no CFG pair, no STG or modality pass, whatever the shot's 30 steps and CFG 4.
    assert batches == [1] * 8
    (distilled,) = [lora for lora in result["loras"] if lora.get("distilled")]
    assert distilled["strength"] == 1.0 and "distilled-lora" in distilled["name"]

    pipe = bare_pipe(tiny_ltx2_dir)
    with_lora(pipe, distilled_lora_file(settings))
    as_given(pipe)
    video, audio = pipe(**common(11, 8), sigmas=list(DISTILLED_SIGMA_VALUES), output_type="np", **NO_GUIDANCE)
    compare(client, project["id"], job, video, audio, pipe)


def test_final_runs_the_full_recipe_and_standard_the_two_stage_path_refined_with_the_distilled_lora(
    client: TestClient, settings: Settings, tiny_ltx2_dir: Path, tiny_ltx2_upsampler_dir: Path
) -> None:
    from diffusers import LTX2LatentUpsamplePipeline
    from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel
    from diffusers.pipelines.ltx2.utils import STAGE_2_DISTILLED_SIGMA_VALUES

    project = make_project(client, width=128, height=128)
    shot = make_shot(client, project["id"], prompt=PROMPT, seed=5, num_inference_steps=2)
    final, final_batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="final")
    assert final["result"]["quality"] == "final" and final["result"]["schedule_length"] == 2
    assert final["result"]["distilled"] is None and not any(lora.get("distilled") for lora in final["result"]["loras"])
    # Per step: the CFG pair in one batch, then the modality pass (diffusers' default recipe, less its STG pass: the
    # tiny model's blocks, like LTX-2 19 B's, do not perturb attention, so that pass would only repeat the first).
    assert final_batches == [2, 1] * 2
    pipe = bare_pipe(tiny_ltx2_dir)
    video, audio = pipe(**common(5, 2, 128, 128), guidance_scale=shot["guidance_scale"], output_type="np")
    compare(client, project["id"], final, video, audio, pipe)

    standard, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="standard")
    result = standard["result"]
    assert result["quality"] == "standard" and result["schedule_length"] == 2 + 3 and result["distilled"] == "lora"
    assert result["width"] == 128 and result["num_frames"] == 9
    assert batches == [2, 1] * 2 + [1] * 3  # the guided half-size stage, then the 3-step refine with no guidance
    # Bare diffusers, as its LTX-2 two-stage example: stage 1 at half size with guidance, latents out; the 2x latent
    # upsample; the distilled LoRA on and the refine sigmas as given; stage 2 at full size from those latents.
    pipe = bare_pipe(tiny_ltx2_dir)
    stage_1 = common(5, 2, 64, 64)
    video_latents, audio_latents = pipe(**stage_1, guidance_scale=shot["guidance_scale"], output_type="latent")
    upsampler = LTX2LatentUpsamplerModel.from_pretrained(tiny_ltx2_upsampler_dir, dtype=torch.float32)
    (upsampled,) = LTX2LatentUpsamplePipeline(vae=pipe.vae, latent_upsampler=upsampler)(
        latents=video_latents,
        latents_normalized=False,
        height=64,
        width=64,
        num_frames=9,
        output_type="latent",
        return_dict=False,
    )
    with_lora(pipe, distilled_lora_file(settings))
    as_given(pipe)
    sigmas = list(STAGE_2_DISTILLED_SIGMA_VALUES)
    video, audio = pipe(
        **{**common(5, len(sigmas), 128, 128)},
        latents=upsampled,
        audio_latents=audio_latents,
        sigmas=sigmas,
        noise_scale=sigmas[0],
        output_type="np",
        **NO_GUIDANCE,
    )
    compare(client, project["id"], standard, video, audio, pipe)


def test_the_preset_comes_from_the_request_else_the_shot_else_the_project_and_the_take_records_it(
    client: TestClient,
) -> None:
    project = make_project(client, default_quality="draft")
    assert project["default_quality"] == "draft"
    shot = make_shot(client, project["id"], prompt="@Hero on the pier", seed=21)
    client.post(f"/projects/{project['id']}/elements", json={"name": "Hero", "description": "a tall sailor"})
    assert shot["quality"] is None  # the project's default
    draft, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert draft["result"]["quality"] == "draft" and batches == [1] * 8
    take = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["params"]["takes"][-1]
    # What "re-generate as final" sends again: the seed, and the prompt as written (its @Hero, not the description).
    assert take["quality"] == "draft" and take["seed"] == 21 and take["prompt"] == "@Hero on the pier"

    patched = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": shot["version"] + 1, "quality": "final"}
    )
    if patched.status_code == 409:  # the job's take bumped the version: read it and patch again
        current = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
        patched = client.patch(
            f"/projects/{project['id']}/shots/{shot['id']}", json={"version": current["version"], "quality": "final"}
        )
    assert patched.status_code == 200, patched.text
    assert patched.json()["quality"] == "final"
    promoted, batches = run(
        client, project_id=project["id"], shot_id=shot["id"], mode="t2v", seed=take["seed"], prompt=take["prompt"]
    )
    assert promoted["result"]["quality"] == "final" and promoted["result"]["seed"] == 21
    assert len(batches) == 2 * 2  # the shot's 2 steps: the CFG pair (one batch) and the modality pass
    jobs = {job["id"]: job for job in client.get(f"/projects/{project['id']}/jobs").json()}
    assert jobs[promoted["id"]]["request"]["prompt"] == jobs[draft["id"]]["request"]["prompt"]  # same description

    # The request's own preset wins over the shot's.
    again, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="draft")
    assert again["result"]["quality"] == "draft" and batches == [1] * 8

    # What the inspector shows: each preset's steps and passes, and its time here from the jobs just measured.
    offered = client.get(f"/projects/{project['id']}/shots/{shot['id']}/quality").json()
    assert offered["chosen"] == "final" and offered["project_default"] == "draft"
    options = {o["quality"]: o for o in offered["options"]}
    assert (options["draft"]["steps"], options["draft"]["passes_per_step"]) == (8, 1)
    assert (options["final"]["steps"], options["final"]["passes_per_step"]) == (2, 3)
    assert (options["standard"]["steps"], options["standard"]["passes_per_step"]) == (2 + 3, 3)
    assert all(o["available"] and o["seconds"] is not None and o["seconds"] > 0 for o in options.values())


def test_presets_the_weights_or_the_mode_cannot_run_are_refused_before_anything_is_queued(
    client: TestClient, settings: Settings
) -> None:
    project = make_project(client)
    shot = make_shot(client, project["id"])

    def refused(status: int = 422, **body: object) -> str:
        response = client.post("/generate/advanced", json={"project_id": project["id"], **body})
        assert response.status_code == status, response.text
        return response.json()["detail"]

    assert "video modes" in refused(mode="t2i", prompt="a still", quality="draft")
    assert "two-stage path of quality standard" in refused(
        shot_id=shot["id"], mode="t2v", upscale=True, quality="draft"
    )
    bad = client.post(
        "/generate/advanced", json={"project_id": project["id"], "shot_id": shot["id"], "quality": "ultra"}
    )
    assert bad.status_code == 422 and "quality" in str(bad.json()["detail"])
    # A shot with a storyboard frame runs image-to-video: one stage only.
    from tests.api.test_modes import gradient, upload_png

    frame = upload_png(client, project["id"], gradient())
    framed = make_shot(client, project["id"])
    client.patch(
        f"/projects/{project['id']}/shots/{framed['id']}",
        json={"version": framed["version"], "frame_asset_id": frame["id"]},
    )
    detail = refused(shot_id=framed["id"], mode="t2v", quality="standard")
    assert "storyboard frame" in detail and "draft or final" in detail
    assert "draft or final" in refused(shot_id=shot["id"], mode="i2v", image_asset_id=frame["id"], quality="standard")

    # Without distilled weights a draft cannot run: it says where to get them, and the shot is untouched.
    tiny_lora = distilled_lora_file(settings)
    lora_bytes = tiny_lora.read_bytes()
    tiny_lora.unlink()
    detail = refused(shot_id=shot["id"], mode="t2v", quality="draft")
    assert "distilled LoRA" in detail and "Lightricks/LTX-2" in detail and "MILIMO_LTX2_DISTILLED" in detail
    assert client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["status"] == "draft"
    assert client.get(f"/projects/{project['id']}/jobs").json() == []
    # The inspector says the same before anyone presses Generate; the framed shot's standard says why not.
    offered = client.get(f"/projects/{project['id']}/shots/{shot['id']}/quality").json()["options"]
    draft = next(o for o in offered if o["quality"] == "draft")
    assert draft["available"] is False and "distilled LoRA" in draft["reason"]
    assert all(o["available"] and o["seconds"] is None for o in offered if o["quality"] != "draft")  # none measured
    offered = client.get(f"/projects/{project['id']}/shots/{framed['id']}/quality").json()["options"]
    assert [o["quality"] for o in offered if not o["available"]] == ["draft", "standard"]
    # The file the Models page downloads (Lightricks' name) is what a draft then finds in the library.
    from backend.models.catalog import DISTILLED_LORA_FILE, find

    assert find("Lightricks/LTX-2", "lora").allow_patterns == (DISTILLED_LORA_FILE,)
    settings.loras_dir.mkdir(parents=True, exist_ok=True)
    (settings.loras_dir / DISTILLED_LORA_FILE).write_bytes(lora_bytes)
    found, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="draft")
    assert found["result"]["distilled"] == "lora" and batches == [1] * 8
    assert [lora["name"] for lora in found["result"]["loras"]] == ["ltx-2-19b-distilled-lora-384"]
    (settings.loras_dir / DISTILLED_LORA_FILE).unlink()
    # Standard still runs (the refine without the LoRA, and the result says so).
    job, _ = run(
        client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="standard", width=128, height=128
    )
    assert job["result"]["quality"] == "standard" and job["result"]["distilled"] is None


@pytest.fixture
def distilled_client(tmp_path: Path, tiny_models_root: Path) -> TestClient:
    settings = studio_settings_for(tmp_path, tiny_models_root, ltx2_distilled=True)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def test_on_the_distilled_checkpoint_draft_needs_no_lora_and_final_is_refused(distilled_client: TestClient) -> None:
    client = distilled_client
    project = make_project(client, width=128, height=128)
    shot = make_shot(client, project["id"])
    job, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="draft")
    assert job["result"]["distilled"] == "checkpoint" and batches == [1] * 8
    assert not any(lora.get("distilled") for lora in job["result"]["loras"])
    # Standard: the distilled schedule in both stages (the checkpoint knows no other), no LoRA.
    job, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", quality="standard")
    assert job["result"]["schedule_length"] == 8 + 3 and batches == [1] * 11
    response = client.post(
        "/generate/advanced",
        json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v", "quality": "final"},
    )
    assert response.status_code == 422 and "distilled checkpoint" in response.json()["detail"]
    # The project's default final is not an order the checkpoint cannot keep: those shots run a draft, saying so.
    job, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert job["result"]["quality"] == "draft" and batches == [1] * 8
    assert job["result"]["quality_note"] == "final needs the full weights; the distilled checkpoint ran a draft"


def test_a_draft_shot_extends_and_retakes_as_a_draft(client: TestClient) -> None:
    """The modes that act on a take run its preset too: Smart Continue's chunks and a retake's window, each on the
    distilled schedule with one pass a step."""
    project = make_project(client, width=128, height=128, default_quality="draft")
    shot = make_shot(client, project["id"], num_frames=33, seed=4)
    first, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert first["result"]["quality"] == "draft" and batches == [1] * 8
    extended, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="extend", extend_seconds=1)
    assert extended["result"]["quality"] == "draft" and extended["result"]["num_frames"] > 33
    assert batches and set(batches) == {1} and len(batches) % 8 == 0  # every chunk: 8 single passes
    retaken, batches = run(
        client, project_id=project["id"], shot_id=shot["id"], mode="retake", start_frame=8, end_frame=16
    )
    assert retaken["result"]["quality"] == "draft" and batches == [1] * 8


def test_an_inherited_standard_runs_final_where_two_stages_do_not_apply(client: TestClient) -> None:
    """The project's (or shot's) standard is a default, not an order: a job that runs one stage anyway runs the
    full recipe and says so; only a request that names standard for it is refused (the test above)."""
    from tests.api.test_modes import gradient, upload_png

    project = make_project(client, default_quality="standard")
    frame = upload_png(client, project["id"], gradient())
    shot = make_shot(client, project["id"], num_frames=9)
    client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}",
        json={"version": shot["version"], "frame_asset_id": frame["id"]},
    )
    job, batches = run(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert job["kind"] == "i2v" and job["result"]["quality"] == "final"
    assert "standard is two-stage text-to-video; this i2v job ran final" == job["result"]["quality_note"]
    assert batches == [2, 1] * 2  # the shot's 2 steps at the full recipe
    extended, _ = run(client, project_id=project["id"], shot_id=shot["id"], mode="extend", extend_seconds=1)
    assert extended["result"]["quality"] == "final" and "extend job ran final" in extended["result"]["quality_note"]
