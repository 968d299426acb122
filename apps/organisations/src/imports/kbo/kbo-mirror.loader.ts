import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { readCsv, type ImportRecorder } from '@care/imports';
import { CopyWriter } from '@care/persistence';
import { checkEnterpriseNumber } from '@care/organisations-domain';
import { kboDate, KBO_TABLES, type KboTable } from './kbo-files.js';

export interface MirrorOptions {
  /** NACE-BEL code prefixes of the social and health activities kept (e.g. 86, 87, 88). */
  nacePrefixes: readonly string[];
  /** Enterprise numbers of organisations the directory knows: all their activities are kept. */
  known: ReadonlySet<string>;
}

/** What an update extract touched: the enterprises whose organisation must be recomputed. */
export interface MirrorChanges {
  touchedEnterprises: Set<string>;
}

const ENTITY = /^[0-9]\.?\d{3}\.?\d{3}\.?\d{3}$/;

/**
 * Secondary indexes of the mirror (as declared in kbo-mirror.entities.ts and migrated): a full
 * load drops them, COPYs, and builds them again — much faster than maintaining them row by row.
 */
const MIRROR_INDEXES = [
  'create index "kbo_denomination_entity_index" on "kbo_denomination" ("entity_number")',
  'create index "kbo_address_entity_index" on "kbo_address" ("entity_number")',
  'create index "kbo_activity_entity_index" on "kbo_activity" ("entity_number")',
  'create index "kbo_establishment_enterprise_index" on "kbo_establishment" ("enterprise_number")',
];

