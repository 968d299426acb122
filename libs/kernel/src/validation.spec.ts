import { z } from 'zod';
import { ValidationError } from './domain-error.js';
import { issue, parseOrThrow, registerMessages } from './validation.js';

registerMessages({
  'test.even': { fr: 'Le nombre doit être pair', nl: 'Het getal moet even zijn' },
});

const schema = z.object({
  name: z.object({ fr: z.string().min(1), nl: z.string().min(1) }),
  count: z.number().superRefine((value, ctx) => {
    if (value % 2) ctx.addIssue(issue('test.even'));
  }),
});

function failure(input: unknown): ValidationError {
  try {
    parseOrThrow(schema, input, 'body');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseOrThrow', () => {
  it('returns the parsed value when valid', () => {
    expect(parseOrThrow(schema, { name: { fr: 'a', nl: 'b' }, count: 2 })).toEqual({ name: { fr: 'a', nl: 'b' }, count: 2 });
  });

  it('lists every issue with its path and an FR and NL message', () => {
    const error = failure({ name: { fr: 'Hôpital' }, count: 3 });
    expect(error.issues.map((i) => i.path)).toEqual(['body.name.nl', 'body.count']);
    const [missing, odd] = error.issues;
    expect(missing!.code).toBe('invalid_type');
    expect(missing!.message.fr).toMatch(/attendu/i);
    expect(missing!.message.nl).toMatch(/verwacht/i);
    expect(odd).toEqual({ path: 'body.count', code: 'test.even', message: { fr: 'Le nombre doit être pair', nl: 'Het getal moet even zijn' } });
  });
});

describe('parseOrThrow on strict schemas', () => {
  it('names each field that may not be written, one issue per field', () => {
    const strict = z.object({ name: z.string(), nested: z.object({ a: z.number() }).strict() }).strict();
    try {
      parseOrThrow(strict, { name: 'x', state: 'published', nested: { a: 1, version: 2 } });
      throw new Error('should have failed');
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => [i.path, i.code])).toEqual([
        ['nested.version', 'unrecognized_keys'],
        ['state', 'unrecognized_keys'],
      ]);
    }
  });
});
