import { z } from 'zod';
import { parseFreeTextHours } from '@care/opening-hours';
import type { LocalizedValue } from '@care/contracts';

const text = z.string().nullable().optional();
const list = z.array(z.string()).nullable().optional();

/** A record of the current Bruxelles Social REST API (`/rest/organisation/{id}`), as reusers receive it. */
export const legacyRecordSchema = z.object({
  id: z.number().int().positive(),
  legalStatus: z.object({ id: z.number().nullable().optional(), labelFr: text, labelNl: text }).nullable().optional(),
  address: z
    .object({
      x: z.number().nullable().optional(),
      y: z.number().nullable().optional(),
      lon: z.number().nullable().optional(),
      lat: z.number().nullable().optional(),
      municipalityFr: text,
      municipalityNl: text,
      streetFr: text,
      streetNl: text,
      number: text,
      numberBuilding: text,
      zipCode: z.union([z.number(), z.string()]).nullable().optional(),
      postalBox: text,
      remarkFr: text,
      remarkNl: text,
    })
    .nullable()
    .optional(),
  categoriesObject: z.array(z.object({ id: z.number() }).passthrough()).nullable().optional(),
  nameOfficialFr: text,
  nameOfficialNl: text,
  descriptionFr: text,
  descriptionNl: text,
  activitiesFr: text,
  activitiesNl: text,
  accessFr: list,
  accessNl: list,
  permanencyFr: text,
  permanencyNl: text,
  publicFr: text,
  publicNl: text,
  remarkFr: text,
  remarkNl: text,
  pmRp: list,
  langStatus: text,
  lastUpdate: text,
  nameAlternativeFr: list,
  nameAlternativeNl: list,
  nameFormerFr: list,
  nameFormerNl: list,
  nameServiceFr: list,
  nameServiceNl: list,
  telFr: list,
  telNl: list,
  emailFr: list,
  emailNl: list,
  faxFr: list,
  faxNl: list,
  websiteOfficialFr: list,
  websiteOfficialNl: list,
  websiteUnofficialFr: list,
  websiteUnofficialNl: list,
  websiteBelgianOfficialJournalFr: list,
  websiteBelgianOfficialJournalNl: list,
  websiteInfoFr: list,
  websiteInfoNl: list,
  otherAgreementFr: list,
  otherAgreementNl: list,
  subventionFr: list,
  subventionNl: list,
});

export type LegacyRecord = z.output<typeof legacyRecordSchema>;

export interface LegacyLookups {
  /** Code of a closed-list item from its legacy FR or NL label, or undefined. */
  legalStatus(label: LocalizedValue): string | undefined;
  accessModality(label: LocalizedValue): string | undefined;
}

export interface LegacyMapping {
  siteId: number;
  /** Raw site input (validated afterwards with siteInputSchema, like any other input). */
  site: Record<string, unknown>;
  organisation: { enterpriseNumbers: string[]; officialJournalUrl: LocalizedValue | null } | null;
  lastUpdate: Date | null;
  /** What could not be carried over as is (reported by the import, never silently dropped). */
  warnings: string[];
}

const clean = (value: string | null | undefined) => (value ?? '').trim() || null;

/** A FR/NL pair from two legacy fields; one language only is copied to the other and reported. */
function pair(fr: string | null | undefined, nl: string | null | undefined, field: string, warnings: string[]): LocalizedValue | null {
  const f = clean(fr);
  const n = clean(nl);
  if (!f && !n) return null;
  if (!f || !n) warnings.push(`${field}: only in ${f ? 'French' : 'Dutch'}, copied to the other language`);
  return { fr: f ?? n!, nl: n ?? f! };
}

function pairs(fr: string[] | null | undefined, nl: string[] | null | undefined, field: string, warnings: string[]): LocalizedValue[] {
  const a = (fr ?? []).map((s) => s.trim()).filter(Boolean);
  const b = (nl ?? []).map((s) => s.trim()).filter(Boolean);
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => pair(a[i], b[i], `${field}[${i}]`, warnings)!);
}

/** Values of a FR and an NL list: shared ones have no language, the others keep theirs. */
function byLanguage<T>(fr: string[] | null | undefined, nl: string[] | null | undefined, make: (value: string, language: 'fr' | 'nl' | null) => T): T[] {
  const a = (fr ?? []).map((s) => s.trim()).filter(Boolean);
  const b = (nl ?? []).map((s) => s.trim()).filter(Boolean);
  return [...a.map((v) => make(v, b.includes(v) ? null : 'fr')), ...b.filter((v) => !a.includes(v)).map((v) => make(v, 'nl'))];
}

/** `28/08/20` → 2020-08-28. */
function legacyDate(value: string | null | undefined): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{2,4})$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[1])));
}

/**
 * Maps a legacy record field by field: the public id is kept, FR/NL lists are paired,
 * identical phone/e-mail/website lists become language-neutral, the free-text permanence is
 * split into weekly periods when it can be read (and always kept as the remark).
 */
