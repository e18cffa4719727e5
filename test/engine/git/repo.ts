// Temporary Git repositories for the git engine tests, built with the real git CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(file: string, text: string): void;
  read(file: string): string;
  /** writes the files, stages everything, commits; returns the new sha */
  commit(subject: string, files: Record<string, string | null>): string;
  close(): void;
}

export function tempRepo(): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_EDITOR: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  return {
    dir,
    git,
    write,
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    commit(subject, files) {
      for (const [f, text] of Object.entries(files)) {
        if (text === null) git('rm', '-q', f);
        else write(f, text);
      }
      git('add', '-A');
      git('commit', '-q', '-m', subject);
      return git('rev-parse', 'HEAD');
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
