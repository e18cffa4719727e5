// The sidebar (Applications, Cluster, History), the status bar item, live documents and the
// session commands: one registration for the composition root.
import { registerSessionCommands } from '../commands/session-commands.js';
import { registerLiveDocuments } from '../documents/live-documents.js';
import type { Services } from '../services.js';
import { registerStatusBar } from '../status-bar.js';
import { registerAppsView } from './apps-view.js';
import { registerClusterView } from './cluster-view.js';
import { registerHistoryView } from './history-view.js';

export function registerSidebar(services: Services): void {
  registerSessionCommands(services);
  registerLiveDocuments(services);
  const apps = registerAppsView(services);
  registerClusterView(services);
  registerHistoryView(services, apps);
  registerStatusBar(services);
}
