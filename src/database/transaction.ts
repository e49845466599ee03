import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One transaction per use case: the callback receives the manager every write of the use case goes through. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}
