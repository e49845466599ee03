import { DataSource } from 'typeorm';
import { DEFAULT_ROUTING_RULES } from './routing.rules';

/**
 * Seeds the default routing rules (version 1) into an empty `routing_rule` table. Once any rule exists the
 * table belongs to the administrators: their edits and deactivations are never overwritten. The insert is a
 * single statement guarded by NOT EXISTS and the (number, version) key, so concurrent starts seed once.
 */
export async function syncRoutingRules(dataSource: DataSource, log: (line: string) => void): Promise<void> {
  const rules = DEFAULT_ROUTING_RULES;
  const inserted: unknown[] = await dataSource.query(
    `INSERT INTO routing_rule (number, version, name, name_vi, condition, agency_types, active)
     SELECT r.number, r.version, r.name, r.name_vi, r.condition, ARRAY(SELECT jsonb_array_elements_text(r.agency_types)), r.active
       FROM jsonb_to_recordset($1::jsonb) AS r(number int, version int, name text, name_vi text, condition jsonb, agency_types jsonb, active boolean)
      WHERE NOT EXISTS (SELECT 1 FROM routing_rule)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        rules.map((r) => ({
          number: r.number,
          version: r.version,
          name: r.name,
          name_vi: r.nameVi ?? null,
          condition: r.condition,
          agency_types: r.agencyTypes,
          active: r.active,
        })),
      ),
    ],
  );
  log(inserted.length > 0 ? `routing rules: ${inserted.length} default rules seeded` : 'routing rules: kept as administered');
}
