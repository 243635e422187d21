import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { AppError } from '../../errors';

export const INSTALL_HINT =
  'Install Redis (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis), ' +
  'or point REDIS_URL at a running server, e.g. REDIS_URL=redis://127.0.0.1:6379';

/** Finds the redis-server binary on PATH (and the usual sbin folders); undefined when none is installed. */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder; keep looking
    }
  }
  return undefined;
}

/** True when something answers PING with PONG at host:port within `timeoutMs`. */
export function pingRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface EmbeddedRedisOptions {
  /** Folder for the AOF files. */
  dir: string;
  /** @defaultValue a free loopback port */
  port?: number;
  /** Durable append-only file (the embedded default); tests of restarts turn it on too. @defaultValue true */
  appendOnly?: boolean;
  /** @defaultValue findRedisServer */
  findBinary?: () => string | undefined;
}

/**
 * A redis-server child process on loopback: the local default when no Redis is configured or running, and what
 * tests start (and stop, and restart) for themselves.
 */
export class EmbeddedRedis {
  private child: ChildProcess | undefined;
  port = 0;

  constructor(private readonly options: EmbeddedRedisOptions) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const binary = (this.options.findBinary ?? findRedisServer)();
    if (!binary) throw new AppError('REDIS_MISSING', `No redis-server found. ${INSTALL_HINT}`);
    const dir = resolve(this.options.dir);
    mkdirSync(dir, { recursive: true });
    this.port = this.port || this.options.port || (await freePort());
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      this.options.appendOnly === false ? 'no' : 'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
    ];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await pingRedis('127.0.0.1', this.port, 200)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new AppError(
      'REDIS_MISSING',
      `redis-server did not start on port ${this.port}: ${stderr.trim() || 'no output'}`,
    );
  }

  /** Stops the server (SIGTERM; it flushes the AOF) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  }

  /** Stops and starts again on the same port and data folder. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

export interface ResolvedRedis {
  url: string;
  /** Where it came from, for the start-up log line. */
  source: 'REDIS_URL' | 'local' | 'embedded';
  stop: () => Promise<void>;
}

/**
 * REDIS_URL when set; else a Redis already running on 127.0.0.1:6379; else a redis-server child with AOF under
 * `dataDir` (stopped on exit). Throws REDIS_MISSING with install instructions when none can be had.
 */
export async function resolveRedis(options: {
  url?: string;
  dataDir: string;
  /** @defaultValue 6379 */
  localPort?: number;
  /** @defaultValue findRedisServer */
  findBinary?: () => string | undefined;
}): Promise<ResolvedRedis> {
  if (options.url) return { url: options.url, source: 'REDIS_URL', stop: async () => {} };
  const localPort = options.localPort ?? 6379;
  if (await pingRedis('127.0.0.1', localPort))
    return { url: `redis://127.0.0.1:${localPort}`, source: 'local', stop: async () => {} };
  const embedded = new EmbeddedRedis({ dir: join(options.dataDir, 'redis'), findBinary: options.findBinary });
  await embedded.start();
  return { url: embedded.url, source: 'embedded', stop: () => embedded.stop() };
}
