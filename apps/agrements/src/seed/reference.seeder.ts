import { readFileSync } from 'node:fs';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import { localizedSchema } from '@care/contracts';
import { agrementTypeInputSchema, authorityInputSchema } from '@care/agrements-domain';
import { parseOrThrow } from '@care/kernel';
import { UnitOfWork } from '@care/persistence';
import { ReferenceCommands } from '../authorities/reference.commands.js';
import { AgrementTypeEntity, AuthorityEntity, SuccessionEntity } from '../persistence/entities/agrement.entities.js';

const DATA = new URL('../../data/', import.meta.url);

const authoritiesFileSchema = z.object({
  version: z.string(),
  authorities: z.array(authorityInputSchema),
  successions: z.array(
    z.object({ predecessor: z.string(), successor: z.string(), effectiveOn: z.iso.date(), endsPredecessor: z.boolean(), types: z.array(z.string()).min(1), note: localizedSchema(1_000) }).strict(),
  ),
});
const typesFileSchema = z.object({ version: z.string(), types: z.array(agrementTypeInputSchema).min(1) });

/** The authorities and agrément types of `apps/agrements/data/`, checked. */
export function loadReferenceFiles() {
  const read = (name: string) => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as unknown;
  const authorities = parseOrThrow(authoritiesFileSchema, read('authorities.json'), 'authorities.json');
  const raw = read('agrement-types.json') as { types: Record<string, unknown>[] };
  // The file names the authority of today; a type listed in a succession starts with the predecessor.
  const predecessorOf = new Map(authorities.successions.flatMap((s) => s.types.map((t) => [t, s.predecessor] as const)));
  const types = parseOrThrow(typesFileSchema, { ...raw, types: raw.types.map(({ authority, ...t }) => ({ ...t, authorityId: predecessorOf.get(String(t['id'])) ?? authority })) }, 'agrement-types.json');
  return { authorities: authorities.authorities, successions: authorities.successions, types: types.types };
}

/**
 * Brings a database up to the reference files: missing authorities, types and successions are
 * created through the same commands as staff changes (so with history and events). Existing ones
 * are never overwritten: after the first load the database is authoritative.
 */
export async function seedReferenceData(uow: UnitOfWork, commands: ReferenceCommands, log: (line: string) => void): Promise<void> {
  const files = loadReferenceFiles();
  const em = uow.read();
  const authorities = new Set((await em.find(AuthorityEntity, {})).map((a) => a.id));
  const types = new Set((await em.find(AgrementTypeEntity, {})).map((t) => t.id));
  const successions = new Set((await em.find(SuccessionEntity, {})).map((s) => `${s.predecessorId}>${s.successorId}@${s.effectiveOn}`));
  let created = 0;
  for (const authority of files.authorities.filter((a) => !authorities.has(a.id))) {
    // An authority that ended by succession is created open; the succession below ends it.
    await commands.createAuthority({ ...authority, validTo: files.successions.some((s) => s.predecessor === authority.id && s.endsPredecessor) ? null : authority.validTo });
    created++;
  }
  for (const type of files.types.filter((t) => !types.has(t.id))) {
    await commands.createType(type);
    created++;
  }
  for (const s of files.successions.filter((s) => !successions.has(`${s.predecessor}>${s.successor}@${s.effectiveOn}`))) {
    await commands.succeed(s.predecessor, { successorId: s.successor, effectiveOn: s.effectiveOn, typeIds: s.types, endsPredecessor: s.endsPredecessor, note: s.note }, 'reference-data');
    created++;
  }
  if (created) log(`reference data: ${created} authorities, types and successions created`);
}

/** Seeds on every start of the service (a no-op once done). */
@Injectable()
export class ReferenceSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReferenceSeeder');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: ReferenceCommands,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return seedReferenceData(this.uow, this.commands, (line) => this.logger.log(line));
  }
}
