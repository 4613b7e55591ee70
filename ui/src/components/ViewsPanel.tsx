import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { toUserError } from '../ipc';
import { useFocusAfterRender } from '../state/useFocusAfterRender';
import { findView, viewNameFromInput } from '../state/views';
import type { SavedView } from '../types';

type Props = {
  /** The saved views of the data source on screen, in Rust's order; `null` while they load. */
  views: readonly SavedView[] | null;
  /** Why the list could not be read, with a way to ask again. */
  loadError: string | null;
  onReload: () => void;
  /** The applied view's name; `null` = none. */
  applied: string | null;
  onApply: (view: SavedView) => void;
  /** The save form is open (Desk opens it for the palette's "Save view…"). */
  saveOpen: boolean;
  onSaveOpen: (open: boolean) => void;
  /** Changes when the palette asks for the save form: its name box takes the focus again. */
  focusRequest: number;
  /** Saves what is on screen as `name`; rejects with Rust's refusal. */
  onSave: (name: string) => Promise<void>;
  onRename: (from: string, to: string) => Promise<void>;
  onRemove: (name: string) => Promise<void>;
};

/** Rust's message for a refused action, shown where the action was asked for. */
const messageOf = (raw: unknown) => toUserError(raw).message;

/**
 * The sidebar's saved views: each applies everything it holds (filters, sort, organizations,
 * columns) in one click. "Save view…" opens an inline form that saves what is on screen; a
 * name in use asks before replacing. Each view can be renamed inline or removed after a
 * confirmation. Enter confirms and Escape backs out of each form; the focus goes back to the
 * button that opened it. Refusals show Rust's own message under the form (`view-error`).
 */
