import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { HolidayKind } from './working-calendar.rules';

/** Dated exceptions to the Monday–Friday week (working-calendar.rules.ts); editable data, seeded from vn-holidays.ts. */
@Entity('public_holiday')
@Check('chk_public_holiday_kind', `kind IN ('HOLIDAY','COMPENSATORY_DAY_OFF','MAKEUP_WORKING_DAY')`)
@Check('chk_public_holiday_name', `length(btrim(name)) > 0`)
export class PublicHoliday {
  /** Local date in Vietnam, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: HolidayKind;
}
