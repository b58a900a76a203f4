// "Made with: noir 0.8 · dolly in": the LoRAs (and camera move) that made the shot's current take, from the take's
// record in `params.takes`, else from the result of the job that made it.
import { useMemo } from 'react';
import { madeWithOfShot, madeWithText, type MadeWithLora } from '../domain/loras';
import { currentTakeOf } from '../domain/takes';
import { useApp } from '../store';

export function MadeWithLine({ entries }: { entries: readonly MadeWithLora[] }) {
  if (!entries.length) return null;
  const title = entries.map((e) => `${e.name} at ${e.strength}${e.camera ? ` (camera ${e.camera})` : ''}`).join('\n');
  return (
    <p className="made-with muted small" data-testid="made-with" title={title}>
      Made with: <span className="made-with-list">{madeWithText(entries)}</span>
    </p>
  );
}

export function MadeWith({ shotId }: { shotId: string }) {
  // A string out of the store (fresh objects on every read would re-render forever), parsed once per change.
  const key = useApp((s) => {
    const shot = s.shots[shotId];
    if (!shot) return '[]';
    const take = currentTakeOf(shot);
    // A still has no takes: the job that made it is the shot's last.
    const jobId = take ?? shot.last_job_id;
    const job = jobId ? s.jobs[jobId] : undefined;
    return JSON.stringify(madeWithOfShot(shot, take, job?.result as Record<string, unknown> | null | undefined) ?? []);
  });
  const entries = useMemo(() => JSON.parse(key) as MadeWithLora[], [key]);
  return <MadeWithLine entries={entries} />;
}
