import type { WorkerHost } from '@nestjs/bullmq';

/**
 * Closes a processor's BullMQ worker, waiting for the jobs under way. Called from beforeApplicationShutdown,
 * which runs before any onApplicationShutdown: the queues, Redis and PostgreSQL those jobs need close only
 * afterwards (left to the framework, the queues could close first and cut the jobs short).
 */
export async function closeWorkerFirst(host: WorkerHost): Promise<void> {
  let worker: WorkerHost['worker'];
  try {
    worker = host.worker;
  } catch {
    return; // never started
  }
  await worker.close();
}
