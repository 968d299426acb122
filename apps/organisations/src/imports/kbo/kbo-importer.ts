import { ConflictError } from '@care/kernel';
import { ImportRecorder, type ImportRun } from '@care/imports';
import type { Outbox } from '@care/messaging';
import type { UnitOfWork } from '@care/persistence';
import { readKboMeta, type KboMeta } from './kbo-meta.js';
import { KboMirrorLoader } from './kbo-mirror.loader.js';
import { KboOrganisationSync } from './kbo-organisations.sync.js';

export interface KboImportSettings {
  databaseUrl: string;
  nacePrefixes: readonly string[];
  postcodes: { from: number; to: number };
}

/** A refused extract: out of sequence (gap, replay, older than what was applied). */
export class ExtractSequenceError extends ConflictError {}

/**
 * Imports one KBO/BCE open-data extract folder (full or daily update): checks the extract
 * number against what was applied, loads the mirror (phase 1, one transaction), then brings the
 * organisations in line (phase 2, in batches with their events). Both phases are idempotent, so
 * a failed run can simply be run again. The run is recorded with its counts and rejected rows.
 */
export class KboImporter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly settings: KboImportSettings,
  ) {}

  async import(dir: string, actor: string): Promise<ImportRun> {
    let meta: KboMeta;
    try {
      meta = await readKboMeta(dir);
    } catch (error) {
      const recorder = await ImportRecorder.start(this.uow.read(), { kind: 'kbo', actor, source: dir });
      return recorder.finish('failed', (error as Error).message);
    }
    const recorder = await ImportRecorder.start(this.uow.read(), { kind: `kbo-${meta.type}`, actor, source: dir, extractNumber: meta.number });
    const refusal = await this.sequenceProblem(meta);
    if (refusal) {
      await recorder.finish('refused', refusal.localized.fr);
      throw refusal;
    }
    try {
      const known = new Set((await this.uow.read().execute<{ n: string }[]>('select unnest(enterprise_numbers) as n from organisation')).map((r) => r.n));
      const mirrorStarted = Date.now();
      const changes = await new KboMirrorLoader(this.settings.databaseUrl, recorder).load(dir, meta.type, { nacePrefixes: this.settings.nacePrefixes, known });
      recorder.count('mirrorSeconds', Math.round((Date.now() - mirrorStarted) / 1000));
      const syncStarted = Date.now();
      await new KboOrganisationSync(this.settings.databaseUrl, this.uow, this.outbox, recorder).run({
        scope: meta.type === 'full' ? 'full' : { touched: changes.touchedEnterprises },
        nacePrefixes: this.settings.nacePrefixes,
        postcodes: this.settings.postcodes,
        reference: `KBO extract ${meta.number} (${meta.type}${meta.snapshotDate ? `, ${meta.snapshotDate}` : ''})`,
      });
      recorder.count('syncSeconds', Math.round((Date.now() - syncStarted) / 1000));
      return await recorder.finish('succeeded');
    } catch (error) {
      return recorder.finish('failed', (error as Error).message);
    }
  }

  /**
   * Updates must follow the last applied extract exactly; a full extract may be re-run (it is
   * idempotent) but never be older than what was applied.
   */
  private async sequenceProblem(meta: KboMeta): Promise<ExtractSequenceError | null> {
    const [last] = await this.uow
      .read()
      .execute<{ n: number | null }[]>(`select max(extract_number) as n from import_run where kind like 'kbo-%' and status = 'succeeded'`);
    const applied = last?.n ?? null;
    if (meta.type === 'full') {
      if (applied !== null && meta.number < applied) {
        return new ExtractSequenceError('kbo.extract_too_old', {
          fr: `L’extrait complet n° ${meta.number} est plus ancien que le dernier extrait appliqué (n° ${applied}) : refusé`,
          nl: `Het volledige uittreksel nr. ${meta.number} is ouder dan het laatst toegepaste uittreksel (nr. ${applied}): geweigerd`,
        });
      }
      return null;
    }
    if (applied === null) {
      return new ExtractSequenceError('kbo.full_extract_first', {
        fr: `Aucun extrait complet n’a encore été importé : importez un extrait complet avant la mise à jour n° ${meta.number}`,
        nl: `Er werd nog geen volledig uittreksel ingelezen: lees een volledig uittreksel in vóór bijwerking nr. ${meta.number}`,
      });
    }
    if (meta.number <= applied) {
      return new ExtractSequenceError('kbo.extract_replayed', {
        fr: `La mise à jour n° ${meta.number} a déjà été appliquée (dernier extrait : n° ${applied}) : refusée`,
        nl: `Bijwerking nr. ${meta.number} werd al toegepast (laatste uittreksel: nr. ${applied}): geweigerd`,
      });
    }
    if (meta.number > applied + 1) {
      return new ExtractSequenceError('kbo.extract_gap', {
        fr: `La mise à jour n° ${meta.number} saute ${meta.number - applied - 1 === 1 ? `l’extrait n° ${applied + 1}` : `les extraits n° ${applied + 1} à ${meta.number - 1}`} : importez-les d’abord`,
        nl: `Bijwerking nr. ${meta.number} slaat ${meta.number - applied - 1 === 1 ? `uittreksel nr. ${applied + 1}` : `de uittreksels nr. ${applied + 1} tot ${meta.number - 1}`} over: lees die eerst in`,
      });
    }
    return null;
  }
}

