/**
 * Where update checking stands, shared by the header (its "Update" button) and the About
 * dialog, so that what About does (a check, a download) shows in the header too. Rust sends
 * every change as an `update-status` event; `app_info` and `about_info` carry the status at
 * the moment they answer. The window listens before its first `app_info` (see
 * `followUpdateStatus`), so the result of the check Rust runs at start cannot be missed.
 */
import { onUpdateStatus } from '../ipc';
import { createStore, useStore } from '../state/store';
import type { UpdateStatus } from '../types';

const store = createStore<UpdateStatus | null>(null);

/** How many statuses came from events and command answers so far. */
let heard = 0;

/** A status from an `update-status` event or a command's answer: the newest there is. */
export function setUpdateStatus(status: UpdateStatus): void {
  heard++;
  store.set(status);
}

/** Taken just before asking for a snapshot (`app_info`, `about_info`), for {@link updateSnapshot}. */
export function updateMark(): number {
  return heard;
}

/**
 * The status a snapshot carried, asked for at `mark`. An event heard meanwhile wins: it is
 * newer than the snapshot, or one of the events leading to it (they come in order), so the
 * events alone end at the right status.
 */
export function updateSnapshot(status: UpdateStatus, mark: number): void {
  if (heard === mark) store.set(status);
}

let following: Promise<void> | undefined;

/** Follows `update-status` for the life of the window (once); resolves when it listens. */
export function followUpdateStatus(): Promise<void> {
  // Without the listener the app still starts: the snapshots then keep the status.
  following ??= onUpdateStatus(setUpdateStatus).then(
    () => undefined,
    () => undefined,
  );
  return following;
}

/** The shared status now; `null` until Rust has told it. */
export function currentUpdateStatus(): UpdateStatus | null {
  return store.get();
}

/** The shared status; `null` until Rust has told it. The component re-renders when it changes. */
export function useUpdateStatus(): UpdateStatus | null {
  return useStore(store);
}
