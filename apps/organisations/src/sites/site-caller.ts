import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError, NotFoundError } from '@care/kernel';
import type { Site } from '@care/organisations-domain';
import { audienceOf, CARE_HEADERS, organisationOf, type Audience } from '@care/service-kit';
import { SITE_LABEL } from './site.commands.js';

/**
 * Who asks, as the gateway tells it: the audience and, for an organisation representative, the
 * one organisation the account acts for. The rules below are the service's own check of what the
 * gateway already decided (defence in depth).
 */
export interface SiteCaller {
  audience: Audience;
  organisationId: number | null;
}

export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): SiteCaller => {
  const headers = context.switchToHttp().getRequest<Request>().headers;
  return { audience: audienceOf(headers[CARE_HEADERS.audience]), organisationId: organisationOf(headers[CARE_HEADERS.organisation]) };
});

export const isRepresentative = (caller: SiteCaller) => caller.organisationId !== null;

const notYours = () =>
  new ForbiddenError('site.other_organisation', {
    fr: 'Cette fiche appartient à une autre organisation que la vôtre',
    nl: 'Deze fiche behoort tot een andere organisatie dan de uwe',
  });

const staffOnly = () =>
  new ForbiddenError('site.staff_only', {
    fr: 'Seul le personnel peut faire ceci ; proposez la modification à la place',
    nl: 'Alleen het personeel kan dit doen; stel de wijziging in de plaats voor',
  });

/** A site the caller may read: its organisation's for a representative, published ones only for public and authority callers. */
export function assertReadable(site: Site, caller: SiteCaller): void {
  if (isRepresentative(caller) && site.organisationId !== caller.organisationId) throw notYours();
  if (caller.audience !== 'internal' && !site.isPublic) throw new NotFoundError(SITE_LABEL, site.id);
}

/** What a representative may do on its organisation's sites: propose changes and confirm they are accurate. */
export function assertWritable(site: Site | null, caller: SiteCaller, action: 'edit' | 'verify' | 'propose'): void {
  if (!isRepresentative(caller)) return;
  if (action === 'edit') throw staffOnly();
  if (site && site.organisationId !== caller.organisationId) throw notYours();
}
