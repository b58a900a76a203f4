// What the last commit did, in the server's counts.
import { useApp } from '../../store';

/** The counts of the last commit (scenes, shots created/kept/removed, elements). */
export function CommitSummary() {
  const result = useApp((s) => s.commitResult);
  if (!result) return null;
  const parts: [string, number][] = [
    ['scenes created', result.scenes_created],
    ['shots created', result.shots_created],
    ['shots kept', result.shots_kept],
    ['shots removed', result.shots_removed],
    ['generated shots left alone', result.shots_left_alone],
    ['elements created', result.elements_created],
  ];
  return (
    <div className="commit-result" role="status" data-testid="commit-result">
      <strong>Committed.</strong>{' '}
      {parts.map(([label, n]) => (
        <span key={label} className="commit-count" data-count={label}>
          {n} {label}
        </span>
      ))}
    </div>
  );
}
