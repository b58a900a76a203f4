import { useMemo, useState } from 'react';
import type { Asset } from '../../api/types';
import { useMaskEditor } from '../../hooks/useMaskEditor';
import { appStore, useApp } from '../../store';
import { InpaintPanel } from './InpaintPanel';
import { InpaintResult } from './InpaintResult';
import { MaskCanvas } from './MaskCanvas';
import { FindPanel, MaskTools, TrackButton } from './MaskTools';

function MaskEditor({ asset, shotId, frame }: { asset: Asset & { width: number; height: number }; shotId: string; frame: number }) {
  const size = useMemo(() => ({ width: asset.width, height: asset.height }), [asset.width, asset.height]);
  const editor = useMaskEditor(size);
  const jobId = useApp((s) => s.fixFrame?.inpaintJobId ?? null);
  const [showEditor, setShowEditor] = useState(true);
  // A new in-paint job: make room for the side-by-side result (the mask stays, one click away).
  const [seenJobId, setSeenJobId] = useState(jobId);
  if (seenJobId !== jobId) {
    setSeenJobId(jobId);
    if (jobId) setShowEditor(false);
  }
  return (
    <div className="fix-frame-body">
      <div className="fix-frame-main">
        {jobId && (
          <div className="button-row">
            <button className="button button-small" onClick={() => setShowEditor((v) => !v)}>
              {showEditor ? 'Hide mask' : 'Show mask'}
            </button>
          </div>
        )}
        {(showEditor || !jobId) && <MaskCanvas src={asset.url} editor={editor} />}
        {jobId && <InpaintResult jobId={jobId} before={asset.url} frame={frame} />}
      </div>
      <div className="fix-frame-side">
        <MaskTools editor={editor} />
        <FindPanel editor={editor} />
        <div className="button-row">
          <TrackButton editor={editor} findText={editor.found?.text ?? null} />
        </div>
        <InpaintPanel editor={editor} shotId={shotId} />
      </div>
    </div>
  );
}

/** Journey 5, "Fix a frame": the paused frame, a mask by SAM clicks / words / brush, in-paint, re-generate the shot. */
export function FixFrameDialog() {
  const session = useApp((s) => s.fixFrame);
  const position = useApp((s) => (s.fixFrame ? s.shotOrder.indexOf(s.fixFrame.shotId) : -1));
  if (!session) return null;
  const close = () => appStore.getState().closeFixFrame();
  const asset = session.asset;
  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        e.stopPropagation(); // Ctrl+Z in here is not the editor's undo
      }}
    >
      <div className="modal modal-wide" role="dialog" aria-modal="true" aria-label="Fix frame" data-testid="fix-frame">
        <div className="button-row">
          <h2>
            Fix frame {session.frame} of shot {position + 1}
          </h2>
          <span className="spacer" />
          <button className="icon-button" aria-label="Close" onClick={close}>
            ×
          </button>
        </div>
        {session.status === 'grabbing' && <p className="muted">Grabbing frame {session.frame}…</p>}
        {session.status === 'error' && (
          <div className="server-error" role="alert">
            <span className="server-error-tag">Server</span>
            <span className="server-error-text">{session.error}</span>
          </div>
        )}
        {asset && asset.width && asset.height ? (
          <MaskEditor
            key={asset.id}
            asset={asset as Asset & { width: number; height: number }}
            shotId={session.shotId}
            frame={session.frame}
          />
        ) : null}
      </div>
    </div>
  );
}
