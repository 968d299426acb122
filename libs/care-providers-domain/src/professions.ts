import type { LocalizedValue } from '@care/contracts';

export interface HcPartyCode {
  code: string;
  label: { fr: string; nl: string; en: string };
  kind: 'person' | 'organisation' | 'department' | 'other';
}

export interface QualificationMap {
  professions: Record<string, { default: string; qualifications?: { from: string; to: string; kind: string }[] }>;
}

/**
 * The kinds of care provider (eHealth cd-hcparty) and how INAMI numbers map onto them. Data,
 * loaded from the service's data folder: labels in every output come from here.
 */
export class Professions {
  private readonly byCode: Map<string, HcPartyCode>;

  constructor(
    codes: readonly HcPartyCode[],
    private readonly map: QualificationMap,
  ) {
    this.byCode = new Map(codes.map((c) => [c.code, c]));
    for (const group of Object.values(map.professions)) {
      for (const kind of [group.default, ...(group.qualifications ?? []).map((q) => q.kind)]) {
        if (!this.byCode.has(kind)) throw new Error(`qualification map refers to unknown cd-hcparty code ${kind}`);
      }
    }
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  label(code: string): LocalizedValue {
    const entry = this.byCode.get(code);
    return entry ? { fr: entry.label.fr, nl: entry.label.nl } : { fr: code, nl: code };
  }

  /** The cd-hcparty kind of a profession group and qualification code, or null for an unknown group. */
  kindOf(professionGroup: string, qualificationCode: string): string | null {
    const group = this.map.professions[professionGroup];
    if (!group) return null;
    return group.qualifications?.find((q) => q.from <= qualificationCode && qualificationCode <= q.to)?.kind ?? group.default;
  }

  /** Person kinds (the ones a provider can have), for lists and filters. */
  personKinds(): HcPartyCode[] {
    return [...this.byCode.values()].filter((c) => c.kind === 'person');
  }
}
