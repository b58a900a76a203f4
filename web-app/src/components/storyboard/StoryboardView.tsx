// The storyboard tab: a screenplay (Fountain, Final Draft, plain text) parsed into proposed scenes, shots and
// elements (`POST …/storyboard/parse`), adjusted, then committed (`POST …/storyboard/commit`).
import { ProposalPane } from './ProposalPane';
import { ScriptPane } from './ScriptPane';

/** Screenplay → storyboard: the script beside the proposal it parses into. */
export function StoryboardView({ onDone }: { onDone: () => void }) {
  return (
    <div className="storyboard" data-testid="storyboard">
      <ScriptPane />
      <ProposalPane onDone={onDone} />
    </div>
  );
}
