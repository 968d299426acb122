import type { AvailabilityReportInput, HoldingInput } from '@care/agrements-domain';
import type { CapacityGroup, PublicAgrementType } from '@care/contracts';
import { seededRandom } from '@care/geo';
import { addDays } from '@care/opening-hours';

/** Holdings per authority in 2019 (BRIEF §4: sites per authority; Kind en Gezin's went to Opgroeien). */
export const HOLDINGS_PER_AUTHORITY: Record<string, number> = {
  federal: 8,
  'brussels-region': 232,
  slrb: 63,
  fwb: 177,
  one: 596,
  cocof: 546,
  phare: 88,
  cocom: 203,
  'vlaamse-gemeenschap': 193,
  vaph: 49,
  vdab: 1,
  opgroeien: 240,
  vgc: 45,
  iriscare: 201,
};

const CAPACITY: Record<string, [number, number]> = { beds: [40, 180], places: [12, 90], 'housing-units': [20, 400] };

/** Age groups of the places that have them: early childhood, and children and youth in residence. */
const GROUPS: Array<{ match: RegExp; groups: Array<Omit<CapacityGroup, 'places'>> }> = [
  {
    match: /creche|pregardiennat|maison-communale-accueil-enfance|petite-enfance|groepsopvang-baby/,
    groups: [
      { code: 'bebes', name: { fr: 'Bébés (0–1 an)', nl: 'Baby’s (0–1 jaar)' }, ageMin: 0, ageMax: 1 },
      { code: 'bambins', name: { fr: 'Bambins (2–3 ans)', nl: 'Peuters (2–3 jaar)' }, ageMin: 2, ageMax: 3 },
    ],
  },
  {
    match: /residentiel|hebergement-enfants|jeugdzorg-verblijf|minderjarigen|kinderzorg|protection-jeunesse|jeugdbescherming/,
    groups: [
      { code: 'enfants', name: { fr: 'Enfants (3–6 ans)', nl: 'Kinderen (3–6 jaar)' }, ageMin: 3, ageMax: 6 },
      { code: 'moyens', name: { fr: 'Enfants (7–12 ans)', nl: 'Kinderen (7–12 jaar)' }, ageMin: 7, ageMax: 12 },
      { code: 'adolescents', name: { fr: 'Adolescents (13–17 ans)', nl: 'Jongeren (13–17 jaar)' }, ageMin: 13, ageMax: 17 },
    ],
  },
];

/** The capacity of a demo holding, split into the type's age groups when it has them. */
function capacityOf(type: PublicAgrementType, value: number): HoldingInput['capacity'] {
  const template = type.capacityUnit === 'places' ? GROUPS.find((g) => g.match.test(type.id)) : undefined;
  if (!template || value < template.groups.length) return { value, unit: type.capacityUnit! };
  const share = Math.floor(value / template.groups.length);
  const groups = template.groups.map((g, i) => ({ ...g, places: i === template.groups.length - 1 ? value - share * (template.groups.length - 1) : share }));
  return { value, unit: type.capacityUnit!, groups };
}

/**
 * Current availability for about 40 % of the active holdings with a capacity: free places per age
 * group where there are groups, per holding otherwise, some full; valid 1 to 7 days.
 */
export function generateDemoAvailability(holdings: ReadonlyArray<{ id: string; status: string; capacity: HoldingInput['capacity'] }>, now: Date, seed = 13): AvailabilityReportInput[] {
  const rnd = seededRandom(seed);
  const reports: AvailabilityReportInput[] = [];
  const expiresAt = () => new Date(now.getTime() + (1 + Math.floor(rnd() * 7)) * 86_400_000).toISOString();
  for (const holding of holdings) {
    if (holding.status !== 'active' || !holding.capacity || rnd() > 0.4) continue;
    const figure = (places: number) => {
      const free = rnd() < 0.25 ? 0 : Math.min(places, 1 + Math.floor(rnd() * Math.max(1, places / 6)));
      return { status: free === 0 ? ('full' as const) : ('open' as const), freePlaces: free, expiresAt: expiresAt(), note: null };
    };
    if (holding.capacity.groups) for (const g of holding.capacity.groups) reports.push({ holdingId: holding.id, groupCode: g.code, ...figure(g.places) });
    else reports.push({ holdingId: holding.id, ...figure(holding.capacity.value) });
  }
  return reports;
}

