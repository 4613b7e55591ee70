import { describe, expect, it } from 'vitest';
import { nextStop, oneRadioPerGroup } from './tabbable';

describe('nextStop', () => {
  it('moves one stop either way', () => {
    expect(nextStop(1, 4, false)).toBe(2);
    expect(nextStop(1, 4, true)).toBe(0);
  });

  it('wraps from the last stop to the first and back, so the focus stays inside', () => {
    expect(nextStop(3, 4, false)).toBe(0);
    expect(nextStop(0, 4, true)).toBe(3);
  });

  it('enters at the near end from outside, and has nowhere to go without stops', () => {
    expect(nextStop(-1, 4, false)).toBe(0);
    expect(nextStop(-1, 4, true)).toBe(3);
    expect(nextStop(0, 0, false)).toBe(-1);
  });

  it('keeps a single stop', () => {
    expect(nextStop(0, 1, false)).toBe(0);
    expect(nextStop(0, 1, true)).toBe(0);
  });
});

describe('oneRadioPerGroup', () => {
  const button = (id: string) => ({ id, type: 'button', name: '' });
  const radio = (id: string, name: string, checked = false) => ({
    id,
    type: 'radio',
    name,
    checked,
  });
  const ids = (stops: { id: string }[]) => oneRadioPerGroup(stops).map((stop) => stop.id);

  it('stops at the checked radio of a group only, like the browser', () => {
    expect(
      ids([
        button('csv'),
        radio('standard', 'layout'),
        radio('excel', 'layout', true),
        button('pdfs'),
      ]),
    ).toEqual(['csv', 'excel', 'pdfs']);
    expect(ids([radio('standard', 'layout', true), radio('excel', 'layout')])).toEqual([
      'standard',
    ]);
  });

  it('stops at the first radio of a group none of which is checked', () => {
    expect(ids([button('a'), radio('x', 'g'), radio('y', 'g'), button('b')])).toEqual([
      'a',
      'x',
      'b',
    ]);
  });

  it('keeps groups apart by name; a radio without a name is its own stop; other controls stay', () => {
    expect(
      ids([
        radio('a1', 'a'),
        radio('b1', 'b', true),
        radio('a2', 'a', true),
        radio('b2', 'b'),
        radio('lone1', ''),
        radio('lone2', ''),
        button('ok'),
      ]),
    ).toEqual(['b1', 'a2', 'lone1', 'lone2', 'ok']);
  });
});
