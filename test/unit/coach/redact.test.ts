import { luhnValid, redact } from '../../../src/coach/redact';

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

  it('counts what it removed without keeping the values', () => {
    const result = redact('a@b.co, 4111111111111111, +44 20 7946 0958');
    expect(result.removed).toEqual({ card: 1, email: 1, phone: 1 });
    expect(JSON.stringify(result)).not.toContain('4111');
  });
});
