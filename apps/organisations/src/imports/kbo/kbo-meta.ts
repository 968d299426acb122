import { existsSync } from 'node:fs';
import path from 'node:path';
import { readCsv } from '@care/imports';
import { META_HEADER } from './kbo-files.js';

export interface KboMeta {
  type: 'full' | 'update';
  number: number;
  snapshotDate: string | null;
}

/** Reads `meta.csv` (Variable,Value): the extract type and its sequence number. */
export async function readKboMeta(dir: string): Promise<KboMeta> {
  const file = path.join(dir, 'meta.csv');
  if (!existsSync(file)) throw new Error(`meta.csv is missing in ${dir}`);
  const values = new Map<string, string>();
  for await (const item of readCsv(file, META_HEADER)) if (item.ok) values.set(item.fields[0]!, item.fields[1]!);
  const type = values.get('ExtractType')?.toLowerCase();
  const number = Number(values.get('ExtractNumber'));
  if (type !== 'full' && type !== 'update') throw new Error(`meta.csv: ExtractType must be full or update, not ${JSON.stringify(values.get('ExtractType'))}`);
  if (!Number.isInteger(number) || number < 1) throw new Error(`meta.csv: ExtractNumber must be a positive integer, not ${JSON.stringify(values.get('ExtractNumber'))}`);
  return { type, number, snapshotDate: values.get('SnapshotDate') ?? null };
}
