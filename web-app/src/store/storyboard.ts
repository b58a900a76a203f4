// Pure edits of a parsed storyboard proposal (what the user adjusts before Commit). Each returns a new proposal.
import type { ParseResponse, ProposedElement, ProposedScene, ProposedShot, Storyboard } from '../api/types';

/** A parse answer with every list present (the schema marks them optional). */
export interface Proposal {
  format: ParseResponse['format'];
  title: string;
  warnings: string[];
  scenes: (Required<Omit<ProposedScene, 'shots'>> & { shots: Required<ProposedShot>[] })[];
  elements: ProposedElement[];
}

export function proposalFrom(answer: ParseResponse): Proposal {
  return {
    format: answer.format,
    title: answer.title ?? '',
    warnings: [...(answer.warnings ?? [])],
    scenes: (answer.scenes ?? []).map((scene) => ({
      heading: scene.heading ?? '',
      location: scene.location ?? '',
      time_of_day: scene.time_of_day ?? '',
      synopsis: scene.synopsis ?? '',
      shots: (scene.shots ?? []).map((shot) => ({
        text: shot.text,
        characters: [...(shot.characters ?? [])],
        duration_s: shot.duration_s ?? 3,
      })),
    })),
    elements: (answer.elements ?? []).map((e) => ({ ...e })),
  };
}

function mapShot(
  p: Proposal,
  sceneIndex: number,
  change: (shots: Proposal['scenes'][number]['shots']) => Proposal['scenes'][number]['shots'],
): Proposal {
  if (!p.scenes[sceneIndex]) return p;
  return { ...p, scenes: p.scenes.map((s, i) => (i === sceneIndex ? { ...s, shots: change(s.shots) } : s)) };
}

export function editProposalShot(p: Proposal, sceneIndex: number, shotIndex: number, text: string): Proposal {
  const shot = p.scenes[sceneIndex]?.shots[shotIndex];
  if (!shot || shot.text === text) return p;
  return mapShot(p, sceneIndex, (shots) => shots.map((s, i) => (i === shotIndex ? { ...s, text } : s)));
}

export function deleteProposalShot(p: Proposal, sceneIndex: number, shotIndex: number): Proposal {
  if (!p.scenes[sceneIndex]?.shots[shotIndex]) return p;
  return mapShot(p, sceneIndex, (shots) => shots.filter((_, i) => i !== shotIndex));
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Rename an element; the shots that list it as a character follow. A blank name is ignored. */
export function renameProposalElement(p: Proposal, index: number, name: string): Proposal {
  const element = p.elements[index];
  const next = name.trim();
  if (!element || !next || next === element.name) return p;
  const old = element.name;
  return {
    ...p,
    elements: p.elements.map((e, i) => (i === index ? { ...e, name: next } : e)),
    scenes: p.scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.map((shot) =>
        shot.characters.some((c) => same(c, old)) ? { ...shot, characters: shot.characters.map((c) => (same(c, old) ? next : c)) } : shot,
      ),
    })),
  };
}

/** Drop an element (and its name from the shots' character lists). */
export function deleteProposalElement(p: Proposal, index: number): Proposal {
  const element = p.elements[index];
  if (!element) return p;
  return {
    ...p,
    elements: p.elements.filter((_, i) => i !== index),
    scenes: p.scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.some((s) => s.characters.some((c) => same(c, element.name)))
        ? scene.shots.map((s) => ({ ...s, characters: s.characters.filter((c) => !same(c, element.name)) }))
        : scene.shots,
    })),
  };
}

/** The commit body. */
export function storyboardOf(p: Proposal): Storyboard {
  return { scenes: p.scenes, elements: p.elements };
}

export function proposalShotCount(p: Proposal): number {
  return p.scenes.reduce((n, s) => n + s.shots.length, 0);
}

/** The 1-based line a parse refusal names (`line 12: …`), or null. */
export function errorLine(message: string): number | null {
  const match = /\bline (\d+)\b/i.exec(message);
  return match ? Number(match[1]) : null;
}
