type Props = {
  testId: string;
  checked: boolean;
  onChange: (allowed: boolean) => void;
};

/**
 * The explicit opt-in a plain `http` address needs (Rust allows it to this computer only, and
 * refuses it without this choice): shown beside the address only while it is plain `http`.
 */
export function PlainHttpChoice({ testId, checked, onChange }: Props) {
  return (
    <label class="checkbox plain-http-choice">
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span>
        Allow plain http{' '}
        <span class="connection-warning">
          (the token travels unencrypted; only for a test server on this computer)
        </span>
      </span>
    </label>
  );
}
