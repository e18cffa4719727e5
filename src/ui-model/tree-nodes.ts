// The node models of the Applications view: plain data, one case per kind of row. The vscode
// adapter maps each one to a TreeItem in one place; everything a row shows is decided here.
import type { ObjectRef, HealthStatus } from '../engine/types.js';
import type { ResourceStatus, SyncStatus } from '../engine/status/app-status.js';

/** A codicon id (`check`, `warning`, …) and an optional theme colour id (`charts.green`, …). */
export interface IconModel { id: string; color?: string }

/** A second status shown next to the label (a FileDecoration badge in VS Code: up to 2 characters). */
export interface BadgeModel { text: string; tooltip: string; color?: string }

/** Where a click takes the user: an absolute file path and a 1-based line. */
export interface OpenTarget { file: string; line: number; column?: number }

export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** What every sidebar row has, whatever view it belongs to. */
export interface NodeBase {
  /** stable across snapshots, unique in the tree: VS Code keeps expansion and selection by it */
  id: string;
  label: string;
  description?: string;
  /** markdown (untrusted: no command links); Applications rows leave it to AppsTree.tooltip() */
  tooltip?: string;
  icon?: IconModel;
  badge?: BadgeModel;
  /** space-separated facets for `viewItem` when-clauses, see context-facets.ts */
  contextValue: string;
  collapsible: Collapsible;
  open?: OpenTarget;
}

export interface GroupNode extends NodeBase { type: 'group'; key: string }

/** Doubles as the `AppArgs` of commands run on it (`plumb.sync`, `plumb.diff`, …). */
export interface AppNode extends NodeBase { type: 'app'; app: string; sync: SyncStatus; health: HealthStatus }

/** Doubles as the `ResourceArgs` of commands run on it (`plumb.diff`, `plumb.openLive`, …). */
export interface ResourceNode extends NodeBase { type: 'resource'; app: string; ref: ObjectRef; status: ResourceStatus }

export interface FieldNode extends NodeBase { type: 'field'; app: string; ref: ObjectRef; path: string }

export interface ProblemNode extends NodeBase { type: 'problem'; app: string; severity: 'error' | 'warning' }

export type AppsTreeNode = GroupNode | AppNode | ResourceNode | FieldNode | ProblemNode;
