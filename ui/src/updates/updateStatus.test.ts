import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../types';
import { currentUpdateStatus, setUpdateStatus, updateMark, updateSnapshot } from './updateStatus';

const SERVER = 'https://updates.example.com';
const notChecked: UpdateStatus = { state: 'notChecked', server: SERVER };
const checking: UpdateStatus = { state: 'checking', server: SERVER };
const available: UpdateStatus = { state: 'available', version: '9.0.0', notes: null };

// One store for the module: the cases run in order, each from where the last one left it.
describe('the shared update status', () => {
  it('starts unknown and takes a snapshot when nothing was heard while it was asked for', () => {
    expect(currentUpdateStatus()).toBeNull();
    updateSnapshot(notChecked, updateMark());
    expect(currentUpdateStatus()).toEqual(notChecked);
  });

  it('keeps an event heard while a snapshot was on its way: the events lead to the newest status', () => {
    const mark = updateMark();
    setUpdateStatus(checking);
    setUpdateStatus(available);
    updateSnapshot(checking, mark);
    expect(currentUpdateStatus(), 'the check ended after the snapshot was taken').toEqual(
      available,
    );
  });

  it('takes a later snapshot again once nothing new was heard', () => {
    updateSnapshot(notChecked, updateMark());
    expect(currentUpdateStatus()).toEqual(notChecked);
  });
});
