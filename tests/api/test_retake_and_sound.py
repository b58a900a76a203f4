"""Retake (regenerate a range of a take) and audio-to-video through POST /generate/advanced on the tiny models.

The files the jobs write are decoded with PyAV and compared with the take they came from (retake) or the sound they
were made to (audio-to-video): outside a retake's range the new take is the old one up to H.264/AAC loss, inside it
is new; an audio-driven clip plays the uploaded sound itself and lasts as long as it when asked.
"""

from __future__ import annotations

import io
import wave

import av
import numpy as np
import pytest
from fastapi.testclient import TestClient

from backend.media.video_writer import write_mp4
from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_modes import media_file, submit, upload_png
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)

FPS = 24.0


def decode_all(path) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Frames (int) and the sound as float32 (channels, samples) at its stored rate."""
    with av.open(str(path)) as container:
        frames = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)]).astype(int)
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return frames, None, 0
        rate = container.streams.audio[0].rate
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)
        parts = [r.to_ndarray() for f in container.decode(audio=0) for r in resampler.resample(f)]
    return frames, np.concatenate(parts, axis=1), rate


def wav_bytes(samples: np.ndarray, rate: int = 48000) -> bytes:
    """16-bit stereo WAV of float (channels, samples)."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").T.copy()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(pcm.shape[1])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def sine(seconds: float, hz: float, rate: int = 48000, level: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    tone = (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.stack([tone, tone * 0.5])  # right channel at half level: channels must not be swapped or merged


def upload_sound(client: TestClient, project_id: str, samples: np.ndarray) -> dict:
    response = client.post(
        f"/projects/{project_id}/assets", files={"file": ("line.wav", wav_bytes(samples), "audio/wav")}
    )
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "audio"
    return response.json()


@pytest.fixture
def generated(client: TestClient) -> tuple[dict, dict, dict]:
    """A project and a shot with a first take of 17 frames whose sound is a known tone (made to it: the tiny
    model's own sound is a near-constant hum, too alike between takes to tell a kept sample from a new one)."""
    project = make_project(client)
    tone = upload_sound(client, project["id"], sine(0.8, 440))
    shot = make_shot(client, project["id"], num_frames=17, seed=3)
    job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", audio_asset_id=tone["id"])
    return project, client.get(f"/projects/{project['id']}/shots/{shot['id']}").json(), job


def test_retake_regenerates_the_range_and_keeps_the_rest_of_picture_and_sound(client: TestClient, generated) -> None:
    project, shot, first = generated
    old_frames, old_sound, rate = decode_all(media_file(client, project["id"], first["result"]["video_url"]))
    job = submit(
        client, project_id=project["id"], shot_id=shot["id"], mode="retake", start_frame=6, end_frame=11, seed=99
    )
    assert job["result"]["num_frames"] == 17 and job["result"]["window"] == [0, 16]
    frames, sound, new_rate = decode_all(media_file(client, project["id"], job["result"]["video_url"]))
    assert frames.shape == old_frames.shape and new_rate == rate
    difference = np.abs(frames - old_frames).mean(axis=(1, 2, 3))
    # What re-encoding the very same frames costs (noise pictures lose several levels to H.264 at CRF 18):
    again = media_file(client, project["id"], first["result"]["video_url"]).with_name("again.mp4")
    write_mp4(again, old_frames.astype(np.uint8), FPS)
    loss = np.abs(decode_all(again)[0] - old_frames).mean(axis=(1, 2, 3))
    kept = np.r_[0:6, 12:17]
    # The old frames, re-encoded: H.264 predicts frames near the range from new ones, so their loss moves by up to
    # half again; a regenerated frame is 3-5 times further off.
    assert (difference[kept] < 1.6 * loss[kept] + 0.5).all(), (difference, loss)
    assert difference[6:12].min() > 2.5 * difference[kept].max(), difference  # new pictures in the range
    # The sound: samples outside the range's time (past the 10 ms fades) are the old take's, inside they are new,
    # each measured against what AAC-coding the old sound once more costs (generated noise loses a lot to it).
    write_mp4(again, old_frames.astype(np.uint8), FPS, old_sound, rate)
    recoded = decode_all(again)[1]
    first_sample, stop = round(6 / FPS * rate), round(12 / FPS * rate)
    guard = round(0.03 * rate)  # AAC's frames smear a cut over ~1024 samples
    end = min(sound.shape[1], old_sound.shape[1], recoded.shape[1])
    outside = np.r_[guard : first_sample - guard, stop + guard : end - guard]
    inside = np.r_[first_sample + guard : stop - guard]
    aac = np.abs(recoded[:, outside] - old_sound[:, outside]).mean()
    assert np.abs(sound[:, outside] - old_sound[:, outside]).mean() < 1.5 * aac + 1e-3
    assert np.abs(sound[:, inside] - old_sound[:, inside]).mean() > 10 * aac  # the tone is gone there

    # A new take; switching back to the first one is the undo.
    after = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
    assert [t["job_id"] for t in after["params"]["takes"]] == [first["id"], job["id"]]
    assert after["video_url"] == job["result"]["video_url"]
    undo = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": after["version"], "take": first["id"]}
    )
    assert undo.status_code == 200, undo.text
    assert undo.json()["video_url"] == first["result"]["video_url"]


def test_retake_of_the_picture_only_keeps_the_whole_sound(client: TestClient, generated) -> None:
    project, shot, first = generated
    _, old_sound, _ = decode_all(media_file(client, project["id"], first["result"]["video_url"]))
    job = submit(
        client,
        project_id=project["id"],
        shot_id=shot["id"],
        mode="retake",
        start_frame=0,
        end_frame=8,
        regenerate_audio=False,
    )
    frames, sound, rate = decode_all(media_file(client, project["id"], job["result"]["video_url"]))
    again = media_file(client, project["id"], job["result"]["video_url"]).with_name("again.mp4")
    write_mp4(again, frames.astype(np.uint8), FPS, old_sound, rate)
    recoded = decode_all(again)[1]
    length = min(sound.shape[1], old_sound.shape[1], recoded.shape[1])
    # Re-encoded, not regenerated: what AAC-coding the old sound again gives (but the last AAC frames, which the
    # encoder pads to the clip's length)
    body = slice(0, length - 4096)
    assert np.abs(sound[:, body] - recoded[:, body]).max() < 1e-3


def test_retake_refuses_what_it_cannot_do_and_changes_nothing(client: TestClient, generated) -> None:
    project, shot, _ = generated
    base = {"project_id": project["id"], "shot_id": shot["id"], "mode": "retake"}
    fresh = make_shot(client, project["id"])
    sound = upload_sound(client, project["id"], sine(0.5, 440))
    cases = [
        ({**base, "shot_id": fresh["id"], "start_frame": 0, "end_frame": 3}, 422, "no take"),
        ({**base}, 422, "start_frame and end_frame"),
        ({**base, "start_frame": 5, "end_frame": 17}, 422, "inside the current take"),
        ({**base, "start_frame": 9, "end_frame": 4}, 422, "start before end"),
        ({**base, "start_frame": 1, "end_frame": 4, "regenerate_video": False, "regenerate_audio": False}, 422, "both"),
        ({**base, "start_frame": 1, "end_frame": 4, "audio_asset_id": sound["id"]}, 422, "own sound"),
        ({**base, "start_frame": 1, "end_frame": 4, "upscale": True}, 422, "upscale"),
    ]
    for body, code, words in cases:
        response = client.post("/generate/advanced", json=body)
        assert response.status_code == code, (body, response.text)
        assert words in response.json()["detail"], response.text
    after = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
    assert (
        after["status"] == "ready" and after["video_url"] == shot["video_url"] and after["version"] == shot["version"]
    )
    assert len(after["params"]["takes"]) == 1


def test_a_shot_follows_its_sound_plays_it_and_takes_its_length(client: TestClient) -> None:
    project = make_project(client)
    line = sine(0.6, 440)  # 14.4 frames at 24 fps: 17 frames (8k+1) cover it
    sound = upload_sound(client, project["id"], line)
    shot = make_shot(client, project["id"], num_frames=9, seed=4)
    patched = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}",
        json={"version": shot["version"], "audio_asset_id": sound["id"], "duration_from_audio": True},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["audio_asset_id"] == sound["id"] and patched.json()["duration_from_audio"] is True
    job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert job["request"]["num_frames"] == 17 and job["result"]["audio_asset_id"] == sound["id"]
    frames, heard, rate = decode_all(media_file(client, project["id"], job["result"]["video_url"]))
    assert frames.shape[0] == 17
    # The clip's sound is the uploaded one (AAC-coded), not a re-synthesis: left at 0.5, right at half of it.
    expected = np.zeros((2, round(17 / FPS * rate)), np.float32)
    expected[:, : line.shape[1]] = line
    length = min(heard.shape[1], expected.shape[1])
    assert abs(heard.shape[1] - expected.shape[1]) < 1100
    assert np.abs(heard[:, :length] - expected[:, :length]).mean() < 0.02
    assert np.abs(heard[0, 2000:20000]).max() == pytest.approx(0.5, abs=0.03)
    assert np.abs(heard[1, 2000:20000]).max() == pytest.approx(0.25, abs=0.03)