export function ViewsPanel(props: Props) {
  const { views, applied, saveOpen, onSaveOpen } = props;
  const [renaming, setRenaming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  /** Per view, its Rename and Remove buttons: the focus comes back to them. */
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const ids = useId();

  const focusLater = useFocusAfterRender();

  const closeSave = () => {
    onSaveOpen(false);
    focusLater(() => saveButton.current);
  };

  return (
    <section class="views-panel" data-testid="views-panel" aria-labelledby={`${ids}-title`}>
      <h2 class="sidebar-title" id={`${ids}-title`}>
        Views
      </h2>
      {props.loadError !== null ? (
        <div class="view-error-box">
          <p class="form-error" role="alert" data-testid="view-error">
            {props.loadError}
          </p>
          <button type="button" onClick={props.onReload}>
            Retry
          </button>
        </div>
      ) : views === null ? (
        <p class="muted view-note">Loading views…</p>
      ) : views.length === 0 ? (
        <p class="muted view-note" data-testid="views-empty">
          No saved views yet.
        </p>
      ) : (
        <ul class="view-list">
          {views.map((view) => (
            <li key={view.name} data-testid="view-row" data-name={view.name}>
              {renaming === view.name ? (
                <RenameForm
                  name={view.name}
                  onRename={props.onRename}
                  onClose={(renamedTo) => {
                    setRenaming(null);
                    focusLater(() => buttons.current.get(`rename:${renamedTo ?? view.name}`));
                  }}
                />
              ) : (
                <div class="view-row">
                  <button
                    type="button"
                    class="org-item view-item"
                    data-testid="view-item"
                    data-name={view.name}
                    aria-current={applied === view.name ? 'true' : undefined}
                    onClick={() => props.onApply(view)}
                  >
                    <span class="org-name">{view.name}</span>
                  </button>
                  <span class="view-actions">
                    <button
                      type="button"
                      class="org-edit-button"
                      data-testid="view-rename"
                      aria-label={`Rename view ${view.name}`}
                      ref={(element) => remember(buttons.current, `rename:${view.name}`, element)}
                      onClick={() => {
                        setRemoving(null);
                        setRenaming(view.name);
                      }}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      class="org-edit-button"
                      data-testid="view-remove"
                      aria-label={`Remove view ${view.name}`}
                      aria-expanded={removing === view.name}
                      ref={(element) => remember(buttons.current, `remove:${view.name}`, element)}
                      onClick={() => {
                        setRenaming(null);
                        setRemoving(removing === view.name ? null : view.name);
                      }}
                    >
                      Remove
                    </button>
                  </span>
                </div>
              )}
              {removing === view.name && (
                <RemoveConfirm
                  name={view.name}
                  onRemove={props.onRemove}
                  onClose={(removed) => {
                    setRemoving(null);
                    // Removed, its row is gone: the focus stays in the panel, on "Save view…".
                    focusLater(() =>
                      removed ? saveButton.current : buttons.current.get(`remove:${view.name}`),
                    );
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {saveOpen ? (
        <SaveForm
          views={views ?? []}
          onSave={props.onSave}
          onClose={closeSave}
          focusRequest={props.focusRequest}
        />
      ) : (
        <button
          type="button"
          class="view-save-button"
          data-testid="view-save"
          ref={saveButton}
          onClick={() => onSaveOpen(true)}
        >
          Save view…
        </button>
      )}
    </section>
  );
}

function remember(
  map: Map<string, HTMLButtonElement>,
  key: string,
  element: HTMLButtonElement | null,
) {
  if (element) map.set(key, element);
  else map.delete(key);
}

/** Escape backs out one step, and nothing around the sidebar reacts to it as well. */
function onEscape(event: KeyboardEvent, back: () => void) {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  event.stopPropagation();
  back();
}

type SaveFormProps = {
  views: readonly SavedView[];
  onSave: Props['onSave'];
  onClose: () => void;
  focusRequest: number;
};

function SaveForm({ views, onSave, onClose, focusRequest }: SaveFormProps) {
  const [text, setText] = useState('');
  /** The existing view the name would replace, once asked. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const replaceButton = useRef<HTMLButtonElement>(null);
  const ids = useId();

  // Before the browser paints, so keys typed right after "Save view…" land in the box.
  useLayoutEffect(() => {
    if (replacing !== null) replaceButton.current?.focus();
    else input.current?.focus();
  }, [replacing, focusRequest]);

  const save = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      await onSave(name);
      onClose();
    } catch (raw) {
      setError(messageOf(raw));
      setReplacing(null);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const name = viewNameFromInput(text);
    const existing = name === '' ? undefined : findView(views, name);
    if (existing && replacing === null) {
      setReplacing(existing.name);
      return;
    }
    // A blank or otherwise refused name goes to Rust, whose message says what is wrong.
    void save(name);
  };

  return (
    <form
      class="org-editor view-form"
      data-testid="view-save-form"
      aria-label="Save the current view"
      onSubmit={submit}
      onKeyDown={(event) =>
        onEscape(event, () => (replacing !== null ? setReplacing(null) : onClose()))
      }
    >
      {replacing !== null ? (
        <div role="group" aria-labelledby={`${ids}-replace`}>
          <p id={`${ids}-replace`}>
            A view named <strong class="org-confirm-name">{replacing}</strong> exists. Replace it
            with what is on screen?
          </p>
          <div class="form-actions">
            <button
              type="submit"
              class="primary"
              ref={replaceButton}
              data-testid="view-replace-confirm"
              disabled={busy}
            >
              {busy ? 'Saving…' : 'Replace'}
            </button>
            <button
              type="button"
              data-testid="view-replace-cancel"
              disabled={busy}
              onClick={() => setReplacing(null)}
            >
              Back
            </button>
          </div>
        </div>
      ) : (
        <>
          <label>
            View name
            <input
              ref={input}
              data-testid="view-name-input"
              value={text}
              maxLength={200}
              aria-invalid={error !== null ? 'true' : undefined}
              aria-describedby={error !== null ? `${ids}-error` : `${ids}-hint`}
              onInput={(event) => {
                setText(event.currentTarget.value);
                setError(null);
              }}
            />
          </label>
          <p class="muted org-editor-hint" id={`${ids}-hint`}>
            Saves the filters, sort, organization and columns on screen.
          </p>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="view-save-confirm" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <button type="button" data-testid="view-save-cancel" disabled={busy} onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
      {error !== null && (
        <p class="form-error" role="alert" id={`${ids}-error`} data-testid="view-error">
          {error}
        </p>
      )}
    </form>
  );
}

function RenameForm({
  name,
  onRename,
  onClose,
}: {
  name: string;
  onRename: Props['onRename'];
  onClose: (renamedTo: string | null) => void;
}) {
  const [text, setText] = useState(name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  useLayoutEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const to = viewNameFromInput(text);
    if (to === name) return onClose(null);
    setBusy(true);
    setError(null);
    try {
      await onRename(name, to);
      onClose(to);
    } catch (raw) {
      setError(messageOf(raw));
      setBusy(false);
    }
  };

  return (
    <form
      class="org-editor view-form"
      data-testid="view-rename-form"
      aria-label={`Rename view ${name}`}
      onSubmit={submit}
      onKeyDown={(event) => onEscape(event, () => onClose(null))}
    >
      <label>
        New name
        <input
          ref={input}
          data-testid="view-rename-input"
          value={text}
          maxLength={200}
          aria-invalid={error !== null ? 'true' : undefined}
          aria-describedby={error !== null ? `${ids}-error` : undefined}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setError(null);
          }}
        />
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" data-testid="view-rename-confirm" disabled={busy}>
          {busy ? 'Renaming…' : 'Rename'}
        </button>
        <button
          type="button"
          data-testid="view-rename-cancel"
          disabled={busy}
          onClick={() => onClose(null)}
        >
          Cancel
        </button>
      </div>
      {error !== null && (
        <p class="form-error" role="alert" id={`${ids}-error`} data-testid="view-error">
          {error}
        </p>
      )}
    </form>
  );
}

function RemoveConfirm({
  name,
  onRemove,
  onClose,
}: {
  name: string;
  onRemove: Props['onRemove'];
  onClose: (removed: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const ids = useId();

  // The safe choice gets the focus, so Enter right after "Remove" does not delete.
  useLayoutEffect(() => keep.current?.focus(), []);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRemove(name);
      onClose(true);
    } catch (raw) {
      setError(messageOf(raw));
      setBusy(false);
    }
  };

  return (
    <div
      class="org-editor view-form"
      role="group"
      aria-labelledby={`${ids}-question`}
      onKeyDown={(event) => onEscape(event, () => onClose(false))}
    >
      <p id={`${ids}-question`}>
        Remove the view <strong class="org-confirm-name">{name}</strong>? <code>bdesk</code> no
        longer finds it either.
      </p>
      <div class="form-actions">
        <button
          type="button"
          class="danger"
          data-testid="view-remove-confirm"
          disabled={busy}
          onClick={() => void remove()}
        >
          {busy ? 'Removing…' : 'Remove'}
        </button>
        <button
          type="button"
          ref={keep}
          data-testid="view-remove-cancel"
          disabled={busy}
          onClick={() => onClose(false)}
        >
          Keep
        </button>
      </div>
      {error !== null && (
        <p class="form-error" role="alert" data-testid="view-error">
          {error}
        </p>
      )}
    </div>
  );
}
