/**
 * The window's organization fetches: the statuses of the organizations, the batch fetch
 * (`fetchOrgs`) with its progress from `fetch-progress` events, Cancel, and the error of a
 * failed fetch with its Retry. It starts with the saved list and a fetch of what is not fresh.
 * Desk owns the version of the loaded rows; this hook only says when Rust's rows may have
 * changed (`onDataChanged`), since labels, removals and archived PDFs change them too.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  fetchCancel,
  fetchOrgs,
  onFetchProgress,
  orgsList,
  toUserError,
  type UserError,
} from '../ipc';
import type { OrgStatus, Progress } from '../types';
import { createStore } from './store';
import type { Fetcher } from './useExport';

/** A fetch that failed as a whole, and how to try it again. */
export type FetchFailure = { error: UserError; retry: () => void };

type Options = {
  /** The rows Rust holds may have changed: the views query again. */
  onDataChanged: () => void;
  /** A line for the window's notice (a cancel that failed). */
  onNotice: (text: string) => void;
};

/**
 * While a batch runs, the table and the sidebar are refreshed at most this often, so rows of
 * a long batch (1,000 organizations) appear as they arrive without a query per organization.
 */
const LIVE_REFRESH_MS = 750;

/** Replaces the statuses Rust just sent, keeping the others (a fetch may cover a few orgs). */
export function mergeStatuses(
  current: readonly OrgStatus[],
  fresh: readonly OrgStatus[],
): OrgStatus[] {
  const byId = new Map(fresh.map((org) => [org.orgId, org]));
  const merged = current.map((org) => byId.get(org.orgId) ?? org);
  const known = new Set(current.map((org) => org.orgId));
  return [...merged, ...fresh.filter((org) => !known.has(org.orgId))];
}

export function useFetchLifecycle({ onDataChanged, onNotice }: Options) {
  const [orgs, setOrgs] = useState<OrgStatus[]>([]);
  const [fetching, setFetching] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [failure, setFailure] = useState<FetchFailure | null>(null);
  /** The running batch's progress: a store, not state, so an event re-renders only what shows it. */
  const progress = useRef(createStore<Progress | null>(null)).current;
  const lastLiveRefresh = useRef(0);
  /** Settles when the fetch running now ends; `null` when none runs. */
  const running = useRef<Promise<void> | null>(null);
  /** Grows when a fetch starts or ends: a live sidebar update that answers later is dropped. */
  const fetchEpoch = useRef(0);
  // The callbacks are read through a ref, so `load` stays the same function and the start-up
  // fetch (an effect on `load`) runs once.
  const callbacks = useRef({ onDataChanged, onNotice });
  callbacks.current = { onDataChanged, onNotice };

  /** Fetches `orgIds` (`null`: every organization) and resolves when done, whatever the outcome. */
  const load = useCallback(
    async (orgIds: string[] | null, force: boolean) => {
      let ended = () => {};
      const whenEnded = new Promise<void>((resolve) => {
        ended = resolve;
      });
      running.current = whenEnded;
      setFetching(true);
      setCancelling(false);
      setFailure(null);
      progress.set(null);
      lastLiveRefresh.current = performance.now();
      fetchEpoch.current++;
      try {
        const statuses = await fetchOrgs(orgIds, force);
        setOrgs((current) => mergeStatuses(current, statuses));
      } catch (raw) {
        setFailure({ error: toUserError(raw), retry: () => void load(orgIds, force) });
      } finally {
        fetchEpoch.current++;
        setFetching(false);
        setCancelling(false);
        // Whatever happened, the rows Rust holds may have changed: query again.
        callbacks.current.onDataChanged();
        ended();
        if (running.current === whenEnded) running.current = null;
      }
    },
    [progress],
  );

  // An export's "Fetch first" waits for a fetch already running (the start-up one, a refresh),
  // then fetches what is still not up to date the way Retry does.
  const fetcher = useMemo<Fetcher>(
    () => ({
      settled: async () => {
        while (running.current) await running.current;
      },
      fetch: (orgIds: string[]) => load(orgIds, true),
    }),
    [load],
  );

  // Start: show the saved list at once (and whatever Rust already holds, e.g. the disk cache),
  // then fetch what is not fresh.
  useEffect(() => {
    orgsList().then(
      (list) => setOrgs((current) => mergeStatuses(list, current)),
      (raw: unknown) =>
        setFailure({ error: toUserError(raw), retry: () => void load(null, false) }),
    );
    void load(null, false);
  }, [load]);

  useEffect(() => {
    let active = true;
    let stop: (() => void) | undefined;
    const onProgress = (next: Progress) => {
      progress.set(next);
      const now = performance.now();
      if (next.done >= next.total || now - lastLiveRefresh.current < LIVE_REFRESH_MS) return;
      lastLiveRefresh.current = now;
      const epoch = fetchEpoch.current;
      orgsList().then(
        (list) =>
          epoch === fetchEpoch.current && setOrgs((current) => mergeStatuses(current, list)),
        () => undefined,
      );
      callbacks.current.onDataChanged();
    };
    onFetchProgress(onProgress).then(
      (unlisten) => {
        if (active) stop = unlisten;
        else unlisten();
      },
      (raw: unknown) => console.warn('fetch-progress is not available', toUserError(raw)),
    );
    return () => {
      active = false;
      stop?.();
    };
  }, [progress]);

  const cancel = useCallback(() => {
    setCancelling(true);
    fetchCancel().then(
      () => undefined,
      (raw: unknown) => {
        setCancelling(false);
        callbacks.current.onNotice(`Could not cancel: ${toUserError(raw).message}`);
      },
    );
  }, []);

  /** Organizations were added: list them at once, then fetch them. */
  const added = useCallback(
    (orgIds: string[]) => {
      orgsList().then(
        (list) => setOrgs((current) => mergeStatuses(current, list)),
        () => undefined,
      );
      void load(orgIds, false);
    },
    [load],
  );

  return { orgs, setOrgs, fetching, cancelling, progress, failure, load, fetcher, cancel, added };
}
