import { useEffect } from 'react';
import { HealthBanner } from './components/HealthBanner';
import { ProjectList } from './components/ProjectList';
import { ProjectView } from './components/ProjectView';
import { Toasts } from './components/Toasts';
import { useHashRoute } from './hooks/useHashRoute';
import { appStore } from './store';

const HEALTH_POLL_MS = 15_000;

export function App() {
  const route = useHashRoute();

  useEffect(() => {
    void appStore.getState().loadHealth();
    const timer = setInterval(() => void appStore.getState().loadHealth(), HEALTH_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden>
            ▶
          </span>
          Milimo Video
        </a>
        <span className="topbar-sub">local AI video studio</span>
      </header>
      <HealthBanner />
      <main className="main">
        {route.name === 'project' ? <ProjectView key={route.projectId} projectId={route.projectId} /> : <ProjectList />}
      </main>
      <Toasts />
    </div>
  );
}
