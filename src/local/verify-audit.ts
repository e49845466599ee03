import { createDataSource } from '../database/data-source';
import { withLocalDatabase } from './local-database';
import { verifyAuditChain } from '../audit/audit-chain';

/**
 * `npm run audit:verify`: recomputes the audit log's hash chain and names the first row that does not fit.
 * Exit code 0 when the chain holds, 2 when it is broken, 1 when it could not be checked.
 */
async function main(): Promise<number> {
  return withLocalDatabase(async (url) => {
    const ds = createDataSource(url, 1);
    await ds.initialize();
    try {
      const verdict = await verifyAuditChain(ds);
      console.log(JSON.stringify(verdict, null, 2));
      if (verdict.ok) console.log(`audit chain intact: ${verdict.checked} rows`);
      else console.error(`audit chain BROKEN at row ${verdict.firstBroken!.id} (chain position ${verdict.firstBroken!.chainSeq ?? 'none'}): ${verdict.firstBroken!.reason}`);
      return verdict.ok ? 0 : 2;
    } finally {
      await ds.destroy();
    }
  }, console.log);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error((error as Error).message ?? error);
      process.exit(1);
    },
  );
}
