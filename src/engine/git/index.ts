export { runGit, gitDir, GitError, DEFAULT_GIT_TIMEOUT_MS, type GitRunOptions, type GitResult, type GitErrorKind } from './git.js';
export { workingTreeState, parseStatusV2, type WorkingTreeState, type FileStatus } from './status.js';
export { appHistory, parseLog, type CommitInfo, type HistoryOptions } from './history.js';
export { revertRange, type RevertOptions, type RevertResult, type RevertDone, type RevertRefused, type RevertRefusal } from './revert.js';
