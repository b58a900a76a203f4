// The scene band under the ruler: each scene's spans on the timeline, coloured and named; a click seeks to a span's start.
import { memo, useEffect, useMemo, useRef } from 'react';
import type { CSSProperties } from 'react';
import { appStore, useApp } from '../../store';
import type { AppState } from '../../store';
import { timecode } from '../../domain/timeline/playback';
import { sceneSpans } from '../../domain/timeline/scenes';
import { selectDrawn, setPlayhead } from './bind';
import { HEADER_W, RULER_H } from './geometry';
import { onViewFrame } from './view';
import './sceneBand.css';

export const SCENE_BAND_H = 22;

/** The band's height: none at all in a project without scenes (the tracks start right under the ruler). */
export function sceneBandHeight(s: Pick<AppState, 'scenes'>): number {
  return s.scenes.length > 0 ? SCENE_BAND_H : 0;
}

export const SceneBand = memo(function SceneBand() {
  // The drawn timeline (the drag preview while one runs), so the spans follow a clip as it is dragged.
  const timeline = useApp(selectDrawn);
  const shots = useApp((s) => s.shots);
  const scenes = useApp((s) => s.scenes);
  const fps = useApp((s) => s.project?.fps ?? 24);
  const spans = useMemo(() => sceneSpans(timeline, shots, scenes), [timeline, shots, scenes]);
  const row = useRef<HTMLDivElement>(null);
  const hasScenes = scenes.length > 0;
  // The scroll offset as `--sx`, so a name cut by the left edge narrows to the part of its span still in view (CSS);
  // a style write once a frame, on the band only.
  useEffect(() => {
    if (!hasScenes) return;
    return onViewFrame(() => row.current?.style.setProperty('--sx', String(appStore.getState().scrollX)));
  }, [hasScenes]);
  if (!hasScenes) return null;
  return (
    <div ref={row} className="tl-scene-row" style={{ height: SCENE_BAND_H, top: RULER_H }} data-testid="scene-band">
      <div className="tl-corner tl-scene-corner" style={{ width: HEADER_W }}>
        <span className="muted small">Scenes</span>
      </div>
      <div className="tl-scene-lane">
        {spans.map((span) => (
          // A div, not a <button>: a button lays its content out in an inner box of its own, so the sticky name
          // could not slide along the span.
          <div
            key={span.key}
            role="button"
            tabIndex={0}
            className="tl-scene-span"
            style={{ '--start': span.start, '--dur': span.end - span.start, '--scene': span.colour } as CSSProperties}
            title={`${span.title} · ${timecode(span.start, fps)} – ${timecode(span.end, fps)}`}
            aria-label={`Go to scene ${span.number}: ${span.title}`}
            data-testid="scene-span"
            data-scene-id={span.sceneId}
            data-start={span.start}
            data-end={span.end}
            onClick={() => setPlayhead(span.start)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              setPlayhead(span.start);
            }}
          >
            <span className="tl-scene-label">
              <span className="tl-scene-number">{span.number}</span>
              {span.label}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
});
