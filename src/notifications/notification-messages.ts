import { AgencyType } from '../referrals/enums';
import { DeadlineKey } from '../deadlines/enums';

/**
 * The words of the notifications this codebase sends, in the two UI languages (product.md §9: Vietnamese by
 * default, English switch). Each recipient gets the text in their own locale. Texts name the case number and
 * the obligation, never a child, a reporter or any other personal data: they also leave the system by email
 * and SMS.
 */

export type Locale = 'vi' | 'en';
export type Localized = string | Readonly<Record<Locale, string>>;

export function localize(text: Localized, locale: string | null | undefined): string {
  if (typeof text === 'string') return text;
  return locale === 'en' ? text.en : text.vi;
}

const OBLIGATION: Record<DeadlineKey, Record<Locale, string>> = {
  [DeadlineKey.CASE_ASSESSMENT]: { vi: 'xác minh, đánh giá nguy cơ ban đầu', en: 'verification and initial risk assessment' },
  [DeadlineKey.CASE_PLAN]: { vi: 'lập kế hoạch hỗ trợ, can thiệp', en: 'support/intervention plan' },
  [DeadlineKey.CASE_REVIEW]: { vi: 'đánh giá kết quả thực hiện kế hoạch', en: 'review of the plan’s results' },
  [DeadlineKey.REFERRAL_ACKNOWLEDGE]: { vi: 'tiếp nhận yêu cầu chuyển gửi', en: 'acknowledging the referral' },
  [DeadlineKey.REFERRAL_COMPLETE]: { vi: 'hoàn thành yêu cầu chuyển gửi', en: 'completing the referral' },
  [DeadlineKey.URGENT_PROTECTION]: { vi: 'áp dụng biện pháp can thiệp khẩn cấp (12 giờ)', en: 'urgent protection measures (12 hours)' },
  [DeadlineKey.PLAN_APPROVAL]: { vi: 'phê duyệt kế hoạch hỗ trợ, can thiệp', en: 'approving the support/intervention plan' },
  [DeadlineKey.SEPARATION_END]: { vi: 'kết thúc hoặc gia hạn cách ly tạm thời trẻ em', en: 'ending or extending the temporary separation' },
  [DeadlineKey.REPORTER_NOTIFICATION]: { vi: 'thông báo kết quả giải quyết cho người tố giác', en: 'telling the reporter the police decision' },
};

const AGENCY: Record<AgencyType, Record<Locale, string>> = {
  [AgencyType.POLICE]: { vi: 'công an', en: 'police' },
  [AgencyType.HEALTH]: { vi: 'y tế', en: 'health' },
  [AgencyType.EDUCATION]: { vi: 'giáo dục', en: 'education' },
  [AgencyType.SOCIAL_SERVICES]: { vi: 'công tác xã hội', en: 'social services' },
  [AgencyType.JUSTICE]: { vi: 'tư pháp', en: 'justice' },
  [AgencyType.LOCAL_AUTHORITY]: { vi: 'chính quyền địa phương', en: 'local authority' },
};

const agency = (type: string, locale: Locale) => AGENCY[type as AgencyType]?.[locale] ?? type;
const obligation = (key: DeadlineKey, locale: Locale) => OBLIGATION[key]?.[locale] ?? key;
const both = (make: (l: Locale) => string): Record<Locale, string> => ({ vi: make('vi'), en: make('en') });

/** Vietnamese time of day and date for a due time, e.g. "14:00 22/11/2026". */
function vnTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

export interface DeadlineMessageFacts {
  key: DeadlineKey;
  caseNumber: string;
  dueAt: Date;
  /** 0 when it became overdue; 1 or 2 for an escalation. */
  level: number;
}

