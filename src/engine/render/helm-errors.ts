// `helm template` errors reduced to one message with the template file and line when helm names them.

import type { SourceLocation } from '../types.js';

export interface HelmError {
  message: string;
  /** path inside the chart (`templates/x.yaml`) and line, when helm says */
  chartFile?: string;
  line?: number;
  offline?: boolean;
}

export function reduceHelmError(stderr: string): HelmError {
  const text = stderr
    .split('\n')
    .filter((l) => !/^(WARNING|walk\.go|coalesce\.go|Use --debug)/.test(l))
    .join('\n')
    .trim();
  const body = text.replace(/^Error: /m, '');
  let m = /found in Chart\.yaml, but missing in charts\/ directory: (.+)/.exec(body);
  if (m) return { message: `chart dependencies ${m[1]!.trim()} are not available offline (run helm dependency build with network access)`, chartFile: 'Chart.yaml', offline: true };
  // "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ','"
  m = /cannot load (Chart\.yaml|values\.yaml): (?:.*?yaml: line (\d+): )?(.*)/.exec(body);
  if (m) return { message: `${m[1]} is not valid YAML: ${m[3]!.replace(/^.*?error converting YAML to JSON: /, '')}`, chartFile: m[1]!, ...(m[2] ? { line: Number(m[2]) } : {}) };
  m = /^validation: (chart\.metadata\.\w+ is required|.*)/m.exec(body);
  if (m) return { message: `Chart.yaml is invalid: ${m[1]}`, chartFile: 'Chart.yaml' };
  // helm 4: "chart/templates/x.yaml:7:18\n  executing \"…\" at <.Values.a>:\n    nil pointer…"
  m = /^[^/\s]+\/(\S+?):(\d+):\d+\s*\n\s*(executing [\s\S]*)/.exec(body);
  if (m) return { message: `template error in ${m[1]}: ${simplifyExec(m[3]!.replace(/\s+/g, ' ').trim())}`, chartFile: m[1]!, line: Number(m[2]) };
  // helm 3: "template: chart/templates/x.yaml:7:18: executing …"
  m = /template: [^/\s]+\/([^:\s]+):(\d+):(?:\d+:)? (.*)/.exec(body);
  if (m) return { message: `template error in ${m[1]}: ${simplifyExec(m[3]!)}`, chartFile: m[1]!, line: Number(m[2]) };
  m = /execution error at \([^/\s]+\/([^:\s]+):(\d+)(?::\d+)?\): (.*)/.exec(body);
  if (m) return { message: `template ${m[1]} failed: ${m[3]}`, chartFile: m[1]!, line: Number(m[2]) };
  m = /parse error at \([^/\s]+\/([^:\s]+):(\d+)\): (.*)/.exec(body);
  if (m) return { message: `template parse error in ${m[1]}: ${m[3]}`, chartFile: m[1]!, line: Number(m[2]) };
  m = /YAML parse error on [^/\s]+\/(\S+?): (.*)/.exec(body);
  if (m) {
    const detail = m[2]!.replace(/^error converting YAML to JSON: /, '');
    const line = /yaml: line (\d+):/.exec(detail)?.[1];
    // the line is within the rendered document, which is close to the template's for most charts
    return { message: `${m[1]} renders invalid YAML: ${detail.replace(/yaml: line \d+: /, line ? `rendered line ${line}: ` : '')}`, chartFile: m[1]!, ...(line ? { line: Number(line) } : {}) };
  }
  m = /values don't meet the specifications of the schema\(s\)[^\n]*\n?([\s\S]*)/.exec(body);
  if (m) return { message: `values do not match values.schema.json: ${m[1]!.replace(/\s+/g, ' ').trim()}`, chartFile: 'values.schema.json' };
  return { message: body.split('\n')[0]!.trim() || 'helm template failed' };
}

/** `executing "x" at <.Values.a.b>: nil pointer evaluating interface {}.b` → keep the cause. */
function simplifyExec(s: string): string {
  const m = /executing "[^"]*" at <([^>]*)>:\s*(.*)/.exec(s);
  return m ? `${m[1]}: ${m[2]}` : s;
}

export function helmErrorLocation(err: HelmError, chartFileName: (p: string) => string, fallback: SourceLocation): SourceLocation {
  if (!err.chartFile) return fallback;
  return { file: chartFileName(err.chartFile), line: err.line ?? 1 };
}