def test_the_picture_depends_on_the_sound(client: TestClient) -> None:
    project = make_project(client)
    low, loud = (upload_sound(client, project["id"], s) for s in (sine(0.5, 110, level=0.05), sine(0.5, 3000)))
    pictures = []
    for sound in (low, loud):
        shot = make_shot(client, project["id"], num_frames=9, seed=11)
        job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", audio_asset_id=sound["id"])
        pictures.append(decode_all(media_file(client, project["id"], job["result"]["video_url"]))[0])
    assert np.abs(pictures[0] - pictures[1]).mean() > 3  # same seed and prompt: only the sound differs


def test_image_to_video_follows_a_sound(client: TestClient) -> None:
    project = make_project(client)
    sound = upload_sound(client, project["id"], sine(0.4, 660))
    image = upload_png(client, project["id"], np.full((64, 64, 3), 200, np.uint8))
    shot = make_shot(client, project["id"], num_frames=9)
    job = submit(
        client,
        project_id=project["id"],
        shot_id=shot["id"],
        mode="i2v",
        image_asset_id=image["id"],
        audio_asset_id=sound["id"],
    )
    frames, heard, _ = decode_all(media_file(client, project["id"], job["result"]["video_url"]))
    assert frames.shape[0] == 9 and heard is not None and np.abs(heard).max() > 0.3


