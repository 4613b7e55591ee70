import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { orgLabel, orgRemove, toUserError, type UserError } from '../ipc';
import { labelFromInput, orgName, savedLabel } from '../state/orgs';
import type { OrgStatus } from '../types';
import { ErrorBanner } from './ErrorBanner';

type Props = {
  org: OrgStatus;
  /** Rust saved the label (`null` = none). */
  onLabelled: (orgId: string, label: string | null) => void;
  /** Rust removed the organization. */
  onRemoved: (orgId: string) => void;
  /** Closes the editor; the sidebar puts the focus back on the org's Edit button. */
  onClose: () => void;
};

type Failure = { error: UserError; retry: () => void };

/**
 * The inline form under an organization: rename it, clear its label, or remove it after a
 * confirmation. Escape backs out one step (the confirmation, then the form). Errors are
 * Rust's, in the usual banner with Retry; the form stays open so nothing typed is lost.
 */
export function OrgEditor({ org, onLabelled, onRemoved, onClose }: Props) {
  const [text, setText] = useState(org.label ?? '');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const name = orgName(org);
  const ids = useId();

  useLayoutEffect(() => {
    // The safe choice gets the focus, before the first frame, so Enter right after "Remove"
    // does not delete.
    if (confirming) keep.current?.focus();
    else input.current?.focus();
  }, [confirming]);

  /** Runs `action` now; a failure shows in the banner, whose Retry runs it again. */
  const run = (action: () => Promise<void>) => {
    const attempt = async () => {
      setBusy(true);
      setFailure(null);
      try {
        await action();
      } catch (raw) {
        setFailure({ error: toUserError(raw), retry: () => void attempt() });
      } finally {
        setBusy(false);
      }
    };
    void attempt();
  };

  const save = (event: Event) => {
    event.preventDefault();
    const label = labelFromInput(text);
    run(async () => {
      const settings = await orgLabel(org.orgId, label);
      const saved = savedLabel(settings, org.orgId);
      onLabelled(org.orgId, saved === undefined ? label : saved);
      onClose();
    });
  };

  const remove = () =>
    run(async () => {
      await orgRemove(org.orgId);
      // No onClose: the organization, and this editor with it, leaves the list.
      onRemoved(org.orgId);
    });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // One Escape backs out one step, and nothing around the sidebar reacts to it as well.
    event.stopPropagation();
    if (confirming) setConfirming(false);
    else onClose();
  };

  return (
    <form
      class="org-editor"
      data-testid="org-editor"
      aria-label={`Edit organization ${name}`}
      onSubmit={save}
      onKeyDown={onKeyDown}
    >
      {confirming ? (
        <div class="org-confirm" role="group" aria-labelledby={`${ids}-confirm`}>
          <p id={`${ids}-confirm`}>
            Remove <strong class="org-confirm-name">{name}</strong> from the saved organizations?
            Its invoices are no longer shown; you can add its ID again later.
          </p>
          <div class="form-actions">
            <button
              type="button"
              class="danger"
              data-testid="org-remove-confirm"
              disabled={busy}
              onClick={remove}
            >
              {busy ? 'Removing…' : 'Remove'}
            </button>
            <button
              type="button"
              ref={keep}
              data-testid="org-remove-cancel"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              Keep
            </button>
          </div>
        </div>
      ) : (
        <>
          <label>
            Label
            <input
              ref={input}
              data-testid="org-label-input"
              value={text}
              aria-describedby={`${ids}-hint`}
              onInput={(event) => setText(event.currentTarget.value)}
            />
          </label>
          <p class="muted org-editor-hint" id={`${ids}-hint`}>
            Empty shows the ID, {org.orgId}.
          </p>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="org-label-save" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <button type="button" data-testid="org-edit-cancel" disabled={busy} onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              class="danger"
              data-testid="org-remove"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Remove…
            </button>
          </div>
        </>
      )}
      {failure && <ErrorBanner error={failure.error} onRetry={failure.retry} />}
    </form>
  );
}
