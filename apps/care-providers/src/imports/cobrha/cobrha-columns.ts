/**
 * The CoBRHA-like extract the care-providers import accepts (documented in docs/imports.md): one
 * row per provider and practice, UTF-8 CSV with this exact header. Provider columns repeat on each
 * of a provider's rows (the first row wins); practice columns are empty for a provider without a
 * practice. CoBRHA (eHealth Common Base of Healthcare Actors) names: nihii_id, nihii_qual_code,
 * cbe_id; the qualification code is the last three digits of the number.
 */
export const COBRHA_COLUMNS = [
  'nihii',
  'last_name',
  'first_name',
  'gender',
  'gender_public',
  'specialisations',
  'convention',
  'languages',
  'accepting_new_patients',
  'accepting_stated_on',
  'direct_mobile',
  'direct_email',
  'approval_status',
  'practice_id',
  'practice_street',
  'practice_number',
  'practice_box',
  'practice_postcode',
  'practice_lat',
  'practice_lon',
  'practice_phone',
  'practice_email',
  'practice_website',
  'appointment_modes',
  'cbe_id',
  'site_id',
] as const;

export type CobrhaColumn = (typeof COBRHA_COLUMNS)[number];