def test_sound_inputs_are_validated(client: TestClient) -> None:
    project, other = make_project(client), make_project(client)
    image = upload_png(client, project["id"], np.zeros((64, 64, 3), np.uint8))
    foreign = upload_sound(client, other["id"], sine(0.3, 440))
    long_line = upload_sound(client, project["id"], sine(22.0, 440, level=0.1))
    sound = upload_sound(client, project["id"], sine(0.3, 440))
    shot = make_shot(client, project["id"])
    base = {"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v"}
    cases = [
        ({**base, "audio_asset_id": image["id"]}, 422, "must be an audio asset"),
        ({**base, "audio_asset_id": foreign["id"]}, 404, "does not exist"),
        ({**base, "audio_asset_id": "nope"}, 404, "does not exist"),
        ({**base, "audio_asset_id": long_line["id"], "duration_from_audio": True}, 422, "trim the audio"),
        ({**base, "audio_asset_id": sound["id"], "upscale": True}, 422, "cannot follow a sound"),
        ({**base, "mode": "extend", "extend_seconds": 1, "audio_asset_id": sound["id"]}, 422, "for t2v and i2v"),
        ({**base, "stg_scale": 11}, 422, "stg_scale"),
        ({**base, "stg_blocks": []}, 422, "stg_blocks"),
    ]
    for body, code, words in cases:
        response = client.post("/generate/advanced", json=body)
        assert response.status_code == code, (body, response.text)
        assert words in response.text, response.text
    bad = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}",
        json={"version": shot["version"], "audio_asset_id": image["id"]},
    )
    assert bad.status_code == 422 and "audio asset" in bad.json()["detail"]
    assert client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["version"] == shot["version"]


def test_guidance_settings_reach_the_pipeline_and_bad_blocks_fail_the_job(client: TestClient) -> None:
    project = make_project(client)
    shot = make_shot(client, project["id"], num_frames=9, seed=2)
    patched = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}",
        json={"version": shot["version"], "stg_scale": 0.0, "modality_scale": 1.0, "audio_guidance_scale": 2.5},
    )
    assert patched.status_code == 200 and patched.json()["stg_scale"] == 0.0
    plain = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert (plain["request"]["stg_scale"], plain["request"]["audio_guidance_scale"]) == (0.0, 2.5)
    recipe = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", stg_scale=2.0, guidance_rescale=0)
    assert recipe["request"]["stg_scale"] == 2.0 and recipe["request"]["modality_scale"] == 1.0
    a = decode_all(media_file(client, project["id"], plain["result"]["video_url"]))[0]
    b = decode_all(media_file(client, project["id"], recipe["result"]["video_url"]))[0]
    assert np.abs(a - b).mean() > 1  # same seed: only the guidance differs

    response = client.post(
        "/generate/advanced",
        json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v", "stg_blocks": [0, 200]},
    )
    failed = wait_job(client, response.json()["job_id"])
    assert failed["status"] == "failed" and "stg_blocks [200] do not exist" in failed["error"], failed["error"]


def test_a_retake_reports_progress_and_cancels_keeping_the_take(client: TestClient, generated) -> None:
    from tests.waiting import wait_until

    project, shot, first = generated
    body = {"project_id": project["id"], "shot_id": shot["id"], "mode": "retake", "start_frame": 4, "end_frame": 9}
    response = client.post("/generate/advanced", json={**body, "num_inference_steps": 200})
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    bus = client.app.state.studio.bus
    wait_until(
        lambda: any(
            e.data.get("job_id") == job_id and e.data.get("step", 0) >= 2
            for e in bus.replay(0, project["id"])
            if e.type == "job.progress"
        ),
        60,
        what="denoising step 2 of the retake",
    )
    assert client.post(f"/jobs/{job_id}/cancel").status_code == 200
    job = wait_job(client, job_id)
    assert job["status"] == "cancelled" and job["error"] == "cancelled by the user"
    after = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
    assert after["video_url"] == first["result"]["video_url"] and len(after["params"]["takes"]) == 1
    assert after["status"] == "ready"  # back to the take it has, not "failed"
