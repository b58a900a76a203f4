// One proposed scene: its fields and its beats (shots), each editable, with add and delete.
import type { Proposal } from '../../domain/storyboard';
import { appStore } from '../../store';
import { BeatDuration, BeatText, BlurField, SceneFields } from './fields';

/** A scene of the proposal: heading, location, time of day, synopsis, then its beats. */
export function ProposalScene({ sceneIndex: si, scene }: { sceneIndex: number; scene: Proposal['scenes'][number] }) {
  const store = appStore.getState();
  return (
    <li className="proposal-scene" data-testid="proposal-scene" aria-label={`Scene ${si + 1}`}>
      <div className="proposal-heading">
        <strong>{scene.heading || `Scene ${si + 1}`}</strong>
        {scene.time_of_day && <span className="badge badge-mode">{scene.time_of_day}</span>}
      </div>
      <SceneFields sceneIndex={si} scene={scene} />
      <ol className="proposal-shots">
        {scene.shots.map((shot, shi) => (
          <li key={`${si}-${shi}-${shot.text}`} className="proposal-shot" data-testid="proposal-shot">
            <span className="clip-index">{shi + 1}</span>
            <div className="proposal-shot-fields">
              <BeatText sceneIndex={si} shotIndex={shi} text={shot.text} />
              <div className="proposal-shot-meta">
                <BeatDuration sceneIndex={si} shotIndex={shi} seconds={shot.duration_s} />
                <BlurField
                  label={`Scene ${si + 1} shot ${shi + 1} characters`}
                  placeholder="Characters (comma-separated)"
                  value={shot.characters.join(', ')}
                  onCommit={(text) => store.setProposalShotCharacters(si, shi, text)}
                />
              </div>
            </div>
            <button
              className="icon-button"
              aria-label={`Add a shot after scene ${si + 1} shot ${shi + 1}`}
              title="Add a shot after this one"
              onClick={() => store.addProposalShot(si, shi)}
            >
              +
            </button>
            <button
              className="icon-button"
              aria-label={`Delete scene ${si + 1} shot ${shi + 1}`}
              onClick={() => store.deleteProposalShot(si, shi)}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button className="button button-small" aria-label={`Add a shot to scene ${si + 1}`} onClick={() => store.addProposalShot(si, null)}>
        + Shot
      </button>
    </li>
  );
}
