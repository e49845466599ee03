import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

/**
 * `npm run migration:generate -- <Name>`: compares the entities with the database (after pending migrations)
 * and writes a reviewed-by-a-person-before-commit migration into migrations/.
 */
async function main(): Promise<void> {
  const name = (process.argv[2] ?? '').replace(/[^A-Za-z0-9]/g, '');
  if (!name) throw new Error('Give the migration a name: npm run migration:generate -- AddSomething');
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl, 2);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('The entities and the database agree: no migration needed.');
      return;
    }
    const timestamp = Date.now();
    const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
    const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
      .join('\n');
    const file = join(__dirname, '..', '..', '..', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`Wrote ${file}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