export const messages = {
  deadlineOverdue: (f: DeadlineMessageFacts) => ({
    title: both((l) => (l === 'vi' ? `Quá hạn ${obligation(f.key, l)} — hồ sơ ${f.caseNumber}` : `Overdue: ${obligation(f.key, l)} — case ${f.caseNumber}`)),
    body: both((l) =>
      l === 'vi'
        ? `Thời hạn ${obligation(f.key, l)} của hồ sơ ${f.caseNumber} đã hết lúc ${vnTime(f.dueAt)} (giờ Việt Nam). Đề nghị xử lý ngay.`
        : `The time limit for ${obligation(f.key, l)} of case ${f.caseNumber} ran out at ${vnTime(f.dueAt)} (Vietnam time). Please act now.`,
    ),
  }),
  deadlineEscalated: (f: DeadlineMessageFacts) => ({
    title: both((l) =>
      l === 'vi'
        ? `Báo cáo vượt cấp (mức ${f.level}): quá hạn ${obligation(f.key, l)} — hồ sơ ${f.caseNumber}`
        : `Escalation (level ${f.level}): ${obligation(f.key, l)} overdue — case ${f.caseNumber}`,
    ),
    body: both((l) =>
      l === 'vi'
        ? `Hồ sơ ${f.caseNumber} quá hạn ${obligation(f.key, l)} từ ${vnTime(f.dueAt)} (giờ Việt Nam) mà chưa được xử lý. Đề nghị chỉ đạo giải quyết.`
        : `Case ${f.caseNumber} has been overdue for ${obligation(f.key, l)} since ${vnTime(f.dueAt)} (Vietnam time) and is still not done. Please step in.`,
    ),
  }),
  referralDeclined: (f: { caseNumber: string; agencyType: string; reason: string }) => ({
    title: both((l) =>
      l === 'vi'
        ? `Cơ quan ${agency(f.agencyType, l)} từ chối yêu cầu chuyển gửi — hồ sơ ${f.caseNumber}`
        : `The ${agency(f.agencyType, l)} agency declined the referral — case ${f.caseNumber}`,
    ),
    body: both((l) => (l === 'vi' ? `Lý do: ${f.reason}. Đề nghị chuyển gửi lại cho cơ quan phù hợp.` : `Reason: ${f.reason}. Please refer the case again.`)),
  }),
  referralCompleted: (f: { caseNumber: string; agencyType: string; outcomeCode: string }) => ({
    title: both((l) =>
      l === 'vi'
        ? `Cơ quan ${agency(f.agencyType, l)} đã hoàn thành yêu cầu chuyển gửi — hồ sơ ${f.caseNumber}`
        : `The ${agency(f.agencyType, l)} agency completed the referral — case ${f.caseNumber}`,
    ),
    body: both((l) => (l === 'vi' ? `Kết quả: ${f.outcomeCode}.` : `Outcome: ${f.outcomeCode}.`)),
  }),
  routingNoAgency: (f: { caseNumber: string; agencyType: string }) => ({
    title: both((l) =>
      l === 'vi'
        ? `Không có cơ quan ${agency(f.agencyType, l)} phụ trách địa bàn — hồ sơ ${f.caseNumber}`
        : `No ${agency(f.agencyType, l)} agency serves the place — case ${f.caseNumber}`,
    ),
    body: both((l) =>
      l === 'vi'
        ? `Quy tắc điều phối yêu cầu chuyển gửi hồ sơ ${f.caseNumber} cho cơ quan ${agency(f.agencyType, l)} nhưng địa bàn chưa có cơ quan nào. Đề nghị chuyển gửi thủ công.`
        : `Routing asked for a ${agency(f.agencyType, l)} agency for case ${f.caseNumber}, but none serves the place. Please refer the case by hand.`,
    ),
  }),
  /** The line under the title in an email or SMS: the details stay in the system. */
  externalFooter: both((l) => (l === 'vi' ? 'Đăng nhập hệ thống Bảo vệ trẻ em để xem chi tiết.' : 'Log in to the child-protection system for the details.')),
};
