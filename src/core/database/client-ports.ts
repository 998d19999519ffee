// The local TCP ports a process (and its children) has open, read from Linux's /proc. A
// MySQL/MariaDB server shows each connection's client address as `host:port` in its process
// list, so these ports name dbmate's own connections exactly, on servers where nothing else
// can (MariaDB keeps the connection attributes dbmate sends only in performance_schema, which
// is often off). Elsewhere (macOS, Windows) the answer is "unknown", never a guess.

import { readdir, readFile, readlink } from 'node:fs/promises';

/** The local ports of `pid`'s TCP sockets and its descendants'; undefined when /proc cannot tell. */
export async function localTcpPorts(pid: number): Promise<Set<number> | undefined> {
  const pids = await withDescendants(pid);
  if (!pids) return undefined;
  const inodes = new Set<string>();
  for (const each of pids) {
    const fds = await readdir(`/proc/${each}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${each}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10 || !inodes.has(columns[9])) continue;
      const port = Number.parseInt(columns[1].split(':')[1] ?? '', 16);
      if (Number.isInteger(port)) ports.add(port);
    }
  }
  return ports;
}

/** `pid` and every process below it (a wrapper script's dbmate); undefined when /proc is not there. */
async function withDescendants(pid: number): Promise<number[] | undefined> {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && found.length < 64) {
    const current = queue.shift()!;
    const tasks = await readdir(`/proc/${current}/task`).catch(() => undefined);
    if (!tasks) {
      if (current === pid) return undefined;
      continue;
    }
    found.push(current);
    for (const task of tasks) {
      const children = await readFile(`/proc/${current}/task/${task}/children`, 'utf8').catch(() => '');
      for (const child of children.split(/\s+/).filter(Boolean)) queue.push(Number(child));
    }
  }
  return found;
}
