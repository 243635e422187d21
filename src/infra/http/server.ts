import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportError } from '../../errors';
import type { Logger } from '../../log';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A readiness check: resolves true when the dependency is usable. */
export type ReadinessCheck = () => Promise<boolean>;

export interface HttpServerOptions {
  log: Logger;
  /** Slack's receiver: POST /slack/events, and the OAuth pages under /slack/ when `slackOAuth`. */
  slack?: Handler;
  /** Serve Slack's install and OAuth redirect pages (many-workspace installs). */
  slackOAuth?: boolean;
  /** Teams: POST /api/messages. */
  teams?: Handler;
  /** GET /metrics in the Prometheus text format. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** When set, /metrics needs `Authorization: Bearer <token>` (what a Prometheus scrape config sends). */
  metricsToken?: string;
  ready?: Record<string, ReadinessCheck>;
  /** Reported on /readyz without deciding readiness (e.g. how many workers are connected). */
  info?: Record<string, () => Promise<unknown>>;
  /** Counts every request by route and status when it is answered. */
  count?: (route: string, status: number) => void;
}

/**
 * The one HTTP server: Slack events, Teams messages, health, readiness and metrics. Unknown paths get 404, wrong
 * methods 405, and a handler that throws gets a 500 without taking the process down.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    if (options.count) res.on('finish', () => options.count!(routeOf(req.url), res.statusCode));
    route(options, req, res).catch((error) => {
      reportError(options.log, error, { where: `http ${req.method} ${req.url}` });
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

async function route(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/healthz') {
    if (methodIs(req, res, 'GET')) send(res, 200, { status: 'ok' });
    return;
  }
  if (path === '/readyz') {
    if (methodIs(req, res, 'GET')) await readiness(options, res);
    return;
  }
  if (path === '/metrics' && options.metrics) {
    if (!methodIs(req, res, 'GET')) return;
    if (!bearerMatches(req, options.metricsToken)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      send(res, 401, { error: 'unauthorized' });
      return;
    }
    const { contentType, body } = await options.metrics();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
    return;
  }
  if (path === '/slack/events' && options.slack) {
    // Slack only ever POSTs here; any other method is the caller's mistake, not our internal error
    if (methodIs(req, res, 'POST')) await options.slack(req, res);
    return;
  }
  if ((path === '/slack/install' || path === '/slack/oauth_redirect') && options.slack && options.slackOAuth)
    return options.slack(req, res);
  if (path === '/api/messages' && options.teams) {
    if (methodIs(req, res, 'POST')) await options.teams(req, res);
    return;
  }
  drain(req);
  send(res, 404, { error: 'not found' });
}

async function readiness(options: HttpServerOptions, res: ServerResponse): Promise<void> {
  const checks = Object.entries(options.ready ?? {});
  const results = await Promise.all(
    checks.map(async ([name, check]) => [name, await withTimeout(check(), 1500).catch(() => false)] as const),
  );
  const ok = results.every(([, passed]) => passed);
  const info = await Promise.all(
    Object.entries(options.info ?? {}).map(
      async ([name, read]) => [name, await withTimeout(read(), 1500).catch(() => null)] as const,
    ),
  );
  send(res, ok ? 200 : 503, {
    status: ok ? 'ready' : 'not ready',
    checks: Object.fromEntries(results),
    ...(info.length > 0 ? { info: Object.fromEntries(info) } : {}),
  });
}

/** The route label for metrics: known paths as they are, anything else "other" (never a raw URL). */
function routeOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  if (['/healthz', '/readyz', '/metrics', '/api/messages', '/slack/events'].includes(path)) return path;
  return path.startsWith('/slack/') ? '/slack/*' : 'other';
}

/** No token configured: open (docs/security.md says so). Otherwise the header must carry it, compared in constant time. */
function bearerMatches(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function methodIs(req: IncomingMessage, res: ServerResponse, method: string): boolean {
  if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return true;
  drain(req);
  res.setHeader('allow', method);
  send(res, 405, { error: 'method not allowed' });
  return false;
}

/**
 * A request's body, or "too large" as soon as it grows past `limit` bytes: nothing past the limit is kept, and the
 * rest is drained unread, so the answer can go at once.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      drain(req);
      resolve('too large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads and discards a body we will not use, so the connection can be reused. */
function drain(req: IncomingMessage): void {
  req.resume();
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Starts listening; resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
