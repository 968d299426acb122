import { WEEKDAYS, type OpeningPeriod, type Weekday } from '@care/contracts';

const DAY_NAMES: Record<string, Weekday> = {
  lundi: 'mon', mardi: 'tue', mercredi: 'wed', jeudi: 'thu', vendredi: 'fri', samedi: 'sat', dimanche: 'sun',
  maandag: 'mon', dinsdag: 'tue', woensdag: 'wed', donderdag: 'thu', vrijdag: 'fri', zaterdag: 'sat', zondag: 'sun',
};
const DAY = `(${Object.keys(DAY_NAMES).join('|')})s?`;
// 8h30, 8h, 8:30, 8.30, 8.30 uur, 16 uur, 12u30, midi
const TIME = String.raw`(\d{1,2})\s*(?:uur|u|h|:|\.)?\s*(\d{2})?\s*(?:uur|u)?|midi|middag|minuit|middernacht`;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function clock(match: string): string | null {
  const m = match.trim();
  if (m === 'midi' || m === 'middag') return '12:00';
  if (m === 'minuit' || m === 'middernacht') return '24:00';
  const parts = new RegExp(`^${TIME}$`).exec(m);
  if (!parts || parts[1] === undefined) return null;
  const h = Number(parts[1]);
  const min = parts[2] ? Number(parts[2]) : 0;
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function daysBetween(from: Weekday, to: Weekday): Weekday[] {
  const start = WEEKDAYS.indexOf(from);
  const end = WEEKDAYS.indexOf(to);
  return end >= start ? WEEKDAYS.slice(start, end + 1) : [];
}

/**
 * Reads the free-text permanence of a legacy fiche ("Du lundi au vendredi de 8h30 à 16h",
 * "Van maandag tot vrijdag van 8.30 uur tot 16 uur", "Lundi et jeudi de 9h à 12h et de 13h à 17h")
 * into weekly periods. Returns null as soon as a sentence is not fully understood: the text is
 * then kept as the remark and nothing is guessed.
 */
export function parseFreeTextHours(text: string | null | undefined): OpeningPeriod[] | null {
  if (!text) return null;
  const sentences = normalise(text)
    .split(/[;\n]|\.\s|, (?=(?:du|le|les|van|op|de|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b)/)
    .map((s) => s.trim().replace(/\.$/, ''))
    .filter(Boolean);
  const periods: OpeningPeriod[] = [];
  const rangeDays = new RegExp(`^(?:du|van|de)?\\s*${DAY}\\s*(?:au|a|tot|t/m|-)\\s*${DAY}\\s*(.*)$`);
  const listDays = new RegExp(`^(?:le|les|op|elke)?\\s*((?:${DAY}(?:\\s*(?:,|et|en)\\s*)?)+)\\s*(.*)$`);
  const slot = new RegExp(`(?:de|van|vanaf)?\\s*(${TIME})\\s*(?:a|-|tot|jusqu a)\\s*(${TIME})`, 'g');
  for (const sentence of sentences) {
    let days: Weekday[] = [];
    let rest = '';
    const range = rangeDays.exec(sentence);
    if (range) {
      days = daysBetween(DAY_NAMES[range[1]!]!, DAY_NAMES[range[2]!]!);
      rest = range[3] ?? '';
    } else {
      const list = listDays.exec(sentence);
      if (!list) return null;
      days = [...list[1]!.matchAll(new RegExp(DAY, 'g'))].map((m) => DAY_NAMES[m[1]!]!);
      rest = list[list.length - 1] ?? '';
    }
    if (days.length === 0) return null;
    const slots = [...rest.matchAll(slot)];
    // Everything but the slots and their connectors must have been consumed.
    const leftover = rest.replace(slot, '').replace(/\b(et|en|puis|,)\b|,/g, '').trim();
    if (slots.length === 0 || leftover !== '') return null;
    for (const s of slots) {
      const opens = clock(s[1]!);
      const closes = clock(s[4]!);
      if (!opens || !closes || opens === closes) return null;
      for (const day of days) periods.push({ day, opens, closes });
    }
  }
  return periods.length ? periods : null;
}
