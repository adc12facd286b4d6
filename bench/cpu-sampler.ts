import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds spent by each part of the stack, and by the whole machine. */
export interface CpuSnapshot {
  /** This process: API, worker (workflow threads, Rust core), fakes, the benchmark. */
  node: number;
  temporal: number;
  /** Every PostgreSQL process on the machine (other users of the server included). */
  postgres: number;
  chromium: number;
  /** Busy time of all cores (user + nice + system + irq + softirq + steal). */
  machineBusy: number;
  /** Busy + idle + iowait of all cores: wall time x cores. */
  machineTotal: number;
}

const TICKS_PER_SECOND = 100;

/**
 * Own and reaped children's ticks of a process (fields 14-17 of /proc/<pid>/stat). Summing
 * them over the live processes of a group stays continuous when a short-lived Chromium
 * renderer exits: its ticks move into its parent's reaped-children counters.
 */
function processTicks(pid: string): { comm: string; ticks: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // Exited between the directory listing and the read.
  }
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14 to 17.
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
  return { comm, ticks };
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (index: number) => ticks[index] ?? 0;
  // user nice system idle iowait irq softirq steal
  const busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
  return { busy, total: busy + at(3) + at(4) };
}

/** Reads /proc once: cheap enough to call every few seconds. Linux only. */
export function takeCpuSnapshot(): CpuSnapshot {
  const groups = { temporal: 0, postgres: 0, chromium: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const found = processTicks(pid);
    if (!found) continue;
    if (found.comm.startsWith('temporal')) groups.temporal += found.ticks;
    else if (found.comm === 'postgres') groups.postgres += found.ticks;
    else if (found.comm.startsWith('chrom')) groups.chromium += found.ticks;
  }
  const usage = process.cpuUsage();
  const machine = machineTicks();
  return {
    node: (usage.user + usage.system) / 1e6,
    temporal: groups.temporal / TICKS_PER_SECOND,
    postgres: groups.postgres / TICKS_PER_SECOND,
    chromium: groups.chromium / TICKS_PER_SECOND,
    machineBusy: machine.busy / TICKS_PER_SECOND,
    machineTotal: machine.total / TICKS_PER_SECOND,
  };
}

/** CPU seconds between two snapshots, per part; `other` is what no part accounts for. */
export function cpuBetween(
  from: CpuSnapshot,
  to: CpuSnapshot,
): Record<keyof CpuSnapshot | 'other', number> {
  const delta = (key: keyof CpuSnapshot) => to[key] - from[key];
  const parts = delta('node') + delta('temporal') + delta('postgres') + delta('chromium');
  return {
    node: delta('node'),
    temporal: delta('temporal'),
    postgres: delta('postgres'),
    chromium: delta('chromium'),
    machineBusy: delta('machineBusy'),
    machineTotal: delta('machineTotal'),
    other: delta('machineBusy') - parts,
  };
}
