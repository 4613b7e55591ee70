type Props = {
  name: string;
  /** What is on screen differs from the saved view (filters, sort, organization or columns). */
  modified: boolean;
  /** How many organizations the view names when the window cannot show them as a set; `null` otherwise. */
  orgs: number | null;
  /** "All organizations" is selected (how a view of several is shown). */
  showingAll: boolean;
  /** Rust's refusal of the last "Update view". */
  failure: string | null;
  onUpdate: () => void;
  onClear: () => void;
};

/**
 * Above the tabs while a saved view is applied: its name, "modified" once anything on screen
 * differs from it, "Update view" (saves what is on screen under its name) and "Clear" (no
 * view: the filters stay, the columns go back to the user's own layout).
 */
export function AppliedView({
  name,
  modified,
  orgs,
  showingAll,
  failure,
  onUpdate,
  onClear,
}: Props) {
  return (
    <div class="applied-view" data-testid="applied-view">
      <p class="applied-view-name" role="status">
        <span data-testid="view-applied">View: {name}</span>
        {modified && (
          <span class="chip applied-view-modified" data-testid="view-modified">
            modified
          </span>
        )}
      </p>
      {modified && (
        <button type="button" data-testid="view-update" onClick={onUpdate}>
          Update view
        </button>
      )}
      <button
        type="button"
        data-testid="view-clear"
        aria-label={`Clear the view ${name}`}
        title="Stop using this view: the filters stay, the columns go back to your own layout"
        onClick={onClear}
      >
        Clear
      </button>
      {orgs !== null && showingAll && (
        <p class="applied-view-note muted" data-testid="view-orgs-note">
          This view covers {orgs} organizations. The app shows one organization or all of them, so
          the table shows all organizations; an update keeps the view's {orgs} while "All
          organizations" stays selected.
        </p>
      )}
      {failure !== null && (
        <p class="form-error" role="alert" data-testid="view-error">
          {failure}
        </p>
      )}
    </div>
  );
}
