// The editor's timeline: the multi-track NLE in components/timeline/.
export { TimelinePanel as Timeline } from './timeline/TimelinePanel';
