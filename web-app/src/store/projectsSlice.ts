import { messageOf } from '../domain/errors';
import type { ProjectsSlice } from './projectsSlice.types';
import type { SliceCreator } from './types';

export const createProjectsSlice: SliceCreator<ProjectsSlice> =
  ({ api }) =>
  (set, get) => ({
    projects: [],
    projectsStatus: 'idle',
    projectsError: null,

    async loadProjects() {
      set({ projectsStatus: 'loading', projectsError: null });
      try {
        const projects = await api.listProjects();
        set({ projects, projectsStatus: 'ready' });
      } catch (error) {
        set({ projectsStatus: 'error', projectsError: messageOf(error) });
      }
    },

    async createProject(body) {
      try {
        const project = await api.createProject(body);
        set({ projects: [project, ...get().projects.filter((p) => p.id !== project.id)] });
        return project;
      } catch (error) {
        get().notify(`Could not create the project: ${messageOf(error)}`);
        return null;
      }
    },
  });
