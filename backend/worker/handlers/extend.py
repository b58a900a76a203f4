"""Smart Continue: extend a shot as a chain of LTX-2 chunks with latent handoff, stitched into one clip.

route → job → this handler → ChainStore (plan, prepare, commit: resumable) → LTX-2 handoff adapter per chunk
→ PyAV stitcher → the shot's new take (or a new shot). The first chunk is conditioned on the tail of the existing
clip through the pixel route (its latents were not kept); every later chunk on the previous chunk's final latents,
never re-encoded from pixels.
"""

from __future__ import annotations

import uuid
from typing import Any

from backend.db.engine import session_scope
from backend.db.tables import Project, Shot
from backend.events.studio import publish_timeline
from backend.extend.plan import ChunkPlan, plan_chain
from backend.media.atomic import atomic_target
from backend.services.extend_chains import ChainStore
from backend.services.ordering import place
from backend.services.timeline import append_shots, clip_views
from backend.worker.context import JobCancelled, JobContext
from backend.worker.handlers.loras import video_model
from backend.worker.handlers.outputs import save_clip_file


def _chunk_prompts(ctx: JobContext, request: dict[str, Any], total: int) -> list[str]:
    """Each chunk's prompt: the director continues the story from the previous chunk's prompt; without a director
    (or with ``lock_prompt``) the shot's prompt is used as the user wrote it."""
    base, instruction = request["prompt"], request.get("instruction") or ""
    if request.get("lock_prompt") or not instruction:
        return [base] * total
    plain = f"{base} {instruction}".strip()
    if not ctx.models.is_available("director"):
        return [plain] * total
    from backend.models.gemma.director import DirectorContext, enrich

    with session_scope(ctx.engine) as session:
        project = session.get(Project, ctx.job.project_id)
        name = project.name if project else "project"
    prompts: list[str] = []
    ctx.stage("directing")
    with ctx.models.use("director") as director:
        for index in range(total):
            context = DirectorContext(
                project_name=name,
                width=request["width"],
                height=request["height"],
                fps=request["fps"],
                previous_prompt=prompts[-1] if prompts else base,
                shot_prompt=base,
            )
            written = enrich(director, instruction, context, seed=int(request["seed"]) + index).prompt.strip()
            prompts.append(written or plain)
    return prompts


def _generate(ctx: JobContext, manager: ChainStore, chain: Any, chunk: ChunkPlan, base_frames: Any) -> Any:
    import torch

    from backend.media.video_writer import write_mp4
    from backend.models.ltx2.common import TextToVideoRequest
    from backend.models.ltx2.guidance import guidance_kwargs
    from backend.models.ltx2.handoff import ChunkLatents, generate_chunk

    plan = chain.plan
    request = TextToVideoRequest(
        prompt=chunk.prompt,
        negative_prompt=plan["negative_prompt"],
        width=plan["width"],
        height=plan["height"],
        num_frames=plan["chunk_frames"],
        fps=plan["fps"],
        seed=chunk.seed,
        num_inference_steps=plan["num_inference_steps"],
        guidance_scale=plan["guidance_scale"],
    )
    ctx.chunk(chunk.index, chunk.total)
    with video_model(ctx) as pipeline:
        previous = None
        if chunk.previous_latents is not None:
            saved = torch.load(chunk.previous_latents, weights_only=True)
            device = pipeline._execution_device
            previous = ChunkLatents(
                video=saved["video"].to(device), audio=None if saved["audio"] is None else saved["audio"].to(device)
            )
        output = generate_chunk(
            pipeline,
            request,
            previous,
            plan["overlap_latent"],
            on_step=ctx.step,
            on_stage=ctx.stage,
            route=plan.get("handoff") or "latent",
            seed_frames=base_frames if previous is None else None,
            pipeline_kwargs=guidance_kwargs(pipeline, ctx.job.request),  # the shot's guidance recipe, every chunk
        )
    folder = manager.chain_dir(chain)
    stem = f"chunk_{chunk.index:03d}"
    video = output.result
    write_mp4(folder / f"{stem}.mp4", video.frames, video.fps, video.audio, video.audio_sample_rate)
    with atomic_target(folder / f"{stem}.pt", ".pt") as partial:  # a crash mid-write leaves no partial latents
        torch.save(
            {
                "video": output.latents.video.cpu(),
                "audio": None if output.latents.audio is None else output.latents.audio.cpu(),
            },
            partial,
        )
    return manager.commit_chunk(chain, chunk, f"{stem}.mp4", f"{stem}.pt", int(video.frames.shape[0]))


