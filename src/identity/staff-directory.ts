import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { User } from './user.entity';

/** Staff members' full names by username, for screens that name the people at work (never children or reporters). */
@Injectable()
export class StaffDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async fullNames(usernames: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(usernames.filter((u) => !!u))];
    if (wanted.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).find({ select: { username: true, fullName: true }, where: { username: In(wanted) } });
    return new Map(users.map((u) => [u.username, u.fullName]));
  }
}
