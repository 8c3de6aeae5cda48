// The team server as its own process (`npm run team-server`), for tests that need it to die the
// way a real server does: SIGKILL drops every socket at once, which an in-process stop() does not.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `scripts/team-server.ts` on 127.0.0.1:port with the data folder; resolves once it listens. */
export async function spawnTeamServer(dataDir: string, port: number) {
  // One process (tsx as a loader, not its CLI, which would run the server in a child that SIGKILL misses).
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'scripts', 'team-server.ts'), '--data', dataDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the team server exited (${code}): ${lines.join('\n')}`)));
    const read = (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (lines.some((l) => l.includes(' listening '))) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
  child.removeAllListeners('exit');
  return {
    url: `ws://127.0.0.1:${port}`,
    /** The server's process id (benchmarks read its memory). */
    pid: child.pid!,
    lines,
    /** Kills the server at once (SIGKILL), as a crash or a pulled cable would. */
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
