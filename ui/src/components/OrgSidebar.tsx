import { Component, type ComponentChildren, type RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { orgsAdd, toUserError, type UserError } from '../ipc';
import { orgName, stateLabel } from '../state/orgs';
import { useFocusAfterRender } from '../state/useFocusAfterRender';
import type { OrgStatus, OrgsAdded } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { OrgEditor } from './OrgEditor';

type Props = {
  orgs: readonly OrgStatus[];
  /** The organization shown; `null` = all. */
  selected: string | null;
  demo: boolean;
  onSelect: (org: string | null) => void;
  /** Called with the IDs Rust saved, so they are fetched. */
  onAdded: (added: string[]) => void;
  /** Rust saved a new label (`null` = none) for an organization. */
  onLabelled: (orgId: string, label: string | null) => void;
  /** Rust removed an organization from the saved list. */
  onRemoved: (orgId: string) => void;
  /** Shown under the title: what needs attention across every organization. */
  children?: ComponentChildren;
  /** Shown above the organizations, outside their navigation landmark: the saved views. */
  views?: ComponentChildren;
};

/**
 * Saved organizations, "All organizations", and a box to add one ID or paste many. Each
 * organization has an Edit button opening its editor (label, remove) under it; one at a time.
 */
export function OrgSidebar({
  orgs,
  selected,
  demo,
  onSelect,
  onAdded,
  onLabelled,
  onRemoved,
  children,
  views,
}: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const allButton = useRef<HTMLButtonElement>(null);

  // The list re-renders only when what it shows changes: with thousands of organizations,
  // diffing it on every filter or sort change of the window delayed the query behind it.
  // The callbacks are read through a ref, so new closures from the parent do not count.
  const handlers = useRef({ onSelect, onLabelled, onRemoved });
  handlers.current = { onSelect, onLabelled, onRemoved };
  const items = useMemo(
    () => (
      <OrgItems
        orgs={orgs}
        selected={selected}
        editing={editing}
        setEditing={setEditing}
        editButtons={editButtons.current}
        allButton={allButton}
        handlers={handlers}
      />
    ),
    [orgs, selected, editing],
  );

  return (
    <div class="sidebar">
      {views}
      <nav class="sidebar-orgs" aria-label="Organizations">
        <h2 class="sidebar-title">{demo ? 'Demo organizations' : 'Organizations'}</h2>
        {children}
        <ul class="org-list" data-testid="org-list">
          <li>
            <button
              type="button"
              class="org-item"
              data-testid="org-all"
              ref={allButton}
              aria-current={selected === null ? 'true' : undefined}
              onClick={() => onSelect(null)}
            >
              <span class="org-name">All organizations</span>
              <span class="org-state">{orgs.length} saved</span>
            </button>
          </li>
          {items}
        </ul>
        <AddOrgs onAdded={onAdded} />
      </nav>
    </div>
  );
}

type ItemsProps = {
  orgs: readonly OrgStatus[];
  selected: string | null;
  editing: string | null;
  setEditing: (orgId: string | null) => void;
  editButtons: Map<string, HTMLButtonElement>;
  allButton: RefObject<HTMLButtonElement | null>;
  /** The parent's callbacks as of its last render. */
  handlers: { readonly current: Pick<Props, 'onSelect' | 'onLabelled' | 'onRemoved'> };
};

/** Organizations per chunk of the list; a chunk re-renders only when one of its props changed. */
const CHUNK = 250;

/** What every chunk's items do; one object for the list's life, so chunks compare equal. */
type ItemActions = {
  openEditor: (orgId: string) => void;
  closeEditor: (orgId: string) => void;
  removed: (orgId: string) => void;
  editButtons: Map<string, HTMLButtonElement>;
  handlers: ItemsProps['handlers'];
};

/**
 * One list item per organization, with its Edit button and, while open, its editor.
 *
 * The list is built in chunks of [`CHUNK`]: the first at once, then one more per task until
 * all are there. Ten thousand organizations are 80,000 elements; created in one task they
 * hold the page at launch, and the invoice rows' answer and the user's input wait behind
 * them. A chunk re-renders only when its organizations, or the selection or open editor
 * inside it, change.
 */
function OrgItems({
  orgs,
  selected,
  editing,
  setEditing,
  editButtons,
  allButton,
  handlers,
}: ItemsProps) {
  const focusAfterRender = useFocusAfterRender();
  const [built, setBuilt] = useState(1);
  const chunks = Math.ceil(orgs.length / CHUNK);
  useEffect(() => {
    if (built >= chunks) return;
    const next = setTimeout(() => setBuilt((count) => count + 1), 0);
    return () => clearTimeout(next);
  }, [built, chunks]);
  const actions = useMemo<ItemActions>(
    () => ({
      openEditor: setEditing,
      closeEditor: (orgId) => {
        setEditing(null);
        // Back where the keyboard user started, not at the top of the page.
        focusAfterRender(() => editButtons.get(orgId));
      },
      removed: (orgId) => {
        setEditing(null);
        handlers.current.onRemoved(orgId);
        // Its row is gone: keep the focus in the list rather than lose it to the page.
        focusAfterRender(() => allButton.current);
      },
      editButtons,
      handlers,
    }),
    [setEditing, focusAfterRender, editButtons, allButton, handlers],
  );
  // Which chunk holds an organization (-1: none), so only the chunks it enters or leaves
  // re-render.
  const chunkOf = (orgId: string | null) =>
    orgId === null ? -1 : Math.floor(orgs.findIndex((org) => org.orgId === orgId) / CHUNK);
  const selectedChunk = chunkOf(selected);
  const editingChunk = chunkOf(editing);
  return (
    <>
      {Array.from({ length: Math.min(built, chunks) }, (_, chunk) => (
        <OrgChunk
          key={chunk}
          orgs={orgs}
          start={chunk * CHUNK}
          selected={chunk === selectedChunk ? selected : null}
          editing={chunk === editingChunk ? editing : null}
          actions={actions}
        />
      ))}
    </>
  );
}

type ChunkProps = {
  orgs: readonly OrgStatus[];
  start: number;
  /** The selected organization when it is in this chunk, else `null`. */
  selected: string | null;
  /** The organization whose editor is open when it is in this chunk, else `null`. */
  editing: string | null;
  actions: ItemActions;
};

/**
 * [`CHUNK`] organizations of the list from `start`. A class, not `memo` from preact/compat
 * (see `InvoiceGridRow`), re-rendered only when a prop changed.
 */
class OrgChunk extends Component<ChunkProps> {
  override shouldComponentUpdate(next: ChunkProps): boolean {
    const props = this.props;
    return (Object.keys(next) as (keyof ChunkProps)[]).some((name) => props[name] !== next[name]);
  }

  override render() {
    const { orgs, start, selected, editing, actions } = this.props;
    return orgs.slice(start, start + CHUNK).map((org) => (
      <li key={org.orgId}>
        <div class="org-row">
          <button
            type="button"
            class={`org-item org-${org.state}`}
            data-testid={`org-item-${org.orgId}`}
            aria-current={selected === org.orgId ? 'true' : undefined}
            title={org.orgId}
            onClick={() => actions.handlers.current.onSelect(org.orgId)}
          >
            <span class="org-name">{orgName(org)}</span>
            {org.label && <span class="org-id">{org.orgId}</span>}
            <span class="org-state">{stateLabel(org)}</span>
          </button>
          <button
            type="button"
            class="org-edit-button"
            data-testid={`org-edit-${org.orgId}`}
            aria-label={`Edit ${orgName(org)}`}
            aria-expanded={editing === org.orgId}
            ref={(element) => {
              if (element) actions.editButtons.set(org.orgId, element);
              else actions.editButtons.delete(org.orgId);
            }}
            onClick={() =>
              editing === org.orgId ? actions.closeEditor(org.orgId) : actions.openEditor(org.orgId)
            }
          >
            Edit
          </button>
        </div>
        {editing === org.orgId && (
          <OrgEditor
            org={org}
            onLabelled={(orgId, label) => actions.handlers.current.onLabelled(orgId, label)}
            onRemoved={actions.removed}
            onClose={() => actions.closeEditor(org.orgId)}
          />
        )}
      </li>
    ));
  }
}

function AddOrgs({ onAdded }: { onAdded: (added: string[]) => void }) {
  const [text, setText] = useState('');
  const [label, setLabel] = useState('');
  const [result, setResult] = useState<OrgsAdded | null>(null);
  const [failure, setFailure] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (event?: Event) => {
    event?.preventDefault();
    if (text.trim() === '') return;
    setBusy(true);
    setFailure(null);
    try {
      const added = await orgsAdd(text, label.trim() === '' ? null : label.trim());
      setResult(added);
      setText('');
      setLabel('');
      if (added.added.length > 0) onAdded(added.added);
    } catch (raw) {
      setFailure(toUserError(raw));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="org-add" onSubmit={add}>
      <label>
        Add organization IDs{' '}
        <span class="muted">(paste many: one per line or comma-separated)</span>
        <textarea
          data-testid="org-add-input"
          rows={2}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter adds; Shift+Enter starts a new line for typing several IDs.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void add();
            }
          }}
        />
      </label>
      <label>
        Label <span class="muted">(optional)</span>
        <input
          data-testid="org-add-label"
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
      </label>
      <button type="submit" data-testid="org-add-button" disabled={busy || text.trim() === ''}>
        Add
      </button>
      {result && (
        <p class="org-add-result" role="status" data-testid="org-add-result">
          {addedSummary(result)}
        </p>
      )}
      {failure && <ErrorBanner error={failure} onRetry={() => void add()} />}
    </form>
  );
}

function addedSummary(result: OrgsAdded): string {
  const parts = [`Added ${result.added.length}`];
  if (result.alreadySaved.length > 0) parts.push(`${result.alreadySaved.length} already saved`);
  if (result.invalid.length > 0) parts.push(`not valid: ${result.invalid.join(', ')}`);
  return parts.join(' · ');
}
