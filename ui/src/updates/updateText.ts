/**
 * What the About dialog says about updates: one sentence per status, in the words the
 * real-window tests read, and which actions each status offers.
 */
import { formatInstant, type DateOptions } from '../format/dates';
import { effectiveLocale } from '../format/locale';
import type { UpdateStatus } from '../types';

/** Bytes as KB below a megabyte, else as MB with one decimal. */
export function formatBytes(bytes: number, locale: string = effectiveLocale()): string {
  const number = (value: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return bytes < 1024 * 1024
    ? `${number(Math.round(bytes / 1024))} KB`
    : `${number(bytes / (1024 * 1024))} MB`;
}

/** How far a download is: a whole percentage when the size is known, else the bytes so far. */
export function downloadShare(received: number, total: number | null, locale?: string): string {
  if (!total) return formatBytes(received, locale);
  return `${Math.min(100, Math.floor((received * 100) / total))}%`;
}

/** The sentence for `status`; times in the user's time zone (`options` fixes them in tests). */
export function updateSentence(status: UpdateStatus, options: DateOptions = {}): string {
  switch (status.state) {
    case 'notConfigured':
      return 'Updates are not part of this build: install new versions with your package manager.';
    case 'off':
      // The reason is a clause; a full stop of its own would double the sentence's.
      return `Update checks are off: ${status.reason.replace(/\.+$/, '')}.`;
    case 'notChecked':
      return `Not checked yet (${status.server}).`;
    case 'checking':
      return `Checking ${status.server} for updates…`;
    case 'upToDate': {
      const at = formatInstant(status.checked, { ...options, withTime: true }) ?? status.checked;
      return `Billing Desk is up to date (checked ${status.server} at ${at}).`;
    }
    case 'available':
      return `Version ${status.version} is available.`;
    case 'downloading':
      return `Downloading version ${status.version}… ${downloadShare(status.received, status.total, options.locale)}`;
    case 'verified':
      return status.installable
        ? `Version ${status.version} is downloaded and its signature verified.`
        : `Version ${status.version} is downloaded and its signature verified. This copy was not installed from a package: install it with your package manager.`;
    case 'failed':
      // Rust writes a whole sentence for the user.
      return status.message;
  }
}

/** Whether About offers "Check for updates": not when updates are not part of the build or are off. */
export function offersCheck(status: UpdateStatus): boolean {
  return status.state !== 'notConfigured' && status.state !== 'off';
}

/** A check or a download is under way: About's update buttons wait for it. */
export function updateBusy(status: UpdateStatus): boolean {
  return status.state === 'checking' || status.state === 'downloading';
}

/** The version the header offers (a newer one found or downloaded), else `null`. */
export function offeredVersion(status: UpdateStatus | null): string | null {
  return status?.state === 'available' || status?.state === 'verified' ? status.version : null;
}
