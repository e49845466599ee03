import { DataSource } from 'typeorm';
import { Agency } from '../referrals/agency.entity';
import { AgencyType } from '../referrals/enums';
import { User } from '../identity/user.entity';
import { JurisdictionLevel, Role } from '../identity/enums';
import { hashPassword } from '../identity/password';

/**
 * Demo data for local mode only (never in production): agencies of every type in Quảng Ninh (22) and
 * Hải Phòng (31), and one user per role. Idempotent: re-running updates passwords, creates nothing twice.
 */
const AGENCY_NAMES: Record<AgencyType, (province: string) => string> = {
  [AgencyType.POLICE]: (p) => `Công an tỉnh/thành phố ${p}`,
  [AgencyType.HEALTH]: (p) => `Sở Y tế ${p}`,
  [AgencyType.EDUCATION]: (p) => `Sở Giáo dục và Đào tạo ${p}`,
  [AgencyType.SOCIAL_SERVICES]: (p) => `Trung tâm Công tác xã hội ${p}`,
  [AgencyType.JUSTICE]: (p) => `Trung tâm Trợ giúp pháp lý nhà nước ${p}`,
  [AgencyType.LOCAL_AUTHORITY]: (p) => `Ủy ban nhân dân ${p}`,
};

export const DEMO_PROVINCES = [
  { code: '22', name: 'Quảng Ninh', slug: 'qn' },
  { code: '31', name: 'Hải Phòng', slug: 'hp' },
];

interface DemoUser {
  username: string;
  fullName: string;
  role: Role;
  level: JurisdictionLevel;
  provinceCode?: string;
  agency?: { province: string; type: AgencyType };
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', role: Role.ADMIN, level: JurisdictionLevel.NATIONAL },
  // A second admin approves what one admin may not do alone (a national supervisor, a supervisor's password).
  { username: 'admin2', fullName: 'Quản trị hệ thống 2', role: Role.ADMIN, level: JurisdictionLevel.NATIONAL },
  { username: 'operator.111', fullName: 'Tổng đài viên 111', role: Role.HOTLINE_OPERATOR, level: JurisdictionLevel.NATIONAL },
  { username: 'operator.qn', fullName: 'Tổng đài viên Quảng Ninh', role: Role.HOTLINE_OPERATOR, level: JurisdictionLevel.PROVINCE, provinceCode: '22' },
  { username: 'worker.qn', fullName: 'Nguyễn Thị Lan (CTXH Quảng Ninh)', role: Role.CASE_WORKER, level: JurisdictionLevel.PROVINCE, provinceCode: '22' },
  { username: 'worker.hp', fullName: 'Trần Văn Minh (CTXH Hải Phòng)', role: Role.CASE_WORKER, level: JurisdictionLevel.PROVINCE, provinceCode: '31' },
  {
    username: 'police.qn',
    fullName: 'Cán bộ Công an Quảng Ninh',
    role: Role.AGENCY_OFFICER,
    level: JurisdictionLevel.PROVINCE,
    provinceCode: '22',
    agency: { province: '22', type: AgencyType.POLICE },
  },
  {
    username: 'health.qn',
    fullName: 'Cán bộ Y tế Quảng Ninh',
    role: Role.AGENCY_OFFICER,
    level: JurisdictionLevel.PROVINCE,
    provinceCode: '22',
    agency: { province: '22', type: AgencyType.HEALTH },
  },
  {
    username: 'education.qn',
    fullName: 'Cán bộ Giáo dục Quảng Ninh',
    role: Role.AGENCY_OFFICER,
    level: JurisdictionLevel.PROVINCE,
    provinceCode: '22',
    agency: { province: '22', type: AgencyType.EDUCATION },
  },
  {
    username: 'social.qn',
    fullName: 'Cán bộ CTXH Quảng Ninh',
    role: Role.AGENCY_OFFICER,
    level: JurisdictionLevel.PROVINCE,
    provinceCode: '22',
    agency: { province: '22', type: AgencyType.SOCIAL_SERVICES },
  },
  {
    username: 'justice.qn',
    fullName: 'Trợ giúp viên pháp lý Quảng Ninh',
    role: Role.AGENCY_OFFICER,
    level: JurisdictionLevel.PROVINCE,
    provinceCode: '22',
    agency: { province: '22', type: AgencyType.JUSTICE },
  },
  { username: 'supervisor.qn', fullName: 'Trưởng phòng Trẻ em Quảng Ninh', role: Role.SUPERVISOR, level: JurisdictionLevel.PROVINCE, provinceCode: '22' },
  { username: 'supervisor.hp', fullName: 'Trưởng phòng Trẻ em Hải Phòng', role: Role.SUPERVISOR, level: JurisdictionLevel.PROVINCE, provinceCode: '31' },
];

export async function seedDemo(dataSource: DataSource, password: string, log: (line: string) => void = console.log): Promise<void> {
  const passwordHash = await hashPassword(password);
  await dataSource.transaction(async (manager) => {
    const agencies = manager.getRepository(Agency);
    const agencyIds = new Map<string, string>();
    for (const province of DEMO_PROVINCES) {
      for (const type of Object.values(AgencyType)) {
        const name = AGENCY_NAMES[type](province.name);
        let agency = await agencies.findOneBy({ type, provinceCode: province.code, name });
        agency ??= await agencies.save({ type, name, provinceCode: province.code, communeCode: null, email: null, phone: null });
        agencyIds.set(`${province.code}:${type}`, agency.id);
      }
    }
    const users = manager.getRepository(User);
    for (const u of DEMO_USERS) {
      const values = {
        username: u.username,
        fullName: u.fullName,
        role: u.role,
        jurisdictionLevel: u.level,
        provinceCode: u.provinceCode ?? null,
        communeCode: null,
        agencyId: u.agency ? agencyIds.get(`${u.agency.province}:${u.agency.type}`)! : null,
        passwordHash,
        active: true,
      };
      const existing = await users.findOneBy({ username: u.username });
      if (existing) await users.update({ id: existing.id }, values);
      else await users.insert(values);
    }
  });
  log(`demo data: ${DEMO_PROVINCES.length * Object.values(AgencyType).length} agencies, ${DEMO_USERS.length} users`);
}
