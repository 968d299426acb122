import type { Localized } from './localized.js';

/** One reason a piece of input was refused, addressed by its path in the input. */
export interface FieldIssue {
  /** Dotted path in the submitted document, e.g. `address.postcode` or `phones.0`. */
  path: string;
  /** Stable machine code, e.g. `enterprise_number.checksum`, `too_small`. */
  code: string;
  message: Localized;
}

/**
 * Errors raised by domain and application code. They carry no HTTP notion: the service edge maps
 * each kind to a status (validation → 400, not found → 404, conflict → 409, stale version → 412).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not_found' | 'conflict' | 'precondition_failed' | 'precondition_required' | 'forbidden' | 'unauthorized';
  constructor(
    readonly code: string,
    readonly localized: Localized,
  ) {
    super(localized.fr);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(readonly issues: FieldIssue[]) {
    super('validation_failed', {
      fr: `Données invalides (${issues.length} erreur${issues.length > 1 ? 's' : ''})`,
      nl: `Ongeldige gegevens (${issues.length} fout${issues.length > 1 ? 'en' : ''})`,
    });
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(entity: Localized, id: string | number) {
    super('not_found', { fr: `${entity.fr} ${id} introuvable`, nl: `${entity.nl} ${id} niet gevonden` });
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** The caller edited an older version than the stored one (optimistic concurrency). */
export class StaleVersionError extends DomainError {
  readonly kind = 'precondition_failed';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super('stale_version', {
      fr: `La version ${expected} n'est plus la version courante (${actual}) : rechargez la fiche`,
      nl: `Versie ${expected} is niet meer de huidige versie (${actual}): herlaad de fiche`,
    });
  }
}

/** Another writer changed the record between our read and our write (detected at commit). */
export class ConcurrentModificationError extends DomainError {
  readonly kind = 'precondition_failed';
  constructor() {
    super('concurrent_modification', {
      fr: 'La fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la',
      nl: 'De fiche werd intussen door iemand anders gewijzigd: herlaad ze',
    });
  }
}

/** A write to an existing record must say which version it edits (If-Match), so none is lost. */
export class VersionRequiredError extends DomainError {
  readonly kind = 'precondition_required';
  constructor() {
    super('version_required', {
      fr: 'En-tête If-Match requis : indiquez la version (ETag) que vous modifiez',
      nl: 'If-Match-header vereist: vermeld de versie (ETag) die u wijzigt',
    });
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** The caller is not (or not validly) authenticated. */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
}
