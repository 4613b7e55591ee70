import { useEffect, useRef, useState } from 'preact/hooks';
import { readAmount, type Filters, type ViewAction } from '../state/query';

type Props = {
  filters: Filters;
  dispatch: (action: ViewAction) => void;
};

/** Typing pauses this long before an amount is applied, so "1250" is one query, not four. */
const AMOUNT_DEBOUNCE_MS = 250;

const AMOUNT_MEANING = "In each invoice's own currency: 10 means $10.00, €10.00 and ¥10.";

/** Total between two amounts, and due date between two days. */
export function RangeFilters({ filters, dispatch }: Props) {
  return (
    <>
      <AmountInput
        label="Total from"
        name="Total at least"
        testId="filter-amount-min"
        value={filters.amountMin}
        onAmount={(amount) => dispatch({ type: 'amountMin', amount })}
      />
      <AmountInput
        label="to"
        name="Total at most"
        testId="filter-amount-max"
        value={filters.amountMax}
        onAmount={(amount) => dispatch({ type: 'amountMax', amount })}
      />
      <label>
        Due from
        <input
          type="date"
          data-testid="filter-due-from"
          data-empty={filters.dueFrom ? undefined : 'true'}
          value={filters.dueFrom}
          onChange={(e) => dispatch({ type: 'dueFrom', day: e.currentTarget.value })}
        />
      </label>
      <label>
        to
        <input
          type="date"
          aria-label="Due to"
          data-testid="filter-due-to"
          data-empty={filters.dueTo ? undefined : 'true'}
          value={filters.dueTo}
          onChange={(e) => dispatch({ type: 'dueTo', day: e.currentTarget.value })}
        />
      </label>
    </>
  );
}

type AmountProps = {
  label: string;
  /** The accessible name, complete where the visible label is only "to". */
  name: string;
  testId: string;
  /** The bound in effect ("" = none). */
  value: string;
  onAmount: (amount: string) => void;
};

/**
 * A decimal typed as text and sent as text: Rust reads it exactly. Text Rust would refuse
 * marks the field and is not sent; the bound before it stays in effect.
 */
function AmountInput({ label, name, testId, value, onAmount }: AmountProps) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const invalid = readAmount(text) === null;
  const hintId = `${testId}-hint`;

  // "Clear filters" elsewhere empties the box too; the box's own bound leaves it as typed.
  useEffect(() => {
    setText((typed) => (readAmount(typed) === value ? typed : value));
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (typed: string, wait: number) => {
    clearTimeout(timer.current);
    const amount = readAmount(typed);
    if (amount === null) return;
    timer.current = setTimeout(() => onAmount(amount), wait);
  };

  return (
    <label class="filter-amount">
      {label}
      <input
        type="text"
        inputMode="decimal"
        size={8}
        placeholder="0.00"
        aria-label={name}
        title={AMOUNT_MEANING}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? hintId : undefined}
        data-testid={testId}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          apply(e.currentTarget.value, AMOUNT_DEBOUNCE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(text, 0);
        }}
      />
      {invalid && (
        <span class="field-hint" id={hintId} data-testid={`${testId}-invalid`}>
          Write an amount like 1250.50
        </span>
      )}
    </label>
  );
}