/** KBO entity numbers: enterprises `0XXX.XXX.XXX`/`1XXX…`, establishment units `2.XXX.XXX.XXX`…`8.…`. */
function entityNumber(value: string): string | null {
  const digits = value.replace(/\./g, '');
  if (!ENTITY.test(value) || digits.length !== 10) return null;
  if (97 - (Number(digits.slice(0, 8)) % 97) !== Number(digits.slice(8))) return null;
  return /^[01]/.test(digits) ? `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : `${digits[0]}.${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

/**
 * Loads a KBO extract into the mirror tables inside one transaction on its own connection:
 * a full extract replaces them (TRUNCATE + COPY), an update removes the rows of every entity of
 * each `<table>_delete.csv` then COPYs `<table>_insert.csv` (idempotent: re-running it gives the
 * same mirror). Every row is checked on the way (numbers, dates, codes, column count, encoding);
 * a bad row is reported with its file and line and skipped.
 */
export class KboMirrorLoader {
  private codes = new Map<string, Set<string>>();

  constructor(
    private readonly databaseUrl: string,
    private readonly recorder: ImportRecorder,
  ) {}

  async load(dir: string, type: 'full' | 'update', options: MirrorOptions): Promise<MirrorChanges> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    const changes: MirrorChanges = { touchedEnterprises: new Set() };
    try {
      await client.query('begin');
      if (type === 'full') for (const ddl of MIRROR_INDEXES) await client.query(`drop index if exists ${/"(\w+)"/.exec(ddl)![1]}`);
      for (const table of KBO_TABLES) {
        if (type === 'full') {
          const file = path.join(dir, `${table.name}.csv`);
          if (!existsSync(file)) throw new Error(`${table.name}.csv is missing from the full extract`);
          await client.query(`truncate ${table.mirror}`);
          await this.copy(client, table, file, options, changes, type);
        } else {
          const deletes = path.join(dir, `${table.name}_delete.csv`);
          const inserts = path.join(dir, `${table.name}_insert.csv`);
          if (existsSync(deletes)) await this.delete(client, table, deletes, changes);
          if (existsSync(inserts)) {
            // Idempotence: an insert replaces what the mirror already has for that entity.
            await this.delete(client, table, inserts, changes, true);
            await this.copy(client, table, inserts, options, changes, type);
          }
        }
        if (table.name === 'code') await this.loadCodes(client);
      }
      if (type === 'full') {
        for (const ddl of MIRROR_INDEXES) await client.query(ddl);
        for (const table of KBO_TABLES) await client.query(`analyze ${table.mirror}`);
      }
      await client.query('commit');
      return changes;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  }

  private async loadCodes(client: pg.Client): Promise<void> {
    const { rows } = await client.query<{ category: string; code: string }>('select distinct category, code from kbo_code');
    this.codes = new Map();
    for (const r of rows) this.codes.set(r.category, (this.codes.get(r.category) ?? new Set()).add(r.code));
  }

  /** A code must exist in code.csv when that category is published there. */
  private knownCode(category: string, code: string): boolean {
    const set = this.codes.get(category);
    return !set || code === '' || set.has(code);
  }

  private async delete(client: pg.Client, table: KboTable, file: string, changes: MirrorChanges, fromInsertFile = false): Promise<void> {
    const header = fromInsertFile ? table.header : [table.key];
    const keys: string[] = [];
    for await (const item of readCsv(file, header)) {
      if (!item.ok) {
        if (!fromInsertFile) await this.recorder.reject(path.basename(file), item.line, item.reason, item.raw);
        continue;
      }
      if (!fromInsertFile) this.recorder.count('read');
      const key = table.name === 'code' ? item.fields[0]! : entityNumber(item.fields[0]!);
      if (!key) {
        if (!fromInsertFile) await this.recorder.reject(path.basename(file), item.line, `invalid entity number ${item.fields[0]}`, item.fields.join(','));
        continue;
      }
      keys.push(key);
      if (keys.length >= 5_000) await this.deleteKeys(client, table, keys.splice(0), changes);
    }
    await this.deleteKeys(client, table, keys, changes);
  }

  private async deleteKeys(client: pg.Client, table: KboTable, keys: string[], changes: MirrorChanges): Promise<void> {
    if (keys.length === 0) return;
    const column = table.columns[0]!;
    if (table.name === 'code') {
      await client.query(`delete from kbo_code where category = any($1)`, [keys]);
      return;
    }
    // Establishment rows point at their enterprise: that enterprise is touched too.
    const returning = table.name === 'establishment' ? ' returning enterprise_number as e' : '';
    const { rows } = await client.query<{ e: string }>(`delete from ${table.mirror} where ${column} = any($1)${returning}`, [keys]);
    for (const key of keys) if (/^[01]/.test(key)) changes.touchedEnterprises.add(key);
    for (const row of rows) changes.touchedEnterprises.add(row.e);
  }

  private async copy(client: pg.Client, table: KboTable, file: string, options: MirrorOptions, changes: MirrorChanges, type: 'full' | 'update'): Promise<void> {
    const writer = CopyWriter.open(client, table.mirror, table.columns);
    const name = path.basename(file);
    for await (const item of readCsv(file, table.header)) {
      if (!item.ok) {
        await this.recorder.reject(name, item.line, item.reason, item.raw);
        continue;
      }
      this.recorder.count('read');
      const checked = this.check(table, item.fields, options);
      if (typeof checked === 'string') {
        await this.recorder.reject(name, item.line, checked, item.fields.join(','));
        continue;
      }
      if (checked === null) continue; // kept out on purpose (activity outside the filter)
      // A full extract recomputes everything: only updates need the list of touched enterprises.
      if (type === 'update' && table.name !== 'code') {
        const enterprise = table.name === 'establishment' ? checked[2]! : checked[0]!;
        if (/^[01]/.test(String(enterprise))) changes.touchedEnterprises.add(String(enterprise));
      }
      await writer.row(checked);
    }
    await writer.end();
  }

  /** The row to store, `null` to skip it silently, or the reason it is refused. */
  private check(table: KboTable, f: string[], options: MirrorOptions): (string | null)[] | null | string {
    switch (table.name) {
      case 'code':
        return f[0] && f[1] ? f : 'empty category or code';
      case 'enterprise': {
        const number = checkEnterpriseNumber(f[0]!);
        if (!number.ok) return `invalid enterprise number ${f[0]}`;
        const start = kboDate(f[6]!);
        if (start === 'invalid') return `invalid StartDate ${f[6]}`;
        for (const [category, value] of [['Status', f[1]!], ['JuridicalSituation', f[2]!], ['TypeOfEnterprise', f[3]!], ['JuridicalForm', f[4]!]] as const) {
          if (!this.knownCode(category, value)) return `unknown ${category} code ${value}`;
        }
        return [number.value, f[1]!, f[2] || null, f[3] || null, f[4] || null, f[5] || null, start];
      }
      case 'establishment': {
        const establishment = entityNumber(f[0]!);
        const enterprise = checkEnterpriseNumber(f[2]!);
        if (!establishment || /^[01]/.test(establishment.replace(/\./g, ''))) return `invalid establishment number ${f[0]}`;
        if (!enterprise.ok) return `invalid enterprise number ${f[2]}`;
        const start = kboDate(f[1]!);
        if (start === 'invalid') return `invalid StartDate ${f[1]}`;
        return [establishment, start, enterprise.value];
      }
      case 'denomination': {
        const entity = entityNumber(f[0]!);
        if (!entity) return `invalid entity number ${f[0]}`;
        if (!['0', '1', '2', '3', '4'].includes(f[1]!)) return `unknown Language code ${f[1]}`;
        if (!this.knownCode('TypeOfDenomination', f[2]!)) return `unknown TypeOfDenomination code ${f[2]}`;
        if (!f[3]!.trim()) return 'empty Denomination';
        return [entity, f[1]!, f[2]!, f[3]!.trim()];
      }
      case 'address': {
        const entity = entityNumber(f[0]!);
        if (!entity) return `invalid entity number ${f[0]}`;
        if (!this.knownCode('TypeOfAddress', f[1]!)) return `unknown TypeOfAddress code ${f[1]}`;
        const struck = kboDate(f[12]!);
        if (struck === 'invalid') return `invalid DateStrikingOff ${f[12]}`;
        return [entity, ...f.slice(1, 12).map((v) => v.trim() || null), struck];
      }
      case 'activity': {
        const entity = entityNumber(f[0]!);
        if (!entity) return `invalid entity number ${f[0]}`;
        if (!/^\d{2,7}$/.test(f[3]!)) return `invalid NaceCode ${f[3]}`;
        if (!this.knownCode('Classification', f[4]!)) return `unknown Classification code ${f[4]}`;
        const relevant = options.nacePrefixes.some((prefix) => f[3]!.startsWith(prefix)) || options.known.has(entity);
        return relevant ? [entity, f[1]!, f[2]!, f[3]!, f[4]!] : null;
      }
    }
  }
}
