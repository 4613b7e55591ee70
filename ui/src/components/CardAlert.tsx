import { cardAlertText, type CardCounts } from '../state/cards';

type Props = {
  counts: CardCounts | null;
  /** Opens the payment methods of every organization, expiring or expired only. */
  onOpen: () => void;
};

/** "3 cards expire within 60 days, 1 expired" over every loaded organization; nothing when none. */
export function CardAlert({ counts, onOpen }: Props) {
  const text = counts && cardAlertText(counts);
  if (!text) return null;
  return (
    <button
      type="button"
      class="card-alert"
      data-testid="card-alert"
      title="Show these cards"
      onClick={onOpen}
    >
      <span aria-hidden="true">⚠ </span>
      {text}
    </button>
  );
}
