import { readFileSync } from 'node:fs';
import { Professions, type HcPartyCode, type QualificationMap } from '@care/care-providers-domain';

const dataFile = (name: string) => new URL(`../../data/${name}`, import.meta.url);

/** The cd-hcparty catalogue and the INAMI qualification map, from the service's data folder. */
export function loadProfessions(): Professions {
  const codes = (JSON.parse(readFileSync(dataFile('cd-hcparty.json'), 'utf8')) as { codes: HcPartyCode[] }).codes;
  const map = JSON.parse(readFileSync(dataFile('qualification-map.json'), 'utf8')) as QualificationMap;
  return new Professions(codes, map);
}
