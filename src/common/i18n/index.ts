import { en } from './en';
import { MessageKey, vi } from './vi';
import { vietnamWallClock } from '../vietnam-time';

export type Locale = 'vi' | 'en';
export type { MessageKey };
export const LOCALES: Locale[] = ['vi', 'en'];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** `key` is a MessageKey, or a key built at run time (`risk.${level}`); an unknown one shows itself. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A translator for a locale; an unknown key shows itself so a gap is visible, never an empty label. */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale] ?? vi;
  return (key, params) => {
    let text = (catalogue as Record<string, string>)[key] ?? (vi as Record<string, string>)[key] ?? key;
    for (const [k, v] of Object.entries(params ?? {})) text = text.replace(new RegExp(`\\{${k}\\}`, 'g'), String(v));
    return text;
  };
}

/** Whether a locale's own catalogue has a key (no fallback to the other language). */
export function catalogueHas(locale: Locale, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(CATALOGUES[locale] ?? {}, key);
}

/** Dates as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = vietnamWallClock(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
