import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../../store';
import { framesForSound, SOUND_MODES } from '../../domain/generation';
import { useServerDiffers } from './fields';

const seconds = (s: number | null | undefined) => (s ? `${s.toFixed(1)} s` : 'length unknown');

/**
 * Audio-to-video: the picture is generated to a sound from the media bin and the clip plays exactly that sound;
 * "length follows the sound" makes the clip as long as it. Both are shot fields (drafts: one undo step each, saved
 * with the others).
 */
export function FollowSound({ shotId }: { shotId: string }) {
  const id = useId();
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  const chosen = useApp((s) => s.drafts[shotId]?.audio_asset_id ?? null);
  const follow = useApp((s) => !!s.drafts[shotId]?.duration_from_audio);
  const fps = useApp((s) => s.shots[shotId]?.fps ?? 24);
  const sounds = useApp(
    useShallow((s) => s.assets.filter((a) => a.kind === 'audio').map((a) => `${a.id}\t${a.original_name}\t${a.duration_s ?? ''}`)),
  );
  const asset = useApp((s) => (chosen ? (s.assets.find((a) => a.id === chosen) ?? null) : null));
  const modifiedSound = useServerDiffers(shotId, 'audio_asset_id');
  const modifiedFollow = useServerDiffers(shotId, 'duration_from_audio');
  if (!SOUND_MODES.includes(mode)) return null;
  const edit = appStore.getState().editShot;
  const options = sounds.map((row) => {
    const [assetId, name, duration] = row.split('\t') as [string, string, string];
    return { assetId, label: `${name} · ${seconds(duration ? Number(duration) : null)}` };
  });
  const frames = asset?.duration_s ? framesForSound(asset.duration_s, fps) : null;
  return (
    <section className="mode-inputs" aria-label="Follow this sound" data-testid="follow-sound">
      <div className="mode-inputs-head">
        <h3 className="sub-title">Follow this sound</h3>
        <span className="muted small">the picture is made to it; the clip plays it</span>
      </div>
      {options.length === 0 && !chosen ? (
        <p className="muted small">No sound in the media bin yet: upload one (WAV, MP3, …) to generate the picture to it.</p>
      ) : (
        <div className={`sound-pick${modifiedSound ? ' field-modified' : ''}`}>
          <select
            id={id}
            aria-label="Sound to follow"
            value={chosen ?? ''}
            onChange={(e) => edit(shotId, { audio_asset_id: e.target.value || null })}
          >
            <option value="">None: the model makes its own sound</option>
            {options.map((o) => (
              <option key={o.assetId} value={o.assetId}>
                {o.label}
              </option>
            ))}
            {chosen && !asset && <option value={chosen}>(not in the media bin)</option>}
          </select>
          <button className="button button-small" onClick={() => edit(shotId, { audio_asset_id: null })} disabled={!chosen} title="Stop following a sound">
            Clear
          </button>
        </div>
      )}
      {chosen && asset && <audio className="sound-preview" src={asset.url} controls preload="none" aria-label="Listen to the sound" />}
      <label className={`check${modifiedFollow ? ' check-modified' : ''}`}>
        <input
          type="checkbox"
          checked={follow}
          disabled={!chosen}
          onChange={(e) => edit(shotId, { duration_from_audio: e.target.checked })}
        />
        Length follows the sound
        {chosen && follow && frames && (
          <span className="muted small">
            ({frames} frames, {(frames / fps).toFixed(2)} s)
          </span>
        )}
      </label>
    </section>
  );
}
