import {
  BOT,
  CHANNEL,
  cardOf,
  MANAGER,
  type Person,
  STAFF,
  startTeamsTestApp,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';
import { adaptiveCardErrors, haveCardSchema } from '../../helpers/teamsSchemas';

const OWNER: Person = { id: '29:owner-sam', name: 'Sam Lee', aadObjectId: '00000000-0000-0000-0000-0000000000e5' };
const OTHER_CHANNEL = '19:bar000000000000000000000000000000@thread.tacv2';

describe('Teams: channel messages through /api/messages', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());
  // what the last test set off (a manager alert from the worker) lands before the record is cleared
  beforeEach(async () => {
    await app.quiet();
    app.fake.reset();
  });

  it('a slip in a watched channel gets one card, in its thread, addressed to the reporter', async () => {
    const { posted, id } = await app.channelPost('T12 got the wrong steak, guest annoyed');
    expect(posted.status).toBe(200);
    const [reply] = await app.fake.waitForSent(1);
    expect(reply!.method).toBe('reply');
    expect(reply!.conversationId).toBe(`${CHANNEL};messageid=${id}`);
    expect(reply!.activityId).toBe(id);
    expect(reply!.body.text).toMatch(/^<at>Dana Reyes<\/at> /);
    expect(reply!.body.entities).toEqual([
      { type: 'mention', text: '<at>Dana Reyes</at>', mentioned: { id: STAFF.id, name: 'Dana Reyes' } },
    ]);
    const card = cardOf(reply!.body);
    expect(JSON.stringify(card)).toContain('rc.acknowledge');
    if (haveCardSchema) expect(adaptiveCardErrors(card)).toEqual([]);
    const slip = await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id);
    expect(slip).toMatchObject({
      categoryId: 'wrong_order',
      reporter: STAFF.aadObjectId,
      threadRef: id,
      cardRef: 'act-1',
    });
    expect(slip!.guestRef?.text).toBe('T12');
  });

  it('the reporter is addressed by name as typed: no Markdown, no link, no second mention, no bidi', async () => {
    const from: Person = {
      id: '29:staff-eve',
      name: '**Boss** [x](http://evil)\n# <at>Pat Ortiz</at>\u202E',
      aadObjectId: '00000000-0000-0000-0000-0000000000e7',
    };
    await app.channelPost('T13 got the wrong pasta, guest annoyed', { from });
    const [reply] = await app.fake.waitForSent(1);
    const text = String(reply!.body.text);
    expect(text.match(/<at>/g)).toHaveLength(1);
    for (const markup of ['**Boss**', '[x](', '\n#', '\u202E']) expect(text).not.toContain(markup);
    const mention = '<at>\\*\\*Boss\\*\\* \\[x\\]\\(http://evil\\) # Pat Ortiz</at>';
    expect(text.startsWith(`${mention} `)).toBe(true);
    // the mention Teams renders is ours, for this person, and matches the text exactly
    expect(reply!.body.entities).toEqual([
      { type: 'mention', text: mention, mentioned: { id: from.id, name: '**Boss** [x](http://evil) # Pat Ortiz' } },
    ]);
  });

  it('ordinary chatter, unwatched channels, bots and thread replies get nothing', async () => {
    await app.channelPost('Who is closing tonight? I can stay till 11');
    await app.channelPost('T4 got the wrong steak', { channel: OTHER_CHANNEL });
    await app.channelPost('T4 got the wrong steak', { from: { id: '28:other-bot', name: 'Bot', aadObjectId: '' } });
    // a reply in someone else's thread
    const reply = await app.post(app.channelActivity({ id: '1799', root: '1700', text: 'T9 got the wrong steak too' }));
    expect(reply.status).toBe(200);
    await app.quiet();
    expect(app.fake.sent()).toEqual([]);
  });

  it('a redelivered activity makes no second card', async () => {
    const id = `18${Date.now()}`;
    const first = app.channelPost('rm 405 no hot water, guest furious', { id });
    const again = app.channelPost('rm 405 no hot water, guest furious', { id });
    await Promise.all([first, again]);
    await app.channelPost('rm 405 no hot water, guest furious', { id });
    await app.quiet();
    expect(app.fake.sent()).toHaveLength(1);
  });

  it('an edit updates the slip it made and never makes a second', async () => {
    const { id } = await app.channelPost('T7 steak overcooked, guest unhappy');
    await app.fake.waitForSent(1);
    await app.post(
      app.channelActivity({ type: 'messageUpdate', id, text: 'T7 steak overcooked twice, guest unhappy' }),
    );
    await app.quiet();
    expect((await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!.text).toContain('overcooked twice');
    expect(app.fake.sent()).toHaveLength(1);
  });

  it('@mention recover logs a slip even in an unwatched channel; a stray @mention gets a hint, not a slip', async () => {
    await app.channelPost('recover T3 soup was cold', { mentionBot: true, channel: OTHER_CHANNEL });
    const [card] = await app.fake.waitForSent(1);
    expect(cardOf(card!.body)).toBeDefined();
    await app.channelPost('1', { mentionBot: true, channel: OTHER_CHANNEL });
    const sent = await app.fake.waitForSent(2);
    expect(String(sent[1]!.body.text)).toContain("doesn't read like a guest slip");
    expect(sent[1]!.body.attachments ?? []).toEqual([]);
  });

  it('watch: refused for staff, allowed for a configured manager and for a team owner', async () => {
    const channel = '19:patio00000000000000000000000000@thread.tacv2';
    await app.channelPost('watch', { mentionBot: true, channel });
    const [refused] = await app.fake.waitForSent(1);
    expect(String(refused!.body.text)).toMatch(/only managers/i);
    expect(await app.web.core.channels.isWatched(TEAMS_TENANT, channel)).toBe(false);

    await app.channelPost('watch', { mentionBot: true, channel, from: MANAGER });
    const sent = await app.fake.waitForSent(2);
    expect(String(sent[1]!.body.text)).toContain("I'm watching this channel");
    expect(await app.web.core.channels.isWatched(TEAMS_TENANT, channel)).toBe(true);

    app.fake.owners.add(OWNER.id);
    await app.channelPost('unwatch', { mentionBot: true, channel, from: OWNER });
    const after = await app.fake.waitForSent(3);
    expect(String(after[2]!.body.text)).toContain('stopped watching');
    expect(await app.web.core.channels.isWatched(TEAMS_TENANT, channel)).toBe(false);
  });

  it('role @person lead: a manager grants it to the person @mentioned (by their Entra id); staff cannot', async () => {
    const grant = (from: Person) =>
      app.post(
        app.channelActivity({
          id: `r${Date.now()}${from.id}`,
          root: 'r1',
          from,
          text: '<at>recovery-coach</at> role <at>Dana Reyes</at> lead',
          entities: [
            {
              type: 'mention',
              text: '<at>recovery-coach</at>',
              mentioned: { id: BOT, name: 'recovery-coach' },
            },
            { type: 'mention', text: '<at>Dana Reyes</at>', mentioned: { id: STAFF.id, name: 'Dana Reyes' } },
          ],
        }),
      );
    app.fake.aadIds.set(STAFF.id, STAFF.aadObjectId);
    await grant(STAFF);
    const [refused] = await app.fake.waitForSent(1);
    expect(String(refused!.body.text)).toMatch(/only managers/i);
    expect(await app.web.core.permissions.roleOf(TEAMS_TENANT, STAFF.aadObjectId)).toBeUndefined();
    await grant(MANAGER);
    const sent = await app.fake.waitForSent(2);
    expect(String(sent[1]!.body.text)).toContain('Dana Reyes is now Shift lead');
    expect(await app.web.core.permissions.roleOf(TEAMS_TENANT, STAFF.aadObjectId)).toBe('shift_lead');
  });

  it('personal chat: recover logs a slip, help explains, chatter gets a hint', async () => {
    await app.personal('recover rm 214 the room was not cleaned, guest upset');
    const [card] = await app.fake.waitForSent(1);
    expect(card!.conversationId).toBe(`a:personal-${STAFF.id}`);
    expect(cardOf(card!.body)).toBeDefined();
    await app.personal('help');
    await app.personal('thanks!');
    // a high-severity slip also alerts the managers: find the replies by what they say, not by their place
    const sent = await app.fake.waitForSent(3);
    const texts = sent.map((s) => String(s.body.text));
    expect(texts.some((t) => t.includes('recovery-coach helps you recover a guest'))).toBe(true);
    await app.quiet();
    expect(app.fake.sent().some((s) => String(s.body.text).includes("doesn't read like a guest slip"))).toBe(true);
  });

  it('an empty post is acknowledged and makes nothing', async () => {
    const { posted } = await app.channelPost('   ');
    expect(posted.status).toBe(200);
    await app.quiet();
    expect(app.fake.sent()).toEqual([]);
  });
  it('"home" shows a person\'s own open slips; a manager also gets the week and the way into the playbook', async () => {
    const chef: Person = { id: '29:chef-kim', name: 'Kim Park', aadObjectId: '00000000-0000-0000-0000-0000000000c4' };
    // the home card among whatever else is sent meanwhile (alerts from the worker, for one)
    const homeOf = async (person: Person) => {
      await app.quiet();
      app.fake.reset();
      await app.personal('home', person);
      await app.quiet();
      const found = app.fake
        .sent()
        .find((c) => c.conversationId === `a:personal-${person.id}` && String(c.body.text).startsWith('Your open'));
      if (found) return cardOf(found.body);
      throw new Error(`no home card for ${person.name}`);
    };
    expect(JSON.stringify(await homeOf(chef))).toContain('Nothing open');

    const { id } = await app.channelPost('rm 733 no hot water, guest annoyed', { from: chef });
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    const chefCard = await homeOf(chef);
    if (haveCardSchema) expect(adaptiveCardErrors(chefCard)).toEqual([]);
    const chefText = JSON.stringify(chefCard);
    expect(chefText).toContain(`#${slip.id} Room or table problem`);
    expect(chefText).toContain('rm 733');
    expect(chefText).not.toContain('Manager view');
    expect(chefText).not.toContain('rc.pb.list');

    const managerCard = await homeOf(MANAGER);
    if (haveCardSchema) expect(adaptiveCardErrors(managerCard)).toEqual([]);
    const managerText = JSON.stringify(managerCard);
    expect(managerText).toContain('Manager view');
    expect(managerText).toMatch(/\{"title":"Room or table problem","value":"\d+"\}/);
    expect(managerText).toContain('"verb":"rc.pb.list"');
    expect(managerText).not.toContain(`#${slip.id} Room or table problem`); // not the manager's own slip
  });
});
