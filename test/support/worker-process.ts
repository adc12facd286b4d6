import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * A real entry point (by default the worker, workers/main.ts through tsx) as a separate OS
 * process we can SIGKILL; started once its output shows `readyText`.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    private readonly env: Record<string, string>,
    private readonly args: string[] = ['--import', 'tsx', 'workers/main.ts'],
    private readonly readyText = 'worker running',
  ) {}

  /** The running process's id (null when stopped): benches read its RSS from /proc. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, this.args, {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Only this start's output counts: an earlier run's ready line must not pass for it.
    const from = this.output.length;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        if (this.output.indexOf(this.readyText, from) >= 0) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`${this.args.join(' ')} exited with ${code}:\n${this.output}`)),
      );
    });
  }

  /** An abrupt crash: no shutdown, no draining. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  /** A graceful stop (SIGTERM); a worker that has not left after 15 s is killed. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
