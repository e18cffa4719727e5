// The drift verdict of one object (drift-contract.md) and the pieces other parts of the engine reuse.
export { compareObject, DEFAULT_FIELD_MANAGER, type CompareInput } from './compare.js';
export { KUBECTL_MANAGERS, LAST_APPLIED } from './ownership.js';
export { TRACKING_ANNOTATIONS, TRACKING_LABELS, secretStringDataToData } from './normalize.js';
export { quantityEqual, isQuantity } from './quantity.js';
export { renderPath, type Path, type PathEl } from './path.js';
export { jqPaths, jqDelete, parseJq, JqError } from './jq.js';
export { pruneDisabled, ignoresExtraneous } from './objects.js';
export { applyServerDefaults, type KindRef } from './defaults/index.js';
