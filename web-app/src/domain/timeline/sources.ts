// What a clip shows (media URL, thumbnail, label, length of its source), for drawing and playback. The server's
// ClipRead rows say it (`clipSources`); a clip not on the server yet (just added) falls back to its shot or asset row.
// Results are cached per row object, so a selector returns the same object until that row changes.
import type { Asset, Shot } from '../../api/types';
import { sourceKey } from './model';
import type { ClipSource, TimelineClip } from './model';

/** A still image shows this long when dropped (seconds). */
export const STILL_SECONDS = 5;

const fromShot = new WeakMap<Shot, ClipSource>();
const fromAsset = new WeakMap<Asset, Map<number, ClipSource>>();
const merged = new WeakMap<ClipSource, WeakMap<Shot, ClipSource>>();

export function shotSource(shot: Shot): ClipSource {
  let source = fromShot.get(shot);
  if (!source) {
    source = {
      source_kind: 'shot',
      media_url: shot.video_url ?? null,
      source_frames: shot.num_frames,
      has_audio: false,
      thumbnail_url: shot.thumbnail_url ?? null,
      label: shot.prompt || `Shot ${shot.index + 1}`,
    };
    fromShot.set(shot, source);
  }
  return source;
}

export function assetSource(asset: Asset, fps: number): ClipSource {
  let byFps = fromAsset.get(asset);
  if (!byFps) fromAsset.set(asset, (byFps = new Map()));
  let source = byFps.get(fps);
  if (!source) {
    const kind = asset.kind === 'audio' ? 'audio' : asset.kind === 'video' ? 'video' : 'image';
    source = {
      source_kind: kind,
      media_url: asset.url,
      source_frames: kind === 'image' || asset.duration_s == null ? null : Math.max(1, Math.round(asset.duration_s * fps)),
      has_audio: kind !== 'image',
      thumbnail_url: kind === 'image' ? asset.url : null,
      label: asset.original_name,
    };
    byFps.set(fps, source);
  }
  return source;
}

export interface SourceLookup {
  clipSources: Record<string, ClipSource>;
  shots: Record<string, Shot>;
  assets: readonly Asset[];
  fps: number;
}

/**
 * The clip's source: the server's row, with a shot's current take (a new take arrives as `shot.updated` before any
 * timeline event), else derived from the shot/asset row, else null (the source is gone).
 */
export function clipSourceOf(lookup: SourceLookup, clip: Pick<TimelineClip, 'shot_id' | 'asset_id'>): ClipSource | null {
  const server = lookup.clipSources[sourceKey(clip)];
  if (clip.shot_id) {
    const shot = lookup.shots[clip.shot_id];
    if (!shot) return server ?? null;
    if (!server) return shotSource(shot);
    if (server.media_url === (shot.video_url ?? null) && server.thumbnail_url === (shot.thumbnail_url ?? null)) return server;
    let byShot = merged.get(server);
    if (!byShot) merged.set(server, (byShot = new WeakMap()));
    let source = byShot.get(shot);
    if (!source) {
      source = { ...server, media_url: shot.video_url ?? null, thumbnail_url: shot.thumbnail_url ?? null };
      byShot.set(shot, source);
    }
    return source;
  }
  if (server) return server;
  const asset = lookup.assets.find((a) => a.id === clip.asset_id);
  return asset ? assetSource(asset, lookup.fps) : null;
}

/** Frames a source can show (null: unbounded). */
export function sourceFramesOf(lookup: SourceLookup, clip: Pick<TimelineClip, 'shot_id' | 'asset_id'>): number | null {
  return clipSourceOf(lookup, clip)?.source_frames ?? null;
}
