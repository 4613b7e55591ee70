/**
 * Keeps the expiring-cards count of every loaded organization: asks Rust for their payment
 * methods whenever the loaded data changes (`dataVersion`), one request at a time; a change
 * while one is in flight asks once more after it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { paymentMethods } from '../ipc';
import { countCards, type CardCounts } from './cards';

export function useCardCounts(dataVersion: number): CardCounts | null {
  const [counts, setCounts] = useState<CardCounts | null>(null);
  const asking = useRef({ inflight: false, again: false, mounted: true });

  useEffect(() => {
    const state = asking.current;
    state.mounted = true;
    return () => {
      state.mounted = false;
    };
  }, []);

  useEffect(() => {
    const state = asking.current;
    const ask = () => {
      state.inflight = true;
      paymentMethods(null)
        .then(
          (rows) => state.mounted && setCounts(countCards(rows)),
          // The count stays as it was: the payment-methods view shows the error when opened.
          () => undefined,
        )
        .finally(() => {
          state.inflight = false;
          if (state.again && state.mounted) {
            state.again = false;
            ask();
          }
        });
    };
    if (state.inflight) state.again = true;
    else ask();
  }, [dataVersion]);

  return counts;
}
