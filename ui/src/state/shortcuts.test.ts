import { describe, expect, it } from 'vitest';
import {
  isApplePlatform,
  ROW_ACTION_KEYS,
  rowActionFor,
  shortcutFor,
  shortcutLabel,
  type KeyInput,
  type Shortcut,
} from './shortcuts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps Ctrl and Cmd + F, R, E, K', () => {
    for (const mod of [{ ctrlKey: true }, { metaKey: true }]) {
      expect(shortcutFor(key('f', mod))).toBe('search');
      expect(shortcutFor(key('r', mod))).toBe('refresh');
      expect(shortcutFor(key('e', mod))).toBe('export');
      expect(shortcutFor(key('k', mod))).toBe('palette');
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
    expect(
      shortcutFor(key('e', { ctrlKey: true, altKey: true })),
      'AltGr+E types € on some layouts',
    ).toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true })), 'copy stays copy').toBeNull();
  });
});

describe('shortcutLabel', () => {
  it('names the keys shortcutFor reads, with Ctrl or Cmd', () => {
    for (const shortcut of [
      'search',
      'refresh',
      'export',
      'palette',
    ] as const satisfies readonly Shortcut[]) {
      const ctrl = shortcutLabel(shortcut, false);
      const cmd = shortcutLabel(shortcut, true);
      expect(ctrl, shortcut).toMatch(/^Ctrl\+[A-Z]$/);
      expect(cmd, shortcut).toBe(ctrl.replace('Ctrl', 'Cmd'));
      const letter = ctrl.slice(-1).toLowerCase();
      expect(shortcutFor(key(letter, { ctrlKey: true })), ctrl).toBe(shortcut);
      expect(shortcutFor(key(letter, { metaKey: true })), cmd).toBe(shortcut);
    }
  });

  it('knows Apple platforms by navigator.platform', () => {
    expect(isApplePlatform('MacIntel')).toBe(true);
    expect(isApplePlatform('iPad')).toBe(true);
    expect(isApplePlatform('Linux x86_64')).toBe(false);
    expect(isApplePlatform('Win32')).toBe(false);
  });
});

describe('rowActionFor', () => {
  it('maps Enter, P, A, C and D to the row actions, whatever the case', () => {
    expect(rowActionFor(key('Enter'))).toBe('openHosted');
    expect(rowActionFor(key('p'))).toBe('openPdf');
    expect(rowActionFor(key('P', { shiftKey: true }))).toBe('openPdf');
    expect(rowActionFor(key('a'))).toBe('openArchived');
    expect(rowActionFor(key('A', { shiftKey: true }))).toBe('openArchived');
    expect(rowActionFor(key('c'))).toBe('copyLink');
    expect(rowActionFor(key('D'))).toBe('downloadPdf');
  });

  it('matches the keys the UI shows', () => {
    for (const [action, shown] of Object.entries(ROW_ACTION_KEYS))
      expect(rowActionFor(key(shown)), shown).toBe(action);
  });

  it('leaves combinations with Ctrl, Cmd or Alt, Shift+Enter and other keys alone', () => {
    expect(rowActionFor(key('c', { ctrlKey: true })), 'Ctrl+C stays copy').toBeNull();
    expect(rowActionFor(key('e', { metaKey: true })), 'Cmd+E stays export').toBeNull();
    expect(rowActionFor(key('d', { altKey: true }))).toBeNull();
    expect(rowActionFor(key('a', { ctrlKey: true })), 'Ctrl+A stays select all').toBeNull();
    expect(rowActionFor(key('Enter', { shiftKey: true }))).toBeNull();
    expect(rowActionFor(key('x'))).toBeNull();
    expect(rowActionFor(key(' ')), 'Space presses the focused button').toBeNull();
  });
});
