/**
 * Puts text on the clipboard that is not known yet when the user clicks.
 *
 * WebKit (the app's web view on Linux and macOS) lets a page write the clipboard only while it
 * handles the click; an IPC round trip ends that, and a later `writeText` is refused with
 * NotAllowedError. So the clipboard is handed a promise of the text during the click: call this
 * synchronously from the click handler, before any `await`. Browsers without `ClipboardItem`
 * fall back to writing the text once it arrives.
 */
export function copyWhenReady(text: Promise<string>): Promise<void> {
  const clipboard = navigator.clipboard;
  if (typeof ClipboardItem === 'function' && typeof clipboard?.write === 'function') {
    const blob = text.then((value) => new Blob([value], { type: 'text/plain' }));
    // The caller handles a failed `text`; when the clipboard refuses before it reads the blob,
    // nothing else would, and the rejection would surface as an unhandled one.
    blob.catch(() => undefined);
    return clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
  }
  return text.then((value) => clipboard.writeText(value));
}
