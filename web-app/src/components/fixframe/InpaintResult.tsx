import { useState } from 'react';
import type { InpaintJobResult } from '../../api/types';
import { appStore, useApp } from '../../store';
import type { RegenerateHow } from '../../store/segmentSlice.types';
import { ProgressBar } from '../ProgressBar';

/** The in-paint job's progress, then the frame and its repaired version side by side, and what to do with it. */
export function InpaintResult({ jobId, before, frame }: { jobId: string; before: string; frame: number }) {
  const job = useApp((s) => s.jobs[jobId] ?? null);
  const [starting, setStarting] = useState<RegenerateHow | null>(null);
  if (!job) return null;
  const result = (job.status === 'completed' ? job.result : null) as InpaintJobResult | null;
  const regenerate = async (how: RegenerateHow) => {
    if (!result?.asset_id) return;
    setStarting(how);
    await appStore.getState().regenerateFromFrame(result.asset_id, how);
    setStarting(null);
  };
  return (
    <div className="inpaint-result" data-testid="inpaint-result">
      <ProgressBar job={job} />
      {result?.image_url && (
        <>
          <div className="side-by-side">
            <figure>
              <img src={before} alt={`Frame ${frame} before`} data-testid="inpaint-before" />
              <figcaption>Before (frame {frame})</figcaption>
            </figure>
            <figure>
              <img src={result.image_url} alt={`Frame ${frame} in-painted`} data-testid="inpaint-after" />
              <figcaption>After</figcaption>
            </figure>
          </div>
          {result.test_model && (
            <p className="test-note small" data-testid="inpaint-test-note">
              test model — output is noise
            </p>
          )}
          <div className="button-row">
            <button
              className="button button-primary"
              onClick={() => void regenerate('keyframes')}
              disabled={!!starting || !result.asset_id}
              title={`Generate the shot again with this picture pinned at frame ${frame}`}
              data-testid="regenerate-keyframe"
            >
              {starting === 'keyframes' ? 'Starting…' : 'Re-generate shot from this frame'}
            </button>
            <button
              className="button"
              onClick={() => void regenerate('i2v')}
              disabled={!!starting || !result.asset_id}
              title="Generate the shot again starting from this picture"
              data-testid="regenerate-i2v"
            >
              {starting === 'i2v' ? 'Starting…' : 'as first frame (image-to-video)'}
            </button>
          </div>
          {frame !== 0 && (
            <p className="muted small">
              Image-to-video starts the new clip from this picture, although it was frame {frame}; keyframe pins it at frame {frame}.
            </p>
          )}
        </>
      )}
    </div>
  );
}
