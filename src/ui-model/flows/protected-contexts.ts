// The editor's side of protected contexts: the rule lives in the engine (the CLI uses it too).
export { DEFAULT_PROTECTED_CONTEXTS, isProtectedContext, protectedPatterns, passProtection } from '../../engine/safety/protected-contexts.js';
