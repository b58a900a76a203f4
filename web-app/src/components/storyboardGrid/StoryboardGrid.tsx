// The storyboard grid: every scene's shots in script order, each with its concept frame (FLUX.2, composed with the
// references of the elements in the shot), prompt, duration and status. Generate frames for the project, a scene or
// a shot; pick among candidates; upload a frame; pin element references at frame 0 instead (the old way). Generate
// all / Generate scene queue frames, videos or both as a batch, whose overview sits above the scenes.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { frameBoard } from '../../domain/frameBoard';
import { useApp } from '../../store';
import { MAX_FRAME_CANDIDATES } from '../../store/framesSlice';
import { BatchOverview } from '../batches/BatchOverview';
import { GenerateAllControl } from '../batches/GenerateAllControl';
import { ShotFrameCard } from './ShotFrameCard';
import './storyboardGrid.css';

export function StoryboardGrid() {
  const { scenes, shots, assets, jobs } = useApp(
    useShallow((s) => ({ scenes: s.scenes, shots: s.shots, assets: s.assets, jobs: s.jobs })),
  );
  const board = useMemo(() => frameBoard(scenes, Object.values(shots), assets, jobs), [scenes, shots, assets, jobs]);
  const candidates = useApp((s) => s.frameCandidates);
  const setCandidates = useApp((s) => s.setFrameCandidates);
  const generate = useApp((s) => s.generateFrames);
  const error = useApp((s) => s.frameError);
  const clearError = useApp((s) => s.clearFrameError);
  const testModels = useApp((s) => s.health?.test_models ?? false);
  const hasShots = board.some((scene) => scene.shots.length > 0);

  return (
    <div className="frame-board" data-testid="storyboard-grid">
      <div className="frame-board-bar">
        <strong>Storyboard frames</strong>
        <GenerateAllControl target={{ scope: 'project' }} label="Generate all" disabled={!hasShots} testId="generate-all" />
        {testModels && (
          <span className="test-note" data-testid="frames-test-note">
            test models — frames are noise
          </span>
        )}
      </div>
      <div className="frame-board-bar frame-board-candidates">
        <label className="small">
          Candidates per shot
          <select
            value={candidates}
            onChange={(e) => setCandidates(Number(e.target.value))}
            data-testid="frame-candidates"
            aria-label="Candidates per shot"
          >
            {Array.from({ length: MAX_FRAME_CANDIDATES }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-small"
          disabled={!hasShots}
          onClick={() => void generate({ all: true })}
          title="Frame candidates for every shot, to pick from"
          data-testid="frames-all"
        >
          Frame candidates for all shots
        </button>
        <span className="muted small">
          A chosen frame is the first frame of the shot's video; its elements reach the video through it.
        </span>
      </div>
      <BatchOverview />
      {error && (
        <p className="field-error" role="alert" data-testid="frames-error">
          {error}{' '}
          <button type="button" className="button button-small" onClick={clearError}>
            Dismiss
          </button>
        </p>
      )}
      {!hasShots && <p className="muted">No shots yet: import a screenplay (Storyboard) or add shots in the editor.</p>}
      {board.map((scene) =>
        scene.shots.length === 0 ? null : (
          <section key={scene.id ?? 'none'} className="frame-scene" data-testid="frame-scene">
            <div className="frame-scene-head">
              <h3>{scene.heading}</h3>
              <span className="muted small">
                {scene.shots.length} shot{scene.shots.length === 1 ? '' : 's'}
              </span>
              <span className="spacer" />
              <button
                type="button"
                className="button button-small"
                onClick={() =>
                  void generate(scene.id ? { scene_id: scene.id } : { shot_ids: scene.shots.map((b) => b.shot.id) })
                }
                title="Frame candidates for this scene's shots, to pick from"
                data-testid="frames-scene"
              >
                Frame candidates
              </button>
              {scene.id && (
                <GenerateAllControl
                  target={{ scope: 'scene', sceneId: scene.id }}
                  label="Generate scene"
                  testId="generate-scene"
                />
              )}
            </div>
            <div className="frame-grid">
              {scene.shots.map((entry) => (
                <ShotFrameCard key={entry.shot.id} entry={entry} testModels={testModels} />
              ))}
            </div>
          </section>
        ),
      )}
    </div>
  );
}
