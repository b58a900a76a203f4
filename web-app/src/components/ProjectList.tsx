import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { projectHref } from '../hooks/useHashRoute';
import { appStore, useApp } from '../store';
import { ImportArchiveButton } from './export/ImportArchive';

const PRESETS = [
  { label: '768 × 512 (3:2)', width: 768, height: 512 },
  { label: '1280 × 704 (16:9)', width: 1280, height: 704 },
  { label: '512 × 512 (1:1)', width: 512, height: 512 },
  { label: '256 × 192 (draft)', width: 256, height: 192 },
];

function CreateProjectForm() {
  const [name, setName] = useState('');
  const [width, setWidth] = useState(768);
  const [height, setHeight] = useState(512);
  const [fps, setFps] = useState(24);
  const [seed, setSeed] = useState(42);
  const [busy, setBusy] = useState(false);

  const sizeError =
    width % 32 || height % 32 ? 'Width and height must be multiples of 32.' : width < 64 || height < 64 ? 'At least 64 px.' : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || sizeError) return;
    setBusy(true);
    const project = await appStore.getState().createProject({ name: name.trim(), width, height, fps, seed });
    setBusy(false);
    if (project) window.location.hash = projectHref(project.id);
  }

  return (
    <form className="panel create-form" onSubmit={submit} aria-label="New project">
      <h2 className="panel-title">New project</h2>
      <label className="field">
        <span>Name</span>
        <input
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Untitled film"
          required
          maxLength={200}
          autoFocus
        />
      </label>
      <div className="field-row">
        <label className="field">
          <span>Width</span>
          <input name="width" type="number" min={64} max={2048} step={32} value={width} onChange={(e) => setWidth(e.target.valueAsNumber || 0)} />
        </label>
        <label className="field">
          <span>Height</span>
          <input name="height" type="number" min={64} max={2048} step={32} value={height} onChange={(e) => setHeight(e.target.valueAsNumber || 0)} />
        </label>
      </div>
      <div className="presets">
        {PRESETS.map((p) => (
          <button
            type="button"
            key={p.label}
            className={`chip${p.width === width && p.height === height ? ' chip-on' : ''}`}
            onClick={() => {
              setWidth(p.width);
              setHeight(p.height);
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="field-row">
        <label className="field">
          <span>FPS</span>
          <input name="fps" type="number" min={1} max={120} step={1} value={fps} onChange={(e) => setFps(e.target.valueAsNumber || 0)} />
        </label>
        <label className="field">
          <span>Seed</span>
          <input name="seed" type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(e.target.valueAsNumber || 0)} />
        </label>
      </div>
      {sizeError && <p className="field-error">{sizeError}</p>}
      <button className="button button-primary" type="submit" disabled={busy || !name.trim() || !!sizeError}>
        {busy ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}

export function ProjectList() {
  const projects = useApp((s) => s.projects);
  const status = useApp((s) => s.projectsStatus);
  const error = useApp((s) => s.projectsError);

  useEffect(() => {
    void appStore.getState().loadProjects();
  }, []);

  return (
    <div className="home">
      <section className="home-list">
        <h1 className="page-title">Projects</h1>
        {status === 'loading' && projects.length === 0 && <p className="muted">Loading…</p>}
        {status === 'error' && <p className="field-error">Could not load projects: {error}</p>}
        {status === 'ready' && projects.length === 0 && <p className="muted">No projects yet. Create one to start.</p>}
        <ul className="project-grid">
          {projects.map((p) => (
            <li key={p.id}>
              <a className="project-card" href={projectHref(p.id)} data-testid="project-card">
                <div className="project-thumb">
                  {p.thumbnail_url ? (
                    <img src={p.thumbnail_url} alt="" />
                  ) : (
                    <span className="thumb-empty">{p.shot_count ? 'Not generated yet' : 'No shots yet'}</span>
                  )}
                </div>
                <div className="project-meta">
                  <strong>{p.name}</strong>
                  <span className="muted">
                    {p.width}×{p.height} · {p.fps} fps · {p.shot_count ?? 0} shot{p.shot_count === 1 ? '' : 's'}
                  </span>
                </div>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <aside className="home-side">
        <CreateProjectForm />
        <ImportArchiveButton />
      </aside>
    </div>
  );
}
