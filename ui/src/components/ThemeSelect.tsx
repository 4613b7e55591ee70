import type { Theme } from '../theme/scheme';

const CHOICES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

type Props = {
  theme: Theme;
  /** The user picked a theme; the caller applies and saves it. */
  onChange: (theme: Theme) => void;
};

/** The colour theme: System follows the OS setting, Light and Dark win over it. */
export function ThemeSelect({ theme, onChange }: Props) {
  return (
    <label class="theme-select">
      Theme
      <select
        data-testid="theme-select"
        value={theme}
        onChange={(event) => {
          const picked = CHOICES.find((choice) => choice.value === event.currentTarget.value);
          if (picked) onChange(picked.value);
        }}
      >
        {CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
