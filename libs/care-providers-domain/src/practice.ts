import { z } from 'zod';
import { APPOINTMENT_MODES, openingHoursSchema, phoneNumberSchema, type OpeningHours, type PublicPractice, type PublishedAddress } from '@care/contracts';
import { addressInputSchema } from '@care/geo';
import { deepEqual } from '@care/kernel';
import { checkOpeningHours } from '@care/opening-hours';
import type { CareProvider } from './care-provider.js';

export const practiceInputSchema = z
  .object({
    /** Stable identifier of the place in the source (CoBRHA site id), or chosen by staff. */
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
    address: addressInputSchema,
    contacts: z
      .object({
        phone: phoneNumberSchema.nullable().default(null),
        email: z.email().max(254).nullable().default(null),
        website: z.url({ protocol: /^https?$/ }).max(500).nullable().default(null),
      })
      .strict()
      .default({ phone: null, email: null, website: null }),
    openingHours: openingHoursSchema.superRefine(checkOpeningHours).nullable().default(null),
    appointmentModes: z.array(z.enum(APPOINTMENT_MODES)).max(APPOINTMENT_MODES.length).default([]),
    organisationEnterpriseNumber: z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/).nullable().default(null),
    siteId: z.number().int().positive().nullable().default(null),
  })
  .strict();

export type PracticeInput = z.output<typeof practiceInputSchema>;
export type PracticeContent = Omit<PracticeInput, 'address'> & { address: PublishedAddress };

/** A place where a provider practises. Its own aggregate: providers work at several places. */
export class Practice {
  /** `<providerId>:<source id>`: unique across providers. */
  id!: string;
  providerId!: string;
  version = 1;
  address!: PublishedAddress;
  contacts: { phone: string | null; email: string | null; website: string | null } = { phone: null, email: null, website: null };
  openingHours: OpeningHours | null = null;
  appointmentModes: string[] = [];
  organisationEnterpriseNumber: string | null = null;
  siteId: number | null = null;
  /** Whether the linked site is public, kept current from the organisations events. */
  siteStatus: 'published' | 'unpublished' | null = null;
  active = true;
  municipalityNis: string | null = null;
  lat: number | null = null;
  lon: number | null = null;
  createdAt!: Date;
  updatedAt!: Date;

  static open(providerId: string, content: PracticeContent, siteStatus: 'published' | 'unpublished' | null, at: Date): Practice {
    const practice = new Practice();
    practice.id = `${providerId}:${content.id}`;
    practice.providerId = providerId;
    practice.createdAt = at;
    practice.updatedAt = at;
    practice.assign(content, siteStatus);
    return practice;
  }

  /** Returns whether anything changed. */
  update(content: PracticeContent, siteStatus: 'published' | 'unpublished' | null, at: Date): boolean {
    const before = this.state();
    const wasInactive = !this.active;
    this.assign(content, siteStatus);
    this.active = true;
    const changed = wasInactive || !deepEqual(before, this.state());
    if (changed) this.updatedAt = at;
    return changed;
  }

  /** The linked site was published or unpublished in the directory. */
  siteChanged(status: 'published' | 'unpublished', at: Date): boolean {
    if (this.siteId === null || this.siteStatus === status) return false;
    this.siteStatus = status;
    this.updatedAt = at;
    return true;
  }

  close(at: Date): boolean {
    if (!this.active) return false;
    this.active = false;
    this.updatedAt = at;
    return true;
  }

  /** The public contract: the provider's objections apply to the practice's optional fields. */
  toPublic(provider: CareProvider, { honourObjections = true } = {}): PublicPractice {
    const hidden = (field: 'practiceContacts' | 'practiceHours') => honourObjections && provider.objectsTo(field);
    return {
      id: this.id,
      providerId: this.providerId,
      address: this.address,
      ...(hidden('practiceContacts') ? {} : { contacts: this.contacts }),
      ...(hidden('practiceHours') ? {} : { openingHours: this.openingHours }),
      appointmentModes: this.appointmentModes as PublicPractice['appointmentModes'],
      organisationEnterpriseNumber: this.organisationEnterpriseNumber,
      site: this.siteId === null ? null : { id: this.siteId, status: this.siteStatus ?? 'unpublished' },
      active: this.active,
    };
  }

  private assign(content: PracticeContent, siteStatus: 'published' | 'unpublished' | null): void {
    this.address = content.address;
    this.contacts = content.contacts;
    this.openingHours = content.openingHours;
    this.appointmentModes = [...new Set(content.appointmentModes)].sort();
    this.organisationEnterpriseNumber = content.organisationEnterpriseNumber;
    this.siteId = content.siteId;
    this.siteStatus = content.siteId === null ? null : siteStatus;
    this.municipalityNis = content.address.municipality.nis;
    this.lat = content.address.point?.lat ?? null;
    this.lon = content.address.point?.lon ?? null;
  }

  private state(): unknown {
    return [this.address, this.contacts, this.openingHours, this.appointmentModes, this.organisationEnterpriseNumber, this.siteId, this.siteStatus];
  }
}
