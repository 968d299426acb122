import { EventConsumer } from '@care/messaging';
import { Outbox } from '@care/messaging';
import { openServiceOrm, UnitOfWork } from '@care/persistence';
import { catchUp, drainOutbox, eventBusFromEnv } from '@care/service-kit';
import { ReferenceCommands } from './authorities/reference.commands.js';
import { AvailabilityCommands } from './availability/availability.commands.js';
import { generateDemoAvailability, generateDemoHoldings } from './demo/demo-holdings.generator.js';
import { HOLDERS_GROUP, registerHolderProjection } from './holders/holder.projection.js';
import { AgrementQueries } from './holdings/agrement.queries.js';
import { brusselsToday, HoldingCommands } from './holdings/holding.commands.js';
import { AGREMENTS_DATABASE } from './persistence/agrements.database.js';
import { HolderEntity, HoldingEntity } from './persistence/entities/agrement.entities.js';
import { seedReferenceData } from './seed/reference.seeder.js';

/**
 * `node dist/demo.cli.js` on DATABASE_URL (a migrated agrements database) and the event bus of
 * EVENT_BUS_DATABASE_URL: seeds authorities and types, learns the published sites from the
 * organisations events (the service's own holder projection, caught up), then registers about
 * 2,640 demo holdings through the commands and runs the expiry job once. Once. Run by `npm start`
 * after the organisations loader has published its events.
 */
const url = process.env['DATABASE_URL'];
const transport = eventBusFromEnv('agrements-loader');
if (!url || !transport) {
  process.stderr.write('DATABASE_URL and EVENT_BUS_DATABASE_URL: required (the agrements database and the event bus)\n');
  process.exit(78);
}
const log = (line: string) => process.stdout.write(`agrements: ${line}\n`);
const orm = await openServiceOrm({ service: 'agrements', databaseUrl: url, entities: AGREMENTS_DATABASE.entities, migrationsDir: AGREMENTS_DATABASE.migrationsDir });
try {
  const uow = new UnitOfWork(orm.em);
  const outbox = new Outbox('agrements');
  const t0 = Date.now();
  const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
  await seedReferenceData(uow, new ReferenceCommands(uow, outbox), log);
  log(`reference data checked in ${seconds(t0)}`);
  if (await uow.read().count(HoldingEntity, {})) log('demo data already present');
  else {
    const consumer = new EventConsumer({ group: HOLDERS_GROUP, orm, transport, maxBatch: 1_000 });
    registerHolderProjection(consumer);
    const t1 = Date.now();
    await catchUp(consumer, transport);
    log(`holders caught up from the event bus in ${seconds(t1)}`);
    const t2 = Date.now();
    const sites = (await uow.read().find(HolderEntity, { kind: 'site', published: true })).map((h) => ({ id: h.id, categoryIds: h.categoryIds }));
    if (sites.length === 0) throw new Error('no published site on the event bus: load the organisations demo first');
    const today = brusselsToday();
    const types = (await new AgrementQueries(uow).types({ validAt: today })).items;
    const demo = generateDemoHoldings(types, sites, today);
    const commands = new HoldingCommands(uow, outbox);
    const registered = [];
    for (let i = 0; i < demo.holdings.length; i += 500) registered.push(...(await commands.registerMany(demo.holdings.slice(i, i + 500), 'demo')));
    for (const change of demo.later) {
      const holding = registered[change.index]!;
      await commands.changeStatus(holding.id, holding.version, { status: change.status, effectiveOn: change.effectiveOn, reason: change.reason }, 'demo');
    }
    const expired = await commands.expireDue(today, 'demo');
    log(`demo data: ${registered.length} holdings of ${new Set(demo.holdings.map((h) => h.typeId)).size} types on ${sites.length} published sites (${demo.later.length} suspended or withdrawn, ${expired} expired) in ${seconds(t2)}`);
    const current = await uow.read().find(HoldingEntity, { id: { $in: registered.map((h) => h.id) } });
    const availability = new AvailabilityCommands(uow, outbox);
    const reports = generateDemoAvailability(current, new Date());
    for (let i = 0; i < reports.length; i += 500) await availability.reportMany(reports.slice(i, i + 500), { kind: 'staff', id: 'demo', organisationId: null });
    log(`demo data: ${reports.length} availability figures on ${new Set(reports.map((r) => r.holdingId)).size} holdings`);
  }
} finally {
  await orm.close();
  await transport.close();
}
// The search loader runs next and indexes what is on the bus: holdings and availability must be there.
const published = await drainOutbox('agrements', url);
if (published) log(`${published} events published to the event bus`);
