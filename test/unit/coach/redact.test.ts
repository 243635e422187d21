import { luhnValid, redact } from '../../../src/coach/redact';
import { LONG_WORD_SHAPES, longWord } from '../../fixtures/longWords';

describe('redact', () => {
  it('removes Luhn-valid card numbers in any grouping', () => {
    expect(redact('guest card 4111 1111 1111 1111 declined').text).toBe('guest card [card] declined');
    expect(redact('card 5500-0000-0000-0004 ok').text).toBe('card [card] ok');
    expect(redact('4012888888881881').removed.card).toBe(1);
  });

  it('keeps long numbers that are not cards (order and booking numbers)', () => {
    expect(redact('order 1234567890123 is late').text).toBe('order 1234567890123 is late');
    expect(luhnValid('1234567890123')).toBe(false);
  });

  it('removes emails, including Slack mailto links', () => {
    expect(redact('guest is jane.doe+x@example.co.uk').text).toBe('guest is [email]');
    expect(redact('email <mailto:jane@example.com|jane@example.com> pls').text).toBe('email [email] pls');
  });

  it('removes phone numbers but keeps rooms, tables, times, prices and dates', () => {
    expect(redact('call her on +1 (312) 555-0188 asap').text).toBe('call her on [phone] asap');
    expect(redact('mobile 07700 900123').text).toBe('mobile [phone]');
    expect(redact('ring <tel:+13125550188|312 555 0188>').text).toBe('ring [phone]');
    const keep = 'rm 405 T12 at 19:30, $15.50, on 2026-11-22 10:30, party of 6';
    expect(redact(keep).text).toBe(keep);
  });

  it('finds addresses, cards and phones at the end of a 40,000-character unbroken word', () => {
    // the patterns' repeats are bounded (so a long word costs a linear scan), and still reach what follows it
    const tail = ' jane@example.com 4111 1111 1111 1111 +1 (312) 555-0188';
    for (const shape of LONG_WORD_SHAPES) {
      const result = redact(longWord(shape) + tail);
      expect(result.text).not.toContain('jane@');
      expect(result.text).not.toContain('4111');
      expect(result.text).not.toContain('555-0188');
      expect(result.text.endsWith(' [email] [card] [phone]')).toBe(true);
    }
  });

  it('leaves a long word that holds no address untouched', () => {
    for (const shape of ['x', '_', 'a.', '<mailto:', '://']) {
      const word = longWord(shape);
      expect(redact(word)).toEqual({ text: word, removed: { card: 0, email: 0, phone: 0 } });
    }
  });

  it('removes an address whose local part is longer than the standard allows', () => {
    const text = `guest is ${'j'.repeat(70)}@example.com`;
    const result = redact(text);
    expect(result.removed.email).toBe(1);
    expect(result.text).not.toContain('@');
    expect(result.text).not.toContain('example');
  });

  it('counts what it removed without keeping the values', () => {
    const result = redact('a@b.co, 4111111111111111, +44 20 7946 0958');
    expect(result.removed).toEqual({ card: 1, email: 1, phone: 1 });
    expect(JSON.stringify(result)).not.toContain('4111');
  });
});

describe('redact: the shapes a card, an address and a phone really arrive in', () => {
  const CARD = ['4111', '1111', '1111', '1111'];
  it.each([
    ['no-break spaces', CARD.join('\u00a0')],
    ['double spaces', CARD.join('  ')],
    ['dots', CARD.join('.')],
    ['slashes', CARD.join('/')],
    ['underscores', CARD.join('_')],
    ['en dashes', CARD.join('–')],
    ['spaced dashes', CARD.join(' - ')],
    ['zero-width spaces', CARD.join('\u200b')],
    ['thin spaces', CARD.join('\u2009')],
    ['full-width digits', '４１１１ １１１１ １１１１ １１１１'],
    ['Arabic-Indic digits', '٤١١١١١١١١١١١١١١١'],
  ])('removes a card number written with %s', (_name, card) => {
    const result = redact(`card ${card} declined`);
    expect(result.text).toBe('card [card] declined');
    expect(result.removed.card).toBe(1);
  });

  it('keeps the expiry after a card and never reads a price list as one', () => {
    expect(redact('4111 1111 1111 1111 12/28').text).toBe('[card] 12/28');
    // grouped like prices, not like a card: whatever Luhn says, not a card
    expect(redact('mains 12.50 13.00 14.25 15.00 16.75 18.00').removed.card).toBe(0);
  });

  it('removes addresses with letters of any script and a full-width at sign', () => {
    expect(redact('write to jöse@exämple.com today').text).toBe('write to [email] today');
    expect(redact('mail: 山田@例え.日本').text).toBe('mail: [email]');
    expect(redact('jane＠example.com').text).toBe('[email]');
  });

  it('removes a phone typed with full-width digits', () => {
    expect(redact('call ３１２ ５５５ ０１８８').text).toBe('call [phone]');
  });
});
