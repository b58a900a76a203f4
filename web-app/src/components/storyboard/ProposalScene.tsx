// One proposed scene: its fields, its notes and transitions, and its shots (script lines beside the built prompt),
// each editable, with add and delete.
import type { Proposal } from '../../domain/storyboard';
import { appStore, useApp } from '../../store';
import { BeatDuration, BeatText, BlurField, SceneFields } from './fields';

/** A scene of the proposal: heading, location, time of day, synopsis, then its beats. */
export function ProposalScene({ sceneIndex: si, scene }: { sceneIndex: number; scene: Proposal['scenes'][number] }) {
  const store = appStore.getState();
  const directing = useApp((s) => s.directing);
  return (
    <li className="proposal-scene" data-testid="proposal-scene" aria-label={`Scene ${si + 1}`}>
      <div className="proposal-heading">
        <strong>{scene.heading || `Scene ${si + 1}`}</strong>
        {scene.time_of_day && <span className="badge badge-mode">{scene.time_of_day}</span>}
        <span className="spacer" />
        <button
          className="button button-small"
          disabled={directing !== null}
          title="The director rewrites this scene's shots and prompts (every line of dialogue kept); the other scenes stay as they are"
          aria-label={`Ask the director for scene ${si + 1}`}
          onClick={() => void store.askDirector(si)}
          data-testid="ask-director-scene"
        >
          {directing === si ? 'Directing…' : 'Director'}
        </button>
      </div>
      <SceneFields sceneIndex={si} scene={scene} />
      <ol className="proposal-shots">
        {scene.shots.map((shot, shi) => (
          <li key={`${si}-${shi}-${shot.text}`} className="proposal-shot" data-testid="proposal-shot">
            <span className="clip-index">{shi + 1}</span>
            <div className="proposal-shot-fields">
              <ScriptMarks notes={scene.notes} transitions={scene.transitions} at={shi} />
              <div className="proposal-shot-pair">
                <div className="proposal-shot-script">
                  <span className="small muted">
                    From the script{shot.framing && <span className="badge badge-mode proposal-framing" data-testid="proposal-framing">{shot.framing}</span>}
                  </span>
                  <BeatText sceneIndex={si} shotIndex={shi} text={shot.text} />
                </div>
                <label className="proposal-shot-prompt">
                  <span className="small muted">Prompt</span>
                  <BlurField
                    label={`Scene ${si + 1} shot ${shi + 1} prompt`}
                    placeholder="The script line is the prompt"
                    multiline
                    testId="proposal-prompt"
                    value={shot.prompt}
                    onCommit={(text) => store.editProposalShotPrompt(si, shi, text)}
                  />
                </label>
              </div>
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
      <ScriptMarks notes={scene.notes} transitions={scene.transitions} at={scene.shots.length} />
      <button className="button button-small" aria-label={`Add a shot to scene ${si + 1}`} onClick={() => store.addProposalShot(si, null)}>
        + Shot
      </button>
    </li>
  );
}

type Mark = { text: string; at_shot?: number };

/** The script's notes and transitions that stand at this shot (or, at the number of shots, after the last one):
 * shown where they are, as cut information and notes, never dropped. */
function ScriptMarks({ notes, transitions, at }: { notes: Mark[]; transitions: Mark[]; at: number }) {
  const here = [
    ...transitions.filter((m) => (m.at_shot ?? 0) === at).map((m) => ({ kind: 'transition', text: m.text })),
    ...notes.filter((m) => (m.at_shot ?? 0) === at).map((m) => ({ kind: 'note', text: m.text })),
  ];
  if (!here.length) return null;
  return (
    <ul className="proposal-marks" data-testid="proposal-marks">
      {here.map((m, i) => (
        <li key={i} className={`small proposal-mark proposal-${m.kind}`} title={m.kind === 'note' ? "The script's note" : 'Transition (cut information)'}>
          {m.kind === 'transition' ? `✂ ${m.text}` : `✎ ${m.text}`}
        </li>
      ))}
    </ul>
  );
}
