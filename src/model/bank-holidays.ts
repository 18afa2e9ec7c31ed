/**
 * Bank holidays in England and Wales, by the rules gov.uk publishes them under (Banking and
 * Financial Dealings Act 1971 and royal proclamation): New Year's Day, Good Friday, Easter
 * Monday, the early May, spring and summer bank holidays, Christmas Day and Boxing Day, with a
 * substitute weekday when one falls at a weekend. Years whose dates were moved or added by
 * proclamation (jubilees, coronations, royal weddings and funerals, VE Day) are listed as such.
 */

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian computus; Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** Dates moved (from → to) or added by proclamation, by year. */
const PROCLAIMED: Record<number, { moved?: [string, string][]; added?: string[] }> = {
  1995: { moved: [["1995-05-01", "1995-05-08"]] },
  1999: { added: ["1999-12-31"] },
  2002: { moved: [["2002-05-27", "2002-06-04"]], added: ["2002-06-03"] },
  2011: { added: ["2011-04-29"] },
  2012: { moved: [["2012-05-28", "2012-06-04"]], added: ["2012-06-05"] },
  2020: { moved: [["2020-05-04", "2020-05-08"]] },
  2022: { moved: [["2022-05-30", "2022-06-02"]], added: ["2022-06-03", "2022-09-19"] },
  2023: { added: ["2023-05-08"] },
};

const DAY_MS = 86_400_000;

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday. */
const weekday = (ms: number): number => (new Date(ms).getUTCDay() + 6) % 7;

/** The `n`th Monday of a month (n = -1: the last). */
function monday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = Date.UTC(year, month - 1, 1);
    return first + (((7 - weekday(first)) % 7) + 7 * (n - 1)) * DAY_MS;
  }
  const last = Date.UTC(year, month, 0);
  return last - weekday(last) * DAY_MS;
}

/** England and Wales bank holidays of a year, as sorted "YYYY-MM-DD" dates. */
export function englandAndWalesBankHolidays(year: number): string[] {
  const days: number[] = [];
  const newYear = Date.UTC(year, 0, 1);
  days.push(newYear + [0, 0, 0, 0, 0, 2, 1][weekday(newYear)]! * DAY_MS);
  const easter = easterSunday(year);
  const easterMs = Date.UTC(year, easter.month - 1, easter.day);
  days.push(easterMs - 2 * DAY_MS, easterMs + DAY_MS);
  days.push(monday(year, 5, 1), monday(year, 5, -1), monday(year, 8, -1));
  const christmas = Date.UTC(year, 11, 25);
  // Christmas on a Saturday: Monday 27th and Tuesday 28th; on a Sunday: Boxing Day Monday 26th
  // and Christmas's substitute Tuesday 27th; Boxing Day on a Saturday: Monday 28th.
  const christmasDay = weekday(christmas);
  if (christmasDay === 5) days.push(christmas + 2 * DAY_MS, christmas + 3 * DAY_MS);
  else if (christmasDay === 6) days.push(christmas + DAY_MS, christmas + 2 * DAY_MS);
  else if (christmasDay === 4) days.push(christmas, christmas + 3 * DAY_MS);
  else days.push(christmas, christmas + DAY_MS);
  let dates = days.map(iso);
  const proclaimed = PROCLAIMED[year];
  if (proclaimed !== undefined) {
    for (const [from, to] of proclaimed.moved ?? []) dates = dates.map((d) => (d === from ? to : d));
    dates.push(...(proclaimed.added ?? []));
  }
  return dates.sort();
}
