// Durability for `--state DIR`: every write is appended to a journal and fsync'd before the server
// answers, so an acknowledged write survives `kill -9`. On start the journal is folded into a
// snapshot, which keeps restarts fast.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { KObject } from '../api/types.js';

export interface JournalRecord { op: 'put' | 'del'; gr: string; object: KObject; rv: number }
export interface Loaded { objects: Array<{ gr: string; object: KObject }>; rv: number }

export class Journal {
  private fd: number | undefined;
  private readonly snapshotPath: string;
  private readonly logPath: string;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.snapshotPath = join(dir, 'objects.json');
    this.logPath = join(dir, 'journal.jsonl');
  }

  /** Reads snapshot + journal, writes a fresh snapshot, and opens an empty journal. */
  load(): Loaded {
    const objects = new Map<string, { gr: string; object: KObject }>();
    let rv = 0;
    if (existsSync(this.snapshotPath)) {
      const snap = JSON.parse(readFileSync(this.snapshotPath, 'utf8')) as { rv: number; objects: Array<{ gr: string; object: KObject }> };
      rv = snap.rv;
      for (const o of snap.objects) objects.set(keyOf(o.gr, o.object), o);
    }
    if (existsSync(this.logPath)) {
      for (const line of readFileSync(this.logPath, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let rec: JournalRecord;
        try { rec = JSON.parse(line) as JournalRecord; } catch { break; } // a torn last line was never acknowledged
        if (rec.op === 'put') objects.set(keyOf(rec.gr, rec.object), { gr: rec.gr, object: rec.object });
        else objects.delete(keyOf(rec.gr, rec.object));
        rv = Math.max(rv, rec.rv);
      }
    }
    const loaded = { objects: [...objects.values()], rv };
    const tmp = `${this.snapshotPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(loaded));
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.snapshotPath);
    this.fd = openSync(this.logPath, 'w');
    fsyncSync(this.fd);
    return loaded;
  }

  append(rec: JournalRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify(rec) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function keyOf(gr: string, o: KObject): string {
  return `${gr}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}
