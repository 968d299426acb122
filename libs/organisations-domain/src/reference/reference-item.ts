import type { LocalizedValue } from '@care/contracts';

/** The closed lists of the directory, managed as data (staff add or retire items; code never changes). */
export const REFERENCE_LISTS = ['legal-status', 'access-modality', 'offer-kind', 'target-public', 'language', 'action-zone'] as const;
export type ReferenceListName = (typeof REFERENCE_LISTS)[number];

export class ReferenceItem {
  list!: ReferenceListName;
  code!: string;
  label!: LocalizedValue;
  parent: string | null = null;
  position = 0;
  active = true;
}
