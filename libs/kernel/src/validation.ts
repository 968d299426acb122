import { z } from 'zod';
import fr from 'zod/v4/locales/fr.js';
import nl from 'zod/v4/locales/nl.js';
import { ValidationError, type FieldIssue } from './domain-error.js';
import type { Localized } from './localized.js';

const frMap = fr().localeError;
const nlMap = nl().localeError;

/**
 * Messages of the platform's own rules, raised with `ctx.addIssue({ code: 'custom', params: { i18n } })`
 * or with `issue(...)`. Registered by each domain next to the rule.
 */
const catalogue = new Map<string, Localized>();

export function registerMessages(messages: Record<string, Localized>): void {
  for (const [code, text] of Object.entries(messages)) catalogue.set(code, text);
}

/**
 * A custom issue for `ctx.addIssue(...)` in a `superRefine`; its FR/NL message comes from the
 * catalogue (no `message` is set, so the per-parse error map below renders it).
 */
export function issue(code: string, path: PropertyKey[] = []): { code: 'custom'; params: { i18n: string }; path: PropertyKey[]; input: unknown } {
  return { code: 'custom', params: { i18n: code }, path, input: undefined };
}

function i18nCode(raw: z.core.$ZodRawIssue): string | undefined {
  const params = (raw as { params?: { i18n?: string } }).params;
  return params?.i18n;
}

function localizedMap(map: z.core.$ZodErrorMap, lang: keyof Localized): z.core.$ZodErrorMap {
  return (raw) => {
    const code = i18nCode(raw);
    if (code) return catalogue.get(code)?.[lang] ?? code;
    return map(raw);
  };
}

const frError = localizedMap(frMap, 'fr');
const nlError = localizedMap(nlMap, 'nl');

function pathOf(path: PropertyKey[], prefix: string): string {
  const parts = path.map((p) => String(p));
  return [prefix, ...parts].filter(Boolean).join('.');
}

/**
 * Parses `input` with `schema`; on failure throws a ValidationError listing every issue with its
 * path and an FR and NL message. Zod's own messages come from its fr and nl locales; the
 * platform's rules from the catalogue.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input, { error: frError });
  if (result.success) return result.data;
  const dutch = schema.safeParse(input, { error: nlError });
  const nlIssues = dutch.success ? [] : dutch.error.issues;
  const issues: FieldIssue[] = result.error.issues.flatMap((frIssue, index) => {
    const message = { fr: frIssue.message, nl: nlIssues[index]?.message ?? frIssue.message };
    // A field that may not be written (strict schema: workflow state, ids…) is named, one issue per field.
    if (frIssue.code === 'unrecognized_keys') return frIssue.keys.map((key) => ({ path: pathOf([...frIssue.path, key], prefix), code: frIssue.code, message }));
    return [{ path: pathOf(frIssue.path, prefix), code: (frIssue.code === 'custom' && (frIssue.params as { i18n?: string } | undefined)?.i18n) || frIssue.code, message }];
  });
  throw new ValidationError(issues);
}

/** FR/NL message of a catalogue code (the code itself if it was never registered). */
export function messageOf(code: string): Localized {
  return catalogue.get(code) ?? { fr: code, nl: code };
}

/** A field issue found outside zod (against reference data, the database, a geocoder). */
export function fieldIssue(code: string, path: string): FieldIssue {
  return { path, code, message: messageOf(code) };
}
