import { PLAYBOOK_MODALS } from '../../../src/platforms/slack/blocks/playbookEditor';
import { MANAGER, type SlackTestApp, startSlackTestApp, viewSubmission } from '../../helpers/slackApp';
import { postSigned } from '../../helpers/slackRequests';

/**
 * Requests anyone can send, or anyone with a leaked signing secret: each gets a clear answer at once, and none of
 * them counts as our internal error (which would let an outsider raise the error rate that pages us).
 */
describe('hostile requests to /slack/events', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({}, { worker: false });
  });
  afterAll(() => app.stop());

  const internalErrors = async () =>
    (await app.web.core.metrics.errors.get()).values.find((v) => v.labels.code === 'INTERNAL')?.value ?? 0;

  /** A signed POST that gives up after 5 s: a request left hanging fails the test instead of stalling it. */
  const signed = (body: string, type: string) => postSigned(`${app.url}/slack/events`, body, type, { timeoutMs: 5000 });

  it('GET, PUT, DELETE and OPTIONS are 405 (Allow: POST), not internal errors', async () => {
    const before = await internalErrors();
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await fetch(`${app.url}/slack/events`, { method });
      await response.arrayBuffer();
      expect([method, response.status, response.headers.get('allow')]).toEqual([method, 405, 'POST']);
    }
    expect(await internalErrors()).toBe(before);
  });

  it.each([
    ['null', 'null', 'application/json'],
    ['a number', '42', 'application/json'],
    ['a payload of null', 'payload=null', 'application/x-www-form-urlencoded'],
  ])('a signed body of %s is a 400 that says a JSON object was expected', async (_name, body, type) => {
    const answer = await signed(body, type);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('must be a JSON object');
  });

  it('a body over 1 MB is a 413 at once, signed or not, and not an internal error', async () => {
    const before = await internalErrors();
    const huge = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(1024 * 1024) });
    for (const signature of [undefined, null]) {
      const answer = await postSigned(`${app.url}/slack/events`, huge, 'application/json', {
        signature,
        timeoutMs: 5000,
      });
      expect([signature, answer.status]).toEqual([signature, 413]);
      expect(answer.body).toContain('larger than 1048576 bytes');
    }
    expect(await internalErrors()).toBe(before);
  });

  it('a signed slash command without team_id is a 400 naming the missing workspace', async () => {
    const body = new URLSearchParams({ command: '/recover', text: 'help', user_id: 'U1', channel_id: 'C1' });
    const answer = await signed(body.toString(), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('team_id is missing');
  });

  it('a playbook modal submitted with garbled private_metadata is answered with a field error, not a crash', async () => {
    const payload = viewSubmission(PLAYBOOK_MODALS.category, '{not json', {}, MANAGER);
    const answer = await signed(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      response_action: 'errors',
      errors: { name: expect.stringContaining('This form could not be read') },
    });
  });
});
