import type { AuthorityEntityType, PublicEntityType } from '@care/contracts';

/**
 * Kinds of state the search projection keeps (table `search.source`): the public entity types,
 * and the authority-only ones (crisis contacts, providers' direct contacts, availability) that
 * only the authority records and queries read.
 */
export type SourceKind = PublicEntityType | AuthorityEntityType;
