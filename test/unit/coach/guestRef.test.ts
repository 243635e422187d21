import { findGuestRef } from '../../../src/coach/guestRef';

describe('findGuestRef', () => {
  it.each([
    ['T12 got the wrong steak', 'T12', 'table:12'],
    ['table 12 waited', 'table 12', 'table:12'],
    ['tbl 4 cold food', 'tbl 4', 'table:4'],
    ['rm 405 no hot water', 'rm 405', 'room:405'],
    ['Room 1204 AC broken', 'Room 1204', 'room:1204'],
    ['guest in 402 lost a ring', 'guest in 402', 'room:402'],
    ['room service to 1102 late', 'room service to 1102', 'room:1102'],
    // a room told by what is broken in it
    ['the minibar fridge in 418 is warm again', 'fridge in 418', 'room:418'],
    ['AC in 1520 is blowing hot air', 'AC in 1520', 'room:1520'],
    ['bar seat 3 flat beer', 'bar seat 3', 'bar-seat:3'],
    ['the Hendersons are upset', 'the Hendersons', 'name:henderson'],
    ["the Garcias' booking", 'the Garcias', 'name:garcia'],
    ['Mrs. Lee says hi', 'Mrs. Lee', 'name:lee'],
    ['guest on 14 says', 'guest on 14', 'table:14'],
    ['missing side of fries on 22, they asked', 'on 22', 'table:22'],
    ['party of 6 no reservation', 'party of 6', 'party:6'],
    // Spanish and mixed crews
    ['mesa 3 la comida llegó fría', 'mesa 3', 'table:3'],
    ['habitación 214 sin agua caliente', 'habitación 214', 'room:214'],
    ['hab. 305 el aire no funciona', 'hab. 305', 'room:305'],
  ])('%p → %p', (text, written, key) => {
    expect(findGuestRef(text)).toMatchObject({ text: written, key });
  });

  it('treats "T12", "table 12" and "mesa 12" as the same guest', () => {
    expect(findGuestRef('T12 again')!.key).toBe(findGuestRef('table 12 again')!.key);
    expect(findGuestRef('mesa 12 otra vez')!.key).toBe(findGuestRef('table 12 again')!.key);
  });

  it.each([
    'at 8pm',
    'waited 40 min',
    'on 3rd floor',
    'The Specials are good',
    'cover 12 people',
    'un cuarto de hora',
    'lights in 12 are out',
    'the door in 20 minutes',
  ])('finds none in %p', (text) => {
    expect(findGuestRef(text)).toBeUndefined();
  });
});
