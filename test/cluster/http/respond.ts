// Every response goes through here: JSON bodies, kube-style Status errors, and the
// `Cache-Control: no-cache, private` header kubectl's dispatcher needs (spec §1.1).
import type { ServerResponse } from 'node:http';
import { StatusError } from '../api/errors.js';

export function baseHeaders(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-cache, private');
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', warnings: string[] = []): void {
  const text = JSON.stringify(body);
  baseHeaders(res);
  if (warnings.length) res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  baseHeaders(res);
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: StatusError): void {
  if (err.code === 429 && err.details?.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.details.retryAfterSeconds));
  sendJson(res, err.code, err.toBody());
}