export interface DemoHolder {
  id: string;
  categoryIds: number[];
}

export interface DemoHoldings {
  holdings: HoldingInput[];
  /** Indexes in `holdings` of the ones suspended or withdrawn after registration, with the date. */
  later: { index: number; status: 'suspended' | 'withdrawn'; effectiveOn: string; reason: string }[];
}

/**
 * About 2,640 holdings over the types of each authority, held by published demo sites (those
 * whose categories match the type's first, then any): validity from the type's start, some
 * ended (the expiry job then expires them), some renewable, a few pending, suspended or
 * withdrawn; capacities for the types that have a unit. Same seed, same holdings.
 */
export function generateDemoHoldings(types: readonly PublicAgrementType[], sites: readonly DemoHolder[], today: string, seed = 4): DemoHoldings {
  const rnd = seededRandom(seed);
  const between = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const dateBetween = (from: string, to: string) => {
    const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
    return addDays(from, between(0, span));
  };
  const holdings: HoldingInput[] = [];
  const later: DemoHoldings['later'] = [];
  const held = new Set<string>();
  for (const [authority, count] of Object.entries(HOLDINGS_PER_AUTHORITY)) {
    const own = types.filter((t) => t.authorityId === authority && t.validTo === null);
    if (own.length === 0) continue;
    for (let n = 0; n < count; n++) {
      const type = own[n % own.length]!;
      const matching = sites.filter((s) => !held.has(`${type.id}:${s.id}`) && s.categoryIds.some((c) => type.categoryIds.includes(c)));
      const pool = matching.length ? matching : sites.filter((s) => !held.has(`${type.id}:${s.id}`));
      if (pool.length === 0) continue;
      const site = pool[Math.floor(rnd() * pool.length)]!;
      held.add(`${type.id}:${site.id}`);
      const start = type.validFrom > '1995-01-01' ? type.validFrom : '1995-01-01';
      // The first holding of each authority is open-ended and active: every authority has some today.
      const roll = n === 0 ? 0.5 : rnd();
      const pending = roll < 0.04;
      const validFrom = pending ? addDays(today, between(15, 200)) : dateBetween(start, addDays(today, -30));
      // 10 % ended already (the expiry job expires them), 22 % end in the coming years, the rest open-ended.
      const validTo = pending ? null : roll < 0.14 ? dateBetween(addDays(validFrom, 365), addDays(today, -1)) : roll < 0.36 ? dateBetween(addDays(today, 30), addDays(today, 6 * 365)) : null;
      const range = type.capacityUnit ? CAPACITY[type.capacityUnit] : undefined;
      holdings.push({
        typeId: type.id,
        holder: { kind: 'site', id: site.id },
        status: pending ? 'pending' : 'active',
        reference: `${authority.toUpperCase().slice(0, 6)}-${validFrom.slice(0, 4)}-${String(holdings.length + 1).padStart(4, '0')}`,
        validFrom,
        validTo: validTo !== null && validTo < validFrom ? null : validTo,
        capacity: range ? capacityOf(type, between(range[0], range[1])) : null,
        provenance: { source: 'authority', reference: null, retrievedAt: null },
      });
      const after = rnd();
      if (n > 0 && !pending && validTo === null && after < 0.05) {
        later.push({ index: holdings.length - 1, status: after < 0.03 ? 'suspended' : 'withdrawn', effectiveOn: dateBetween(addDays(validFrom, 1), addDays(today, -1)), reason: after < 0.03 ? 'inspection en cours / inspectie lopende' : 'cessation d’activité / stopzetting van de activiteit' });
      }
    }
  }
  return { holdings, later };
}
