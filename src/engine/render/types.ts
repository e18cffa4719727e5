// Result shape shared by the renderers.
import type { EngineProblem, RenderedObject } from '../types.js';

export interface RenderResult {
  objects: RenderedObject[];
  problems: EngineProblem[];
}
