import { vietnamWallClock } from '../common/vietnam-time';

/**
 * Form posts (application/x-www-form-urlencoded) turned into the API's request bodies. Pure: the services
 * validate the result exactly as they validate JSON from API clients.
 */
export type FormBody = Record<string, unknown>;

/**
 * A form body, or an empty one when the request carried none the app parses (e.g. multipart, text/plain):
 * the page then answers with its validation messages instead of failing on an undefined body.
 */
export class FormBodyPipe {
  transform(value: unknown): FormBody {
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as FormBody) : {};
  }
}

export function field(body: FormBody, name: string): string {
  const v = body?.[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0].trim() : '';
  return typeof v === 'string' ? v.trim() : '';
}

export function fields(body: FormBody, name: string): string[] {
  const v = body?.[name];
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

export function flag(body: FormBody, name: string): boolean {
  return fields(body, name).some((v) => v === 'true' || v === 'on');
}

const opt = (v: string): string | undefined => (v === '' ? undefined : v);

/** A whole number from a form field; text that is not one is passed on so validation names the field. */
function int(v: string): number | string | undefined {
  if (v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/** `YYYY-MM-DDTHH:mm` of a datetime-local field, read as Vietnam time (UTC+7, no daylight saving). */
export function vnLocalToIso(value: string): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+07:00` : value;
}

/** The value a datetime-local field shows for an instant, in Vietnam time. */
export function isoToVnLocal(at: Date): string {
  return vietnamWallClock(at).toISOString().slice(0, 16);
}

/** The report part shared by the online form and the operator's call form. */
export function reportFromForm(body: FormBody): Record<string, unknown> {
  const anonymous = flag(body, 'anonymous');
  const reporterName = field(body, 'reporterName');
  const reporterPhone = field(body, 'reporterPhone');
  const relation = field(body, 'relation');
  const childName = field(body, 'childName');
  const report: Record<string, unknown> = {
    reporter: {
      anonymous,
      name: anonymous ? undefined : opt(reporterName),
      phone: anonymous ? undefined : opt(reporterPhone),
      relationToChild: opt(relation),
      consentToShareWithPolice: !anonymous && flag(body, 'consentPolice') ? true : undefined,
    },
    children: childName ? [{ fullName: childName, sex: opt(field(body, 'childSex')), age: int(field(body, 'childAge')) }] : [],
    location: {
      provinceCode: opt(field(body, 'provinceCode')),
      communeCode: opt(field(body, 'communeCode')),
      address: opt(field(body, 'address')),
    },
    abuseTypes: fields(body, 'abuseTypes'),
    narrative: opt(field(body, 'narrative')),
    immediateDanger: flag(body, 'immediateDanger'),
    setting: opt(field(body, 'setting')),
  };
  const perpetrator = field(body, 'perpetrator');
  const perpetratorRelation = field(body, 'perpetratorRelation');
  if (perpetrator || perpetratorRelation) report.perpetrators = [{ relationToChild: opt(perpetratorRelation), description: opt(perpetrator) }];
  return stripUndefined(report);
}

export function onlineReportFromForm(body: FormBody): Record<string, unknown> {
  return stripUndefined({ ...reportFromForm(body), website: opt(field(body, 'website')) });
}

/** The call of `POST /api/v1/intake/calls`; a report is attached only to calls that make one. */
export function callFromForm(body: FormBody, startedAtFallback: Date): Record<string, unknown> {
  const callType = field(body, 'callType');
  const riskFlagged = flag(body, 'riskFlagged');
  const makesReport = callType === 'REPORT' || (callType === 'COUNSELLING' && riskFlagged);
  return stripUndefined({
    callType: opt(callType),
    channel: opt(field(body, 'channel')),
    callerPhone: opt(field(body, 'callerPhone')),
    startedAt: field(body, 'startedAt') || startedAtFallback.toISOString(),
    riskFlagged: riskFlagged || undefined,
    report: makesReport ? reportFromForm({ ...body, reporterPhone: field(body, 'reporterPhone') || field(body, 'callerPhone') }) : undefined,
    linkToCaseId: makesReport ? opt(field(body, 'linkToCaseId')) : undefined,
    notes: opt(field(body, 'notes')),
  });
}

/** `POST /api/v1/cases/{id}/transitions` from the step forms of the case page. */
export function transitionFromForm(body: FormBody): Record<string, unknown> {
  const to = field(body, 'to');
  const out: Record<string, unknown> = { to: opt(to), expectedVersion: int(field(body, 'expectedVersion')) };
  if (field(body, 'riskLevel') || field(body, 'founded') || field(body, 'summary')) {
    const founded = field(body, 'founded');
    out.assessment = {
      riskLevel: opt(field(body, 'riskLevel')),
      founded: founded === 'true' ? true : founded === 'false' ? false : undefined,
      summary: opt(field(body, 'summary')),
      childSafeNow: field(body, 'childSafeNow') === 'true' ? true : field(body, 'childSafeNow') === 'false' ? false : undefined,
      protectionLevel: opt(field(body, 'protectionLevel')),
      personsMet: lines(field(body, 'personsMet')),
    };
  }
  // The step forms carry closure fields beside other choices: they count only when the case is being closed.
  if (to === 'CLOSED' && (field(body, 'closureReason') || field(body, 'closureNote'))) {
    out.closure = { reason: opt(field(body, 'closureReason')), note: opt(field(body, 'closureNote') || field(body, 'summary') || field(body, 'reviewSummary')) };
  }
  if (field(body, 'reviewSummary')) {
    const next = field(body, 'nextRound');
    const nextRound = next === 'true' ? true : next === 'false' ? false : to === 'INTERVENING' ? true : to === 'CLOSED' ? false : undefined;
    out.review = { summary: field(body, 'reviewSummary'), items: [], nextRound };
  }
  if (field(body, 'reopenReason')) out.reopenReason = field(body, 'reopenReason');
  return stripUndefined(out);
}

/** Plan editor: goals one per line, items as rows of parallel fields (empty rows ignored). */
export function planFromForm(body: FormBody): Record<string, unknown> {
  const services = listOf(body, 'itemService');
  const agencies = listOf(body, 'itemAgency');
  const persons = listOf(body, 'itemPerson');
  const dues = listOf(body, 'itemDue');
  const items = services
    .map((service, i) => ({ service: opt(service), responsibleAgencyType: opt(agencies[i] ?? ''), responsiblePerson: opt(persons[i] ?? ''), dueDate: opt(dues[i] ?? '') }))
    .filter((i) => i.service || i.responsiblePerson || i.dueDate);
  return stripUndefined({ goals: lines(field(body, 'goals')), items, expectedVersion: int(field(body, 'expectedVersion')) });
}

/** Every value of a repeated field, empty ones kept so parallel lists stay aligned. */
function listOf(body: FormBody, name: string): string[] {
  const v = body?.[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (typeof x === 'string' ? x.trim() : ''));
}

function lines(text: string): string[] | undefined {
  const out = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return out.length ? out : undefined;
}

export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out as T;
  }
  return value;
}
