import type { Holiday } from '../working-calendar.rules';

/**
 * Public holidays and announced days off in Vietnam, 2025–2027: SEED DATA, not a constant of the code.
 * The app copies it into the database on first start; admins edit the holidays there (product.md §1, §6),
 * add the next year when it is announced, and correct any entry below.
 *
 * Sources:
 * - Labour Code 2019 (No. 45/2019/QH14) art. 112: New Year 1/1 (1 day), Lunar New Year (5 days), Hùng Kings'
 *   Commemoration 10/3 lunar (1 day), Victory Day 30/4 (1 day), International Labour Day 1/5 (1 day),
 *   National Day 2/9 plus the day before or after it (2 days). A holiday on a weekly rest day gives a
 *   compensatory day off on the next working day (art. 111(3)).
 * - The annual announcements of the Government / ministry in charge of labour (MOLISA until 2025, the
 *   Ministry of Home Affairs since) that fix the Tết and National Day days and swap working days
 *   ("hoán đổi", worked back on a Saturday) for the public sector. Deadlines here are public-sector
 *   obligations, so the public-sector calendar applies. Entries marked (verify) were recalled, not re-read.
 * - Lunar dates (Tết, 10/3 lunar) were computed for UTC+7 with the standard new-moon / solar-term algorithm
 *   (Meeus) and cross-checked in working-calendar.rules.spec.ts:
 *   lunar new year 2025-01-29, 2026-02-17, 2027-02-06; 10/3 lunar 2025-04-07, 2026-04-26, 2027-04-16.
 * Holidays added by later law are added as data in the same way.
 */
export const VN_PUBLIC_HOLIDAYS: readonly Holiday[] = [
  // 2025 (Giáp Thìn → Ất Tỵ)
  { date: '2025-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' },
  // Announced break Sat 25/01–Sun 02/02 (26 Chạp–mùng 5), Monday 27/01 swapped with Saturday 15/02;
  // 01/02 is a Saturday inside the break and no further day off followed it (verify).
  { date: '2025-01-27', name: 'Nghỉ hoán đổi dịp Tết Nguyên đán (làm bù thứ Bảy 15/02/2025)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'HOLIDAY' },
  { date: '2025-01-29', name: 'Tết Nguyên đán (mùng 1 Tết)', kind: 'HOLIDAY' },
  { date: '2025-01-30', name: 'Tết Nguyên đán (mùng 2 Tết)', kind: 'HOLIDAY' },
  { date: '2025-01-31', name: 'Tết Nguyên đán (mùng 3 Tết)', kind: 'HOLIDAY' },
  { date: '2025-02-01', name: 'Tết Nguyên đán (mùng 4 Tết)', kind: 'HOLIDAY' },
  { date: '2025-02-15', name: 'Làm bù cho ngày nghỉ hoán đổi 27/01/2025', kind: 'MAKEUP_WORKING_DAY' },
  { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'HOLIDAY' },
  // 30/4–1/5 extended to five days: Friday 02/05 swapped with Saturday 26/04 (verify).
  { date: '2025-04-26', name: 'Làm bù cho ngày nghỉ hoán đổi 02/05/2025', kind: 'MAKEUP_WORKING_DAY' },
  { date: '2025-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'HOLIDAY' },
  { date: '2025-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'HOLIDAY' },
  { date: '2025-05-02', name: 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/04/2025)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2025-09-01', name: 'Quốc khánh (ngày liền trước 2/9)', kind: 'HOLIDAY' },
  { date: '2025-09-02', name: 'Quốc khánh (2/9)', kind: 'HOLIDAY' },

  // 2026 (Ất Tỵ → Bính Ngọ)
  { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' },
  // Government agreed on 25/12/2025: Friday 02/01 swapped with Saturday 10/01, a 4-day New Year break.
  { date: '2026-01-02', name: 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2026-01-10', name: 'Làm bù cho ngày nghỉ hoán đổi 02/01/2026', kind: 'MAKEUP_WORKING_DAY' },
  // Announced break Sat 14/02–Sun 22/02 (27 Chạp–mùng 6): the 5 Tết days are Monday–Friday, no swap.
  { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'HOLIDAY' },
  { date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1 Tết)', kind: 'HOLIDAY' },
  { date: '2026-02-18', name: 'Tết Nguyên đán (mùng 2 Tết)', kind: 'HOLIDAY' },
  { date: '2026-02-19', name: 'Tết Nguyên đán (mùng 3 Tết)', kind: 'HOLIDAY' },
  { date: '2026-02-20', name: 'Tết Nguyên đán (mùng 4 Tết)', kind: 'HOLIDAY' },
  // 10/3 lunar is a Sunday: compensatory day off on Monday.
  { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'HOLIDAY' },
  { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2026-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'HOLIDAY' },
  { date: '2026-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'HOLIDAY' },
  // National Day on Tue 01/09–Wed 02/09; Monday 31/08 swapped with Saturday 22/08 for a 5-day break
  // (Ministry of Home Affairs proposal of October 2025, verify the final decision).
  { date: '2026-08-22', name: 'Làm bù cho ngày nghỉ hoán đổi 31/08/2026', kind: 'MAKEUP_WORKING_DAY' },
  { date: '2026-08-31', name: 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2026-09-01', name: 'Quốc khánh (ngày liền trước 2/9)', kind: 'HOLIDAY' },
  { date: '2026-09-02', name: 'Quốc khánh (2/9)', kind: 'HOLIDAY' },

  // 2027 (Bính Ngọ → Đinh Mùi): not announced yet when written; computed by the Labour Code alone.
  { date: '2027-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' },
  // Usual layout: last day of the lunar year + mùng 1–4. Mùng 1 and 2 fall on Saturday and Sunday, hence
  // two compensatory days. Replace with the announced days when published.
  { date: '2027-02-05', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'HOLIDAY' },
  { date: '2027-02-06', name: 'Tết Nguyên đán (mùng 1 Tết)', kind: 'HOLIDAY' },
  { date: '2027-02-07', name: 'Tết Nguyên đán (mùng 2 Tết)', kind: 'HOLIDAY' },
  { date: '2027-02-08', name: 'Tết Nguyên đán (mùng 3 Tết)', kind: 'HOLIDAY' },
  { date: '2027-02-09', name: 'Tết Nguyên đán (mùng 4 Tết)', kind: 'HOLIDAY' },
  { date: '2027-02-10', name: 'Nghỉ bù Tết Nguyên đán (mùng 1 Tết trùng thứ Bảy)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2027-02-11', name: 'Nghỉ bù Tết Nguyên đán (mùng 2 Tết trùng Chủ nhật)', kind: 'COMPENSATORY_DAY_OFF' },
  { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'HOLIDAY' },
  { date: '2027-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'HOLIDAY' },
  // 1/5 is a Saturday: compensatory day off on Monday.
  { date: '2027-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'HOLIDAY' },
  { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động', kind: 'COMPENSATORY_DAY_OFF' },
  // 2/9 is a Thursday; the adjacent day chosen here is Friday 03/09 (replace if the announcement differs).
  { date: '2027-09-02', name: 'Quốc khánh (2/9)', kind: 'HOLIDAY' },
  { date: '2027-09-03', name: 'Quốc khánh (ngày liền sau 2/9)', kind: 'HOLIDAY' },
];
