import type { ProjectCreate, ProjectSummary } from '../api/types';
import type { LoadStatus } from './shared';

// The slice's state and actions (./types.ts joins the slices into AppState). Projects: the list on the home screen.
export interface ProjectsSlice {
  projects: ProjectSummary[];
  projectsStatus: LoadStatus;
  projectsError: string | null;
  loadProjects(): Promise<void>;
  createProject(body: ProjectCreate): Promise<ProjectSummary | null>;
}
