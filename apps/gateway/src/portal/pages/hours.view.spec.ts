import type { OpeningHours } from '@care/contracts';
import { nextSevenDays, openingStatus, renderHours } from './hours.view.js';

const OFFICE: OpeningHours = {
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [
    { day, opens: '08:30', closes: '12:00' },
    { day, opens: '13:00', closes: '16:00' },
  ]),
  exceptions: [{ from: '2026-12-24', to: '2026-12-26', closed: true, weekly: [], reason: { fr: 'Congés de Noël', nl: 'Kerstverlof' } }],
  appointmentOnly: false,
  remark: { fr: 'Du lundi au vendredi de 8h30 à 16h', nl: 'Van maandag tot vrijdag van 8.30 tot 16 uur' },
};

const NIGHT_SHELTER: OpeningHours = {
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '20:00', closes: '08:00' })),
  exceptions: [],
  appointmentOnly: false,
  remark: null,
};

/** 2026-12-02 is a Wednesday; Brussels is UTC+1 in winter, UTC+2 in summer. */
const at = (iso: string) => new Date(iso);
const text = (markup: { value: string }) => markup.value.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('opening hours on the portal (Europe/Brussels)', () => {
  it('says open until the end of the current period, in Brussels time', () => {
    const status = openingStatus(OFFICE, at('2026-12-02T09:15:00Z')); // 10:15 in Brussels
    expect(status).toEqual({ state: 'open', until: at('2026-12-02T11:00:00Z') });
    expect(text(renderHours('fr', OFFICE, at('2026-12-02T09:15:00Z')))).toContain('Ouvert maintenant, jusqu’à 12:00');
    expect(text(renderHours('nl', OFFICE, at('2026-12-02T09:15:00Z')))).toContain('Nu open, tot 12:00');
  });

  it('says closed and when it opens next: after lunch today, tomorrow morning, or Monday after a weekend', () => {
    expect(openingStatus(OFFICE, at('2026-12-02T11:30:00Z'))).toEqual({ state: 'closed', next: at('2026-12-02T12:00:00Z') });
    expect(text(renderHours('fr', OFFICE, at('2026-12-02T11:30:00Z')))).toContain('Fermé maintenant, ouvre aujourd’hui à 13:00');
    expect(text(renderHours('nl', OFFICE, at('2026-12-02T17:00:00Z')))).toContain('Nu gesloten, opent morgen om 08:30');
    expect(text(renderHours('fr', OFFICE, at('2026-12-05T10:00:00Z')))).toContain('Fermé maintenant, ouvre lundi 7 décembre à 08:30');
  });

  it('follows summer time', () => {
    // 2026-07-01 is a Wednesday; 06:45 UTC is 08:45 in Brussels (UTC+2).
    expect(openingStatus(OFFICE, at('2026-07-01T06:45:00Z'))).toEqual({ state: 'open', until: at('2026-07-01T10:00:00Z') });
  });

  it('counts a night period in the early hours of the next day', () => {
    expect(openingStatus(NIGHT_SHELTER, at('2026-12-03T05:00:00Z'))).toEqual({ state: 'open', until: at('2026-12-03T07:00:00Z') });
    const rows = nextSevenDays(NIGHT_SHELTER, at('2026-12-03T05:00:00Z'));
    expect(rows[0]).toMatchObject({ date: '2026-12-03', day: 'thu', today: true, periods: [{ opens: '20:00', closes: '08:00', overnight: true }] });
    expect(text(renderHours('fr', NIGHT_SHELTER, at('2026-12-03T05:00:00Z')))).toContain('20:00–08:00 (le lendemain)');
    expect(text(renderHours('nl', NIGHT_SHELTER, at('2026-12-03T05:00:00Z')))).toContain('20:00–08:00 (de volgende dag)');
  });

  it('renders the next seven days from today, with today marked and weekend days closed, in French and in Dutch', () => {
    const fr = renderHours('fr', OFFICE, at('2026-12-02T09:15:00Z')).value;
    expect(fr).toContain('<caption>Horaires des sept prochains jours</caption>');
    expect(fr).toMatch(/<tr class="today" aria-current="date"><th scope="row">mercredi 2 décembre \(aujourd’hui\)<\/th><td><span class="period">08:30–12:00<\/span>, <span class="period">13:00–16:00<\/span><\/td><\/tr>/);
    expect(text({ value: fr })).toContain('samedi 5 décembre Fermé dimanche 6 décembre Fermé lundi 7 décembre 08:30–12:00');
    const nl = text(renderHours('nl', OFFICE, at('2026-12-02T09:15:00Z')));
    expect(nl).toContain('woensdag 2 december (vandaag) 08:30–12:00 , 13:00–16:00');
    expect(nl).toContain('zaterdag 5 december Gesloten');
    expect(nl).toContain('Toelichting: Van maandag tot vrijdag van 8.30 tot 16 uur');
  });

  it('applies and lists dated closures: the days are closed and the closure is announced with its reason', () => {
    const now = at('2026-12-21T09:00:00Z'); // Monday 21 December
    const rows = nextSevenDays(OFFICE, now);
    expect(rows.map((r) => [r.date, r.closed, r.periods.length])).toEqual([
      ['2026-12-21', false, 2],
      ['2026-12-22', false, 2],
      ['2026-12-23', false, 2],
      ['2026-12-24', true, 0],
      ['2026-12-25', true, 0],
      ['2026-12-26', true, 0],
      ['2026-12-27', false, 0],
    ]);
    expect(text(renderHours('fr', OFFICE, now))).toContain('Fermé du 24 décembre au 26 décembre — Congés de Noël');
    expect(text(renderHours('nl', OFFICE, now))).toContain('Gesloten van 24 december tot 26 december — Kerstverlof');
    expect(openingStatus(OFFICE, at('2026-12-24T09:00:00Z'))).toEqual({ state: 'closed', next: at('2026-12-28T07:30:00Z') });
  });

  it('says when hours are not communicated, and keeps the free-text remark and the appointment rule', () => {
    const none: OpeningHours = { weekly: [], exceptions: [], appointmentOnly: true, remark: { fr: 'Sur rendez-vous <téléphonez>', nl: 'Op afspraak <bel>' } };
    expect(openingStatus(none, at('2026-12-02T09:00:00Z'))).toEqual({ state: 'unknown' });
    expect(openingStatus(null, at('2026-12-02T09:00:00Z'))).toEqual({ state: 'unknown' });
    const fr = renderHours('fr', none, at('2026-12-02T09:00:00Z')).value;
    expect(text({ value: fr })).toBe('Horaires non communiqués Uniquement sur rendez-vous Sur rendez-vous &lt;téléphonez&gt;');
    expect(fr).not.toContain('<table');
    expect(text(renderHours('nl', null, at('2026-12-02T09:00:00Z')))).toBe('Openingsuren niet meegedeeld');
  });
});
