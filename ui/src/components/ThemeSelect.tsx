import { THEME_CHOICES, type Theme } from '../theme/scheme';

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
          const picked = THEME_CHOICES.find((choice) => choice.value === event.currentTarget.value);
          if (picked) onChange(picked.value);
        }}
      >
        {THEME_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
