import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyInput } from './shortcuts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('shortcutFor', () => {
  it('maps Ctrl and Cmd + F, R, E', () => {
    for (const mod of [{ ctrlKey: true }, { metaKey: true }]) {
      expect(shortcutFor(key('f', mod))).toBe('search');
      expect(shortcutFor(key('r', mod))).toBe('refresh');
      expect(shortcutFor(key('e', mod))).toBe('export');
    }
  });

  it('ignores case (Caps Lock)', () => {
    expect(shortcutFor(key('F', { ctrlKey: true }))).toBe('search');
  });

  it('takes over every reload key so the web view never reloads', () => {
    expect(shortcutFor(key('R', { ctrlKey: true, shiftKey: true }))).toBe('refresh');
    expect(shortcutFor(key('F5'))).toBe('refresh');
  });

  it('leaves plain typing and other combinations alone', () => {
    expect(shortcutFor(key('f')), 'typing f in the search box').toBeNull();
    expect(shortcutFor(key('e', { ctrlKey: true, altKey: true })), 'AltGr+E types € on some layouts').toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true })), 'copy stays copy').toBeNull();
  });
});