export function mapLegacyRecord(record: LegacyRecord, lookups: LegacyLookups): LegacyMapping {
  const warnings: string[] = [];
  const address = record.address ?? {};
  const legalLabel = record.legalStatus ? pair(record.legalStatus.labelFr, record.legalStatus.labelNl, 'legalStatus', []) : null;
  const legalStatus = legalLabel ? lookups.legalStatus(legalLabel) : undefined;
  if (legalLabel && !legalStatus) warnings.push(`legalStatus: "${legalLabel.fr}" is not in the legal-status list`);
  const accessModalities = (record.accessFr ?? []).flatMap((fr, i) => {
    const code = lookups.accessModality({ fr, nl: record.accessNl?.[i] ?? fr });
    if (!code) warnings.push(`access: "${fr}" is not in the access-modality list`);
    return code ? [code] : [];
  });
  const remark = pair(record.permanencyFr, record.permanencyNl, 'permanency', warnings);
  const weekly = parseFreeTextHours(record.permanencyFr) ?? parseFreeTextHours(record.permanencyNl);
  if (remark && !weekly) warnings.push('permanency: free text kept, not turned into structured hours');
  const languageStatus = record.langStatus === 'FR' || record.langStatus === 'NL' || record.langStatus === 'FR-NL' ? record.langStatus : 'FR-NL';
  if (languageStatus !== record.langStatus) warnings.push(`langStatus: "${record.langStatus}" unknown, FR-NL assumed`);
  const official = pair(record.nameOfficialFr, record.nameOfficialNl, 'nameOfficial', warnings);
  const journal = pair(record.websiteBelgianOfficialJournalFr?.[0], record.websiteBelgianOfficialJournalNl?.[0], 'websiteBelgianOfficialJournal', warnings);
  const enterpriseNumbers = (record.pmRp ?? []).map((n) => n.trim()).filter(Boolean);
  const categoryIds = (record.categoriesObject ?? []).map((c) => c.id);
  return {
    siteId: record.id,
    lastUpdate: legacyDate(record.lastUpdate),
    warnings,
    organisation: enterpriseNumbers.length ? { enterpriseNumbers, officialJournalUrl: journal } : null,
    site: {
      names: {
        official: official ?? { fr: `Fiche ${record.id}`, nl: `Fiche ${record.id}` },
        alternative: pairs(record.nameAlternativeFr, record.nameAlternativeNl, 'nameAlternative', warnings),
        former: pairs(record.nameFormerFr, record.nameFormerNl, 'nameFormer', warnings),
        service: pairs(record.nameServiceFr, record.nameServiceNl, 'nameService', warnings),
      },
      legalStatus: legalStatus ?? null,
      languageStatus,
      offerKind: 'other',
      address: {
        street: { ...(clean(address.streetFr) ? { fr: clean(address.streetFr)! } : {}), ...(clean(address.streetNl) ? { nl: clean(address.streetNl)! } : {}) },
        number: clean(address.number),
        box: clean(address.postalBox),
        postcode: address.zipCode === null || address.zipCode === undefined ? '' : String(address.zipCode).padStart(4, '0'),
        point: typeof address.lat === 'number' && typeof address.lon === 'number' ? { lat: address.lat, lon: address.lon } : null,
        lambert72: typeof address.x === 'number' && typeof address.y === 'number' ? { x: address.x, y: address.y } : null,
        remark: pair(address.remarkFr, address.remarkNl, 'address.remark', warnings),
      },
      texts: {
        description: pair(record.descriptionFr, record.descriptionNl, 'description', warnings),
        activities: pair(record.activitiesFr, record.activitiesNl, 'activities', warnings),
        publicTarget: pair(record.publicFr, record.publicNl, 'public', warnings),
        remarks: pair(record.remarkFr, record.remarkNl, 'remark', warnings),
      },
      accessModalities,
      contacts: {
        phones: byLanguage(record.telFr, record.telNl, (number, language) => ({ number, language })),
        faxes: byLanguage(record.faxFr, record.faxNl, (number, language) => ({ number, language })),
        emails: byLanguage(record.emailFr, record.emailNl, (address, language) => ({ address, language })),
        websites: [
          ...byLanguage(record.websiteOfficialFr, record.websiteOfficialNl, (url, language) => ({ url, kind: 'official', language })),
          ...byLanguage(record.websiteUnofficialFr, record.websiteUnofficialNl, (url, language) => ({ url, kind: 'unofficial', language })),
          ...byLanguage(record.websiteInfoFr, record.websiteInfoNl, (url, language) => ({ url, kind: 'info', language })),
        ],
      },
      openingHours: { weekly: weekly ?? [], exceptions: [], appointmentOnly: false, remark },
      categoryIds,
      otherAgreements: pairs(record.otherAgreementFr, record.otherAgreementNl, 'otherAgreement', warnings),
      subsidies: pairs(record.subventionFr, record.subventionNl, 'subvention', warnings),
    },
  };
}
