import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { startWeb, type WebRole } from '../../../src/roles/web';
import { FakeSlack } from '../../helpers/fakeSlack';
import { testRedisUrl, uniquePrefix } from '../../helpers/redis';
import { channelMessage, eventEnvelope } from '../../helpers/slackRequests';

/**
 * Socket Mode against a fake socket-mode server: apps.connections.open (on the fake Web API) hands out a loopback
 * ws:// URL; the server says hello, sends an events_api envelope, and expects the envelope to be acknowledged.
 */
describe('Slack Socket Mode', () => {
  let fake: FakeSlack;
  let sockets: WebSocketServer;
  let server: Server;
  let web: WebRole;
  const acks: string[] = [];
  let connected: Promise<WebSocket>;

  beforeAll(async () => {
    server = createServer();
    sockets = new WebSocketServer({ server });
    connected = new Promise((resolve) =>
      sockets.on('connection', (socket) => {
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { envelope_id?: string };
          if (message.envelope_id) acks.push(message.envelope_id);
        });
        socket.send(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            connection_info: { app_id: 'A1' },
            debug_info: { host: 'fake' },
          }),
        );
        resolve(socket);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeSlack();
    await fake.start();
    const wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    fake.fail('apps.connections.open', { status: 200, body: { ok: true, url: wsUrl } }, 5);
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-test',
      SLACK_API_URL: fake.apiUrl,
      REDIS_PREFIX: uniquePrefix('socket'),
    });
    web = await startWeb(config, silentLogger(), testRedisUrl());
    await web.core.channels.watch({ tenant: 'slack-T1', channel: 'C1', by: 'U9', at: Date.now() });
  });

  afterAll(async () => {
    await web.stop();
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake.stop();
  });

  it('connects with the app token, acknowledges an event envelope and posts the card through the Web API', async () => {
    const socket = await connected;
    const [open] = fake.callsOf('apps.connections.open');
    expect(open!.token).toBe('xapp-test');
    const event = channelMessage('T12 got the wrong steak, guest annoyed');
    socket.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: eventEnvelope(event),
      }),
    );
    const [post] = await fake.waitFor('chat.postMessage');
    expect(post!.body).toMatchObject({ channel: 'C1', thread_ts: event.ts });
    expect(acks).toContain('env-1');
    expect(post!.token).toBe('xoxb-test');
  });
});
