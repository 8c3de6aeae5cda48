// A throwaway PostgreSQL cluster for tests (Debian's `postgresql` package): initdb in a temporary folder,
// started on a free port of 127.0.0.1 and stopped (and removed) by the test. Postgres refuses to run as
// root, so as root (CI) the cluster belongs to the `postgres` system user the package creates.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './team-server-process';

/** The folder of Postgres's server programs (initdb, pg_ctl), newest version first. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL not found in /usr/lib/postgresql/*/bin: install Debian postgresql (apt-get install postgresql)');
  return found;
}

/** Starts a cluster with a `kizuna` superuser (trust auth on 127.0.0.1); resolves once it accepts connections. */
export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-pg-'));
  const root = process.getuid?.() === 0;
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  // By its full path: runuser is in /usr/sbin, which a CI job's PATH may leave out (it failed so with PATH=/usr/bin:/bin).
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';
  const run = (program: string, args: string[]) =>
    root ? execFileSync(runuser, ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe', cwd: dir }) : execFileSync(join(bin, program), args, { stdio: 'pipe', cwd: dir });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'kizuna', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  // fsync off and a socket in the temporary folder: a test cluster, fast and out of everyone's way.
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return {
    url: `postgres://kizuna@127.0.0.1:${port}/postgres`,
    port,
    /** Stops the cluster at once and removes its folder. */
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
