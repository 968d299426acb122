import { parseFreeTextHours } from './free-text-hours.js';

describe('parseFreeTextHours', () => {
  const weekdays = (opens: string, closes: string) => ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, opens, closes }));

  it('reads the permanence of record 13219 in both languages', () => {
    expect(parseFreeTextHours('Du lundi au vendredi de 8h30 à 16h')).toEqual(weekdays('08:30', '16:00'));
    expect(parseFreeTextHours('Van maandag tot vrijdag van 8.30 uur tot 16 uur')).toEqual(weekdays('08:30', '16:00'));
  });

  it('reads lists of days and several slots a day', () => {
    expect(parseFreeTextHours('Lundi et jeudi de 9h à 12h et de 13h à 17h')).toEqual([
      { day: 'mon', opens: '09:00', closes: '12:00' },
      { day: 'thu', opens: '09:00', closes: '12:00' },
      { day: 'mon', opens: '13:00', closes: '17:00' },
      { day: 'thu', opens: '13:00', closes: '17:00' },
    ]);
    expect(parseFreeTextHours('Le mercredi de 14h à 18h; le samedi de 10h à midi')).toEqual([
      { day: 'wed', opens: '14:00', closes: '18:00' },
      { day: 'sat', opens: '10:00', closes: '12:00' },
    ]);
    expect(parseFreeTextHours('Op dinsdag van 9u30 tot 12u30')).toEqual([{ day: 'tue', opens: '09:30', closes: '12:30' }]);
  });

  it('gives up rather than guess', () => {
    expect(parseFreeTextHours('Sur rendez-vous')).toBeNull();
    expect(parseFreeTextHours('Du lundi au vendredi de 8h30 à 16h, sauf les jours fériés')).toBeNull();
    expect(parseFreeTextHours('Le lundi matin')).toBeNull();
    expect(parseFreeTextHours('')).toBeNull();
  });
});
