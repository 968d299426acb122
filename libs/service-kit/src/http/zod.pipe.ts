import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseOrThrow } from '@care/kernel';

/**
 * Validates a body, query or param with a zod schema from the contracts; a failure becomes a 400
 * listing every field path with FR/NL messages (see ErrorFilter).
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly prefix = '',
  ) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value, this.prefix);
  }
}

export const validate = <S extends z.ZodType>(schema: S, prefix = '') => new ZodPipe(schema, prefix);
