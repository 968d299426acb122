/**
 * Licence and attribution of the directory's open data (brief §7: CC BY / CC BY-SA with
 * attribution). Restricted exports (authorities) say so instead.
 */
export const OPEN_DATA_LICENCE = { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' } as const;

export const DATA_SOURCE = 'Social Brussels CARE (social.brussels / sociaal.brussels)';

export const OPEN_DATA_ATTRIBUTION =
  'Source : Social Brussels CARE, répertoire social-santé de la Région de Bruxelles-Capitale, CC BY-SA 4.0 / Bron: Social Brussels CARE, sociaal-gezondheidsrepertorium van het Brussels Hoofdstedelijk Gewest, CC BY-SA 4.0';

export const RESTRICTED_LICENCE = { name: 'Restricted: crisis management only / Beperkt: enkel crisisbeheer', url: 'https://social.brussels' } as const;

/** `care-sites-seq-12345.csv`: the dataset and the state it reflects, in the name of the download. */
export function exportFileName(dataset: string, extension: string, state: string): string {
  return `care-${dataset}-${state.replace(/[^A-Za-z0-9_-]+/g, '-')}.${extension}`;
}
