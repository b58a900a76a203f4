// The proposal side of the storyboard: what the parse proposes, adjusted here, then committed all or nothing.
import { proposalShotCount } from '../../domain/storyboard';
import { appStore, useApp } from '../../store';
import { CommitSummary } from './CommitSummary';
import { ProposalElements } from './ProposalElements';
import { ProposalScene } from './ProposalScene';

/** The proposal: scenes with their beats, and the elements; adjust, then Commit. */
export function ProposalPane({ onDone }: { onDone: () => void }) {
  const proposal = useApp((s) => s.proposal);
  const committing = useApp((s) => s.committing);
  const error = useApp((s) => s.commitError);
  const result = useApp((s) => s.commitResult);
  const store = appStore.getState();
  if (!proposal) {
    return (
      <section className="panel storyboard-proposal" aria-label="Proposal">
        <CommitSummary />
        <p className="muted">Parse a script to see the scenes, shots and elements it proposes. Nothing is saved until Commit.</p>
        {result && (
          <button className="button" onClick={onDone}>
            Open the timeline
          </button>
        )}
      </section>
    );
  }
  const shotCount = proposalShotCount(proposal);
  return (
    <section className="panel storyboard-proposal" aria-label="Proposal" data-testid="proposal">
      <div className="storyboard-bar">
        <h2 className="panel-title">
          {proposal.title || 'Proposal'}{' '}
          <span className="muted small">
            {proposal.format} · {proposal.scenes.length} scene{proposal.scenes.length === 1 ? '' : 's'} · {shotCount} shot
            {shotCount === 1 ? '' : 's'} · {proposal.elements.length} element{proposal.elements.length === 1 ? '' : 's'}
          </span>
        </h2>
      </div>
      <p className="muted small" data-testid="breakdown-source">
        {proposal.breakdown === 'director'
          ? 'Shots and prompts by the director (Gemma 3): check them before you commit.'
          : 'Shots and prompts by the rule-based breakdown (framing, length and prompt from the script; no director model was used).'}
      </p>
      {proposal.warnings.length > 0 && (
        <ul className="gen-problems" data-testid="parse-warnings">
          {proposal.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div className="proposal-body">
        <ol className="proposal-scenes">
          {proposal.scenes.map((scene, si) => (
            <ProposalScene key={si} sceneIndex={si} scene={scene} />
          ))}
        </ol>
        <ProposalElements elements={proposal.elements} />
      </div>
      {error && (
        <div className="server-error" role="alert" data-testid="commit-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{error}</span>
        </div>
      )}
      <CommitSummary />
      <div className="button-row">
        <button className="button" onClick={() => store.discardProposal()}>
          Discard
        </button>
        <span className="spacer" />
        {result && (
          <button className="button" onClick={onDone}>
            Open the timeline
          </button>
        )}
        <button
          className="button button-primary"
          disabled={committing}
          onClick={() => {
            (document.activeElement as HTMLElement | null)?.blur?.();
            void appStore.getState().commitProposal();
          }}
          data-testid="commit-storyboard"
        >
          {committing ? 'Committing…' : 'Commit'}
        </button>
      </div>
    </section>
  );
}