def _finish(
    ctx: JobContext, manager: ChainStore, chain: Any, base_path: Any, resumed: int, generated: int
) -> dict[str, Any]:
    """Stitch the base clip and every committed chunk into one clip; it becomes a take of the shot or a new shot."""
    from backend.media.stitch import load_chunk, stitch

    ctx.stage("encoding")
    folder = manager.chain_dir(chain)
    parts = [load_chunk(base_path), *(load_chunk(folder / c["video"]) for c in chain.chunks)]
    stitched = stitch(parts, chain.plan["overlap_frames"])
    target_shot = ctx.job.shot_id
    if ctx.job.request.get("extend_result") == "new_shot":
        target_shot = _new_shot_after(ctx)
    result = save_clip_file(ctx, stitched, shot_id=target_shot)
    if target_shot != ctx.job.shot_id:
        _place_on_timeline(ctx, target_shot)
    return {
        **result,
        "shot_id": target_shot,
        "chunks": len(chain.chunks),
        "chunks_generated": generated,
        "resumed_from_chunk": resumed,
        "duration_s": round(stitched.frames.shape[0] / stitched.fps, 3),
        "prompts": [c["prompt"] for c in chain.chunks],
        "chain_id": chain.id,
        "overlap_frames": chain.plan["overlap_frames"],
    }


def _new_shot_after(ctx: JobContext) -> str:
    with session_scope(ctx.engine) as session:
        source = session.get(Shot, ctx.job.shot_id)
        assert source is not None
        shot = Shot(
            **source.model_dump(
                exclude={
                    "id",
                    "index",
                    "video_path",
                    "thumbnail_path",
                    "image_path",
                    "params",
                    "version",
                    "created_at",
                    "updated_at",
                    "status",
                    "last_job_id",
                }
            ),
            status="ready",
            last_job_id=ctx.job.id,
            id=uuid.uuid4().hex,
        )
        session.add(shot)
        session.flush()
        place(session, Shot, shot.project_id, shot, source.index + 1)
        return shot.id


def _place_on_timeline(ctx: JobContext, shot_id: str) -> None:
    """The new shot's clip (its whole stitched take) goes at the end of the main video track, like any new shot."""
    with session_scope(ctx.engine) as session:
        shot = session.get(Shot, shot_id)
        project = session.get(Project, ctx.job.project_id)
        if shot is None or project is None:
            return  # deleted while the job ran
        views = clip_views(session, project, append_shots(session, project, [shot]))
    publish_timeline(ctx.bus, ctx.job.project_id, views)


def run_extend(ctx: JobContext) -> dict[str, Any]:
    from backend.media.stitch import load_chunk

    request = ctx.job.request
    manager = ChainStore(ctx.engine, ctx.storage)
    base_path = ctx.storage.absolute(ctx.job.project_id, request["base_video"])
    if not base_path.is_file():
        raise ValueError(f"the clip to extend ({request['base_video']}) no longer exists; generate the shot again")
    base = load_chunk(base_path)
    ctx.stage("loading_model")
    with video_model(ctx) as pipeline:
        ratio = int(pipeline.vae_temporal_compression_ratio)
    sized = {
        **request,
        "width": int(base.frames.shape[2]),
        "height": int(base.frames.shape[1]),
        "fps": base.fps,
        "base_frames": len(base.frames),
    }
    chain = manager.open_chain(ctx.job.project_id, ctx.job.shot_id, ctx.job.id, plan_chain(sized, ratio))
    if len(base.frames) < chain.plan["overlap_frames"]:
        raise ValueError(
            f"the clip has {len(base.frames)} frames, fewer than the {chain.plan['overlap_frames']}-frame "
            "overlap; lower overlap_seconds"
        )
    if "prompts" not in chain.plan:
        chain = manager.save_prompts(chain, _chunk_prompts(ctx, sized, int(chain.plan["chunks"])))
    resumed, generated = len(chain.chunks), 0
    try:
        while (chunk := manager.prepare_next_chunk(chain)) is not None:
            chain = _generate(ctx, manager, chain, chunk, base.frames)
            generated += 1
    except JobCancelled:
        if chain.chunks:  # keep what was committed as a playable clip
            manager.mark(chain, "interrupted")
            ctx.cancellable = False
            raise JobCancelled(result=_finish(ctx, manager, chain, base_path, resumed, generated)) from None
        raise
    except BaseException:
        manager.mark(chain, "interrupted")  # resumable from the last committed chunk
        raise
    manager.mark(chain, "completed")
    return _finish(ctx, manager, chain, base_path, resumed, generated)
