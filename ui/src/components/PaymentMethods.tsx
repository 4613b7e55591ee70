import { useCallback, useEffect, useState } from 'preact/hooks';
import { paymentMethods, toUserError, type UserError } from '../ipc';
import { needsAttention } from '../state/cards';
import { orgName } from '../state/orgs';
import type { CardState, PaymentMethodRow } from '../types';
import { ErrorBanner } from './ErrorBanner';

type Props = {
  org: string | null;
  dataVersion: number;
  connection: string | null;
  /** For the error banner of a token or connection problem. */
  onOpenConnections: () => void;
  /** Show only cards that have expired or expire soon. */
  attentionOnly: boolean;
  onAttentionOnly: (on: boolean) => void;
};

type Load =
  | { state: 'loading' }
  | { state: 'ready'; rows: PaymentMethodRow[] }
  | { state: 'failed'; error: UserError };

/** Payment methods of the organization in view (or all), with expiry warnings from Rust. */
export function PaymentMethods({
  org,
  dataVersion,
  connection,
  onOpenConnections,
  attentionOnly,
  onAttentionOnly,
}: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const fetch = useCallback(() => {
    let current = true;
    setLoad({ state: 'loading' });
    paymentMethods(org).then(
      (rows) => current && setLoad({ state: 'ready', rows }),
      (raw: unknown) => current && setLoad({ state: 'failed', error: toUserError(raw) }),
    );
    // Switching organization before the answer arrives must not show the old one's cards.
    return () => {
      current = false;
    };
  }, [org]);

  useEffect(fetch, [fetch, dataVersion]);

  if (load.state === 'loading') {
    return (
      <div
        class="skeleton-block"
        data-testid="loading"
        role="progressbar"
        aria-busy="true"
        aria-label="Loading payment methods"
      >
        <span class="skeleton" />
        <span class="skeleton" />
      </div>
    );
  }
  if (load.state === 'failed')
    return (
      <ErrorBanner
        error={load.error}
        onRetry={fetch}
        connection={connection}
        onOpenConnections={onOpenConnections}
      />
    );
  if (load.rows.length === 0) {
    return (
      <p class="empty-state" data-testid="empty-state">
        No payment methods saved for {org === null ? 'these organizations' : 'this organization'}.
      </p>
    );
  }
  const rows = attentionOnly ? load.rows.filter(needsAttention) : load.rows;
  return (
    <>
      <label class="checkbox">
        <input
          type="checkbox"
          data-testid="filter-cards-attention"
          checked={attentionOnly}
          onChange={(e) => onAttentionOnly(e.currentTarget.checked)}
        />
        Expiring or expired only
      </label>
      {rows.length === 0 ? (
        <p class="empty-state" data-testid="empty-state">
          No card of {org === null ? 'these organizations' : 'this organization'} has expired or
          expires soon.
        </p>
      ) : (
        <MethodTable rows={rows} showOrg={org === null} />
      )}
    </>
  );
}

/** The payment-method rows, with the organization column when several are shown. */
function MethodTable({ rows, showOrg }: { rows: readonly PaymentMethodRow[]; showOrg: boolean }) {
  return (
    <table class="data-table" data-testid="payment-methods-table">
      <caption class="visually-hidden">Payment methods</caption>
      <thead>
        <tr>
          {showOrg && <th scope="col">Organization</th>}
          <th scope="col">Default</th>
          <th scope="col">Brand</th>
          <th scope="col">Card</th>
          <th scope="col">Expiry</th>
          <th scope="col">Billing name</th>
          <th scope="col">Billing email</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const { method } = row;
          return (
            <tr
              key={`${row.org}/${method.id ?? index}`}
              data-testid="payment-method-row"
              data-card-state={row.cardState}
            >
              {showOrg && <td>{orgName({ orgId: row.org, label: row.orgLabel })}</td>}
              <td>{method.isDefault ? <span class="badge badge-default">Default</span> : ''}</td>
              <td>{method.brand ?? method.type ?? '—'}</td>
              <td class="mono">{method.last4 ? `•••• ${method.last4}` : '—'}</td>
              <td>
                {expiry(method.expMonth, method.expYear)}
                <CardWarning state={row.cardState} />
              </td>
              <td>{method.billingName ?? '—'}</td>
              <td>{method.billingEmail ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function expiry(month: number | null, year: number | null): string {
  if (month === null || year === null) return '—';
  return `${String(month).padStart(2, '0')}/${year}`;
}

function CardWarning({ state }: { state: CardState }) {
  switch (state) {
    case 'expired':
      return <span class="card-warning card-expired">Expired</span>;
    case 'expiringSoon':
      return <span class="card-warning card-expiring">Expires soon</span>;
    case 'valid':
    case 'unknown':
      return null;
  }
}
