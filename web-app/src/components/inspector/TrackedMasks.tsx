import { useShallow } from 'zustand/react/shallow';
import type { ShotMask } from '../../api/types';
import { appStore, useApp } from '../../store';

function MaskRow({ mask, stale }: { mask: ShotMask; stale: boolean }) {
  return (
    <li className="tracked-mask" data-testid="tracked-mask" data-mask-id={mask.id}>
      <div className="tracked-mask-head">
        {mask.thumbnail_url && <img className="tracked-mask-thumb" src={mask.thumbnail_url} alt="" />}
        <div className="tracked-mask-text">
          <span>{mask.label}</span>
          <span className="muted small" data-testid="tracked-mask-frames">
            {mask.frames_with_object} of {mask.num_frames} frames
            {stale && ' · from an earlier take'}
          </span>
        </div>
        <button
          className="button button-small button-danger"
          onClick={() => void appStore.getState().deleteMask(mask.id)}
          aria-label={`Delete mask ${mask.label}`}
        >
          Delete
        </button>
      </div>
      <video className="tracked-mask-preview" src={mask.preview_url} controls muted loop playsInline preload="metadata" data-testid="tracked-mask-preview" />
    </li>
  );
}

/** Objects tracked through this shot's clip (SAM 3): each with its tinted preview. */
export function TrackedMasks({ shotId }: { shotId: string }) {
  const masks = useApp(useShallow((s) => s.masks.filter((m) => m.shot_id === shotId)));
  const videoUrl = useApp((s) => s.shots[shotId]?.video_url ?? null);
  const testModel = useApp((s) => !!s.samStatus?.test_model);
  if (masks.length === 0) return null;
  return (
    <section className="tracked-masks" aria-label="Tracked masks" data-testid="tracked-masks">
      <h3 className="field-label">Tracked masks ({masks.length})</h3>
      {testModel && <p className="test-note">test model — masks are noise</p>}
      <ul>
        {masks.map((m) => (
          <MaskRow key={m.id} mask={m} stale={!!videoUrl && videoUrl !== m.video_url} />
        ))}
      </ul>
    </section>
  );
}
