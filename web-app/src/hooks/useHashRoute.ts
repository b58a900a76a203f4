import { useSyncExternalStore } from 'react';

// Client routes live in the hash (`#/projects/<id>`): `/projects/<id>` itself is an API path on the same origin.
export type Route = { name: 'home' } | { name: 'project'; projectId: string };

function parse(hash: string): Route {
  const match = /^#\/projects\/([^/?#]+)/.exec(hash);
  return match?.[1] ? { name: 'project', projectId: decodeURIComponent(match[1]) } : { name: 'home' };
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parse(hash);
}

export function projectHref(projectId: string): string {
  return `#/projects/${encodeURIComponent(projectId)}`;
}
