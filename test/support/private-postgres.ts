import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries of the Debian packages (.ci/run installs them). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root)
    .map(Number)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => b - a);
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}`);
  return path.join(root, String(versions[0]), 'bin');
}

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, its own port), so a
 * test can stop and restart it without touching the shared server other tests use. PostgreSQL
 * refuses to run as root: as root (CI), it runs as the `postgres` user.
 */
export class PrivatePostgres {
  readonly url: string;
  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    private readonly bin: string,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'private-pg-'));
    const server = new PrivatePostgres(path.join(dir, 'data'), await freePort(), binDir());
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await server.pg('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ]);
    await server.start();
    return server;
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const command = path.join(this.bin, tool);
    if (process.getuid?.() === 0) {
      await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    } else {
      await run(command, args);
    }
  }

  async start(): Promise<void> {
    await this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-w',
      '-l',
      path.join(path.dirname(this.dataDir), 'server.log'),
      '-o',
      `-p ${this.port} -k ${path.dirname(this.dataDir)} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** A fast shutdown: open connections are terminated (57P01), new ones refused. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-w', '-m', 'fast', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }
}
