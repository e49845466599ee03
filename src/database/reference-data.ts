import { DataSource } from 'typeorm';
import { syncGeography } from '../geography/geography.sync';
import { syncRoutingRules } from '../referrals/routing.sync';
import { syncDeadlineReferenceData } from '../deadlines/deadlines.sync';

/**
 * Reference data every deployment needs (official geography, default policies). Runs after migrations;
 * idempotent, and never overwrites what administrators have edited.
 */
export async function syncReferenceData(dataSource: DataSource, log: (line: string) => void): Promise<void> {
  await syncGeography(dataSource, log);
  await syncRoutingRules(dataSource, log);
  await syncDeadlineReferenceData(dataSource, log);
}
