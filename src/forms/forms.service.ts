import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { CasesService } from '../cases/cases.service';
import { renderDocx } from './docx.renderer';
import { FormFacts } from './form-facts';
import { FORM_CODES, FormCode, FormFormat } from './form-document';
import { layoutForm } from './form-layouts.rules';
import { FormsRepository } from './forms.repository';
import { renderPdf } from './pdf.renderer';

export interface FormFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPE: Record<FormFormat, string> = {
  [FormFormat.PDF]: 'application/pdf',
  [FormFormat.DOCX]: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

type CaseDetail = Awaited<ReturnType<CasesService['get']>>;
type Row = Record<string, unknown>;

/**
 * The official forms of Decree 56/2017 filled from a case (product.md §12). Whoever may read the case may
 * download them; the read of the case's personal data and each download are audited.
 */
@Injectable()
export class FormsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly repo: FormsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async render(principal: Principal, caseId: string, form: string, format: FormFormat, meta: RequestMeta): Promise<FormFile> {
    if (!FORM_CODES.includes(form)) throw new NotFoundError('FORM_UNKNOWN', { form, forms: FORM_CODES.join(', ') });
    // Access first: the case's own read refuses a case outside the caller's jurisdiction (and audits the read).
    const detail = await this.cases.get(principal, caseId, meta);
    const manager = this.dataSource.manager;
    const places = await this.repo.placeNames(manager, detail.provinceCode, detail.communeCode);
    const separations = await this.repo.separations(manager, caseId);
    const printedAt = this.clock.now();
    const facts = toFacts(detail, places, separations, printedAt);
    const document = layoutForm(form as FormCode, facts);
    const body = format === FormFormat.DOCX ? await renderDocx(document) : await renderPdf(document, { printedAt });
    await this.audit.record({
      actor: principal,
      action: 'CASE_FORM_DOWNLOADED',
      subjectType: 'CASE',
      subjectId: caseId,
      provinceCode: detail.provinceCode,
      communeCode: detail.communeCode,
      after: { form, format },
      meta,
    });
    return { body, contentType: CONTENT_TYPE[format], fileName: `${document.fileName}.${format}` };
  }
}

const person = (p: Row) => ({
  fullName: (p.fullName as string | null) ?? null,
  description: (p.description as string | null) ?? null,
  sex: (p.sex as string | null) ?? null,
  birthYear: (p.birthYear as number | null) ?? null,
  ethnicity: (p.ethnicity as string | null) ?? null,
  inSchool: (p.inSchool as boolean | null) ?? null,
  circumstances: (p.circumstances as string[] | null) ?? [],
  relationToChild: (p.relationToChild as string | null) ?? null,
  phone: (p.phone as string | null) ?? null,
});

function toFacts(d: CaseDetail, places: { provinceName: string | null; communeName: string | null }, separations: FormFacts['separations'], printedAt: Date): FormFacts {
  const plan = d.plan;
  return {
    caseNumber: d.caseNumber,
    openedAt: new Date(d.openedAt),
    printedAt,
    ...places,
    address: d.address,
    riskLevel: d.riskLevel,
    immediateDanger: d.immediateDanger,
    abuseTypes: d.abuseTypes,
    worker: d.assignee ? { fullName: d.assignee.fullName, username: d.assignee.username } : null,
    children: (d.children as Row[]).map(person),
    reporters: (d.reporters as Row[]).map(person),
    perpetrators: (d.perpetrators as Row[]).map(person),
    reports: (d.reports as Row[]).map((r) => ({
      channel: r.channel as string,
      receivedAt: new Date(r.receivedAt as string),
      narrative: (r.narrative as string | null) ?? null,
      setting: (r.setting as string) ?? 'UNKNOWN',
      abuseTypes: (r.abuseTypes as string[]) ?? [],
      address: (r.address as string | null) ?? null,
      immediateDanger: r.immediateDanger === true,
      reporterAnonymous: r.reporterAnonymous === true,
    })),
    assessments: (d.assessments as Row[]).map((a) => ({
      riskLevel: a.riskLevel as string,
      founded: a.founded as boolean,
      summary: (a.summary as string | null) ?? null,
      factorsChecked: (a.factorsChecked as string[] | null) ?? [],
      childSafeNow: (a.childSafeNow as boolean | null) ?? null,
      personsMet: (a.personsMet as string[] | null) ?? [],
      protectionLevel: (a.protectionLevel as string | null) ?? null,
      assessedAt: new Date(a.assessedAt as string),
      assessedBy: (a.assessedBy as string | null) ?? null,
    })),
    plan: plan
      ? {
          versionNumber: plan.versionNumber,
          status: plan.status,
          goals: plan.goals,
          items: plan.items.map((i) => ({ ...i, measureType: i.measureType ?? null })),
          submittedAt: new Date(plan.submittedAt),
          submittedBy: plan.submittedBy,
          decidedAt: plan.decidedAt ? new Date(plan.decidedAt) : null,
          decidedBy: plan.decidedBy,
        }
      : null,
    reviews: (d.reviews as Row[]).map((r) => ({
      summary: r.summary as string,
      items: (r.items as { index: number; done: boolean; note?: string }[]) ?? [],
      nextRound: r.nextRound === true,
      reviewedAt: new Date(r.reviewedAt as string),
      reviewedBy: (r.reviewedBy as string | null) ?? null,
    })),
    measures: (d.emergencyMeasures as Row[]).map((m) => ({ measureType: m.measureType as string, description: m.description as string, takenAt: new Date(m.takenAt as string) })),
    separations,
  };
}
