import { vietnamWallClock } from '../common/vietnam-time';
import { ageInYearOf } from '../intake/age.rules';
import { foldVietnamese } from '../intake/normalise.rules';
import { translator } from '../common/i18n';
import { FormFacts, FormPerson } from './form-facts';
import { FormCode, FormDocument, FormLine, FormSignature } from './form-document';

/**
 * The layout of each official form of Decree 56/2017 (domain.md, forms table), filled from a case. Where the
 * annex gave no printed layout, the form is laid out from its article's content. The forms are official
 * Vietnamese documents, so they are written in Vietnamese whatever the user's language; enum values take
 * their Vietnamese labels from the vi catalogue. Pure: no I/O, no clock (the print time is a fact).
 */

const t = translator('vi');
const pad = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy in Vietnam. */
export function vnDate(at: Date | null | undefined): string | null {
  if (!at) return null;
  const d = vietnamWallClock(at);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** HH:mm dd/mm/yyyy in Vietnam. */
export function vnDateTime(at: Date | null | undefined): string | null {
  if (!at) return null;
  const d = vietnamWallClock(at);
  return `${pad(d.getUTCHours())} giờ ${pad(d.getUTCMinutes())}, ngày ${vnDate(at)}`;
}

/** "<place>, ngày 06 tháng 03 năm 2026", the date line of an administrative document. */
function placeAndDate(place: string | null, at: Date | null): string {
  const where = place ?? '……………';
  if (!at) return `${where}, ngày …… tháng …… năm ……`;
  const d = vietnamWallClock(at);
  return `${where}, ngày ${pad(d.getUTCDate())} tháng ${pad(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
}

const label = (prefix: string, value: string | null | undefined) => (value ? t(`${prefix}.${value}`) : null);
const list = (prefix: string, values: string[]) => (values.length ? values.map((v) => t(`${prefix}.${v}`)).join('; ') : null);
const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 'Có' : 'Không');
const orNull = (text: string | null | undefined) => (text && text.trim() ? text.trim() : null);

function childName(c: FormPerson | undefined): string | null {
  return c ? (orNull(c.fullName) ?? orNull(c.description)) : null;
}

function ageText(c: FormPerson, at: Date): string | null {
  if (c.birthYear === null) return null;
  return `Năm sinh ${c.birthYear} (khoảng ${ageInYearOf(c.birthYear, at)} tuổi)`;
}

function sexText(sex: string | null): string | null {
  return sex ? t(`report.sex.${sex}`) : null;
}

function place(f: FormFacts): string | null {
  const parts = [orNull(f.address), orNull(f.communeName), orNull(f.provinceName)].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}

function settings(f: FormFacts): string | null {
  const known = [...new Set(f.reports.map((r) => r.setting))].filter((s) => s !== 'UNKNOWN');
  return known.length ? list('setting', known) : null;
}

function issuer(f: FormFacts): string[] {
  return ['ỦY BAN NHÂN DÂN', (f.communeName ?? '……………………').toUpperCase()];
}

function childLines(f: FormFacts, at: Date): FormLine[] {
  const children = f.children.length ? f.children : [null];
  return children.flatMap((c, i) => {
    const head: FormLine[] = children.length > 1 ? [{ kind: 'text', text: `Trẻ em thứ ${i + 1}:` }] : [];
    return [
      ...head,
      { kind: 'field', label: 'Họ và tên trẻ em', value: c ? childName(c) : null },
      { kind: 'field', label: 'Ngày, tháng, năm sinh hoặc tuổi ước tính', value: c ? ageText(c, at) : null },
      { kind: 'field', label: 'Giới tính', value: c ? sexText(c.sex) : null },
      { kind: 'field', label: 'Dân tộc', value: c ? orNull(c.ethnicity) : null },
    ];
  });
}

const signature = (title: string, name: string | null, note = '(Ký, ghi rõ họ tên)'): FormSignature => ({ title, note, name });

function fileName(code: FormCode, f: FormFacts): string {
  return `mau-${code}-${foldVietnamese(f.caseNumber).replace(/[^a-z0-9.-]+/gi, '-')}`;
}

function base(code: FormCode, f: FormFacts, title: string, subtitle: string | null, date: Date | null): Omit<FormDocument, 'lines' | 'signatures'> {
  return { code, issuer: issuer(f), number: f.caseNumber, placeAndDate: placeAndDate(f.communeName, date), title, subtitle, recipients: [], fileName: fileName(code, f) };
}

const RECEIVED_HOW: Record<string, string> = {
  HOTLINE_111: 'Qua điện thoại (Tổng đài điện thoại quốc gia bảo vệ trẻ em 111)',
  PROVINCIAL_HOTLINE: 'Qua điện thoại (đường dây nóng của tỉnh)',
  ONLINE_FORM: 'Qua mạng (báo tin trực tuyến)',
  WALK_IN: 'Trực tiếp',
  AGENCY_NOTIFICATION: 'Cơ quan, tổ chức, cá nhân khác thông báo',
  OTHER: 'Hình thức khác',
};

/** Form 01: the record of the information received (Decree 56 art. 25). */
function receipt(f: FormFacts): FormDocument {
  const first = f.reports[0] ?? null;
  const receivedAt = first?.receivedAt ?? f.openedAt;
  // The informant's identity is printed only with their agreement: an anonymous report prints none.
  const reporter = first && !first.reporterAnonymous ? f.reporters[0] : undefined;
  return {
    ...base(FormCode.RECEIPT, f, 'BÁO CÁO TIẾP NHẬN THÔNG TIN, THÔNG BÁO, TỐ GIÁC', 'về trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại', receivedAt),
    lines: [
      { kind: 'section', text: 'A.1. Hình thức và thời gian tiếp nhận' },
      { kind: 'field', label: 'Hình thức tiếp nhận', value: first ? (RECEIVED_HOW[first.channel] ?? null) : null },
      { kind: 'field', label: 'Thời gian tiếp nhận', value: vnDateTime(receivedAt) },
      { kind: 'field', label: 'Mã số hồ sơ', value: f.caseNumber },
      { kind: 'section', text: 'A.2. Thông tin về trẻ em' },
      ...childLines(f, receivedAt),
      { kind: 'field', label: 'Nơi xảy ra vụ việc', value: place(f) },
      { kind: 'field', label: 'Môi trường xâm hại', value: settings(f) },
      { kind: 'field', label: 'Hình thức xâm hại', value: list('abuse', f.abuseTypes) },
      { kind: 'field', label: 'Tình trạng hiện tại của trẻ em', value: orNull(first?.narrative) },
      {
        kind: 'field',
        label: 'Hậu quả có thể xảy ra nếu không được hỗ trợ',
        value: f.immediateDanger ? 'Trẻ em đang gặp nguy hiểm, có nguy cơ bị tổn hại nghiêm trọng' : null,
      },
      { kind: 'field', label: 'Họ và tên cha, tuổi, nghề nghiệp', value: null },
      { kind: 'field', label: 'Họ và tên mẹ, tuổi, nghề nghiệp', value: null },
      { kind: 'field', label: 'Hoàn cảnh gia đình', value: null },
      { kind: 'field', label: 'Người đang trực tiếp chăm sóc trẻ em', value: null },
      {
        kind: 'field',
        label: 'Các hỗ trợ trẻ em đã nhận được',
        value: f.measures.length ? f.measures.map((m) => `${t(`measure.${m.measureType}`)} (${vnDate(m.takenAt)})`).join('; ') : null,
      },
      { kind: 'section', text: 'A.3. Thông tin về người cung cấp thông tin (chỉ ghi khi người cung cấp thông tin đồng ý)' },
      ...(first?.reporterAnonymous
        ? ([{ kind: 'text', text: 'Người cung cấp thông tin không đồng ý cho biết danh tính.' }] as FormLine[])
        : ([
            { kind: 'field', label: 'Họ và tên', value: orNull(reporter?.fullName) },
            { kind: 'field', label: 'Số điện thoại', value: orNull(reporter?.phone) },
            { kind: 'field', label: 'Quan hệ với trẻ em', value: label('relation', reporter?.relationToChild) },
            { kind: 'field', label: 'Địa chỉ', value: null },
          ] as FormLine[])),
      { kind: 'field', label: 'Ghi chú', value: null },
    ],
    signatures: [signature('NGƯỜI TIẾP NHẬN THÔNG TIN', null)],
  };
}

/** Form 02: initial assessment of risk and harm, with temporary safety measures (art. 26). */
function initialAssessment(f: FormFacts): FormDocument {
  const a = f.assessments[f.assessments.length - 1] ?? null;
  const at = a?.assessedAt ?? null;
  return {
    ...base(FormCode.INITIAL_ASSESSMENT, f, 'ĐÁNH GIÁ BAN ĐẦU VỀ NGUY CƠ, MỨC ĐỘ TỔN HẠI', 'và biện pháp bảo đảm an toàn tạm thời cho trẻ em', at),
    lines: [
      { kind: 'section', text: '1. Thông tin về trẻ em' },
      ...childLines(f, f.openedAt),
      { kind: 'field', label: 'Nơi ở hiện tại', value: place(f) },
      { kind: 'field', label: 'Thông tin được tiếp nhận lúc', value: vnDateTime(f.openedAt) },
      { kind: 'section', text: '2. Đánh giá ban đầu' },
      { kind: 'field', label: 'Thời gian đánh giá', value: vnDateTime(at) },
      { kind: 'field', label: 'Hình thức xâm hại', value: list('abuse', f.abuseTypes) },
      { kind: 'field', label: 'Thông tin có cơ sở', value: a ? (a.founded ? 'Có' : 'Không') : null },
      { kind: 'field', label: 'Mức độ nguy cơ', value: label('risk', a?.riskLevel ?? null) },
      { kind: 'field', label: 'Trẻ em hiện đã an toàn', value: yesNo(a?.childSafeNow) },
      { kind: 'field', label: 'Các yếu tố đã xem xét', value: a?.factorsChecked.length ? a.factorsChecked.join('; ') : null },
      { kind: 'field', label: 'Những người đã gặp', value: a?.personsMet.length ? a.personsMet.join('; ') : null },
      { kind: 'field', label: 'Nhận xét', value: orNull(a?.summary) },
      { kind: 'section', text: '3. Biện pháp bảo đảm an toàn tạm thời' },
      ...(f.measures.length
        ? f.measures.map((m): FormLine => ({ kind: 'field', label: `${vnDateTime(m.takenAt)} – ${t(`measure.${m.measureType}`)}`, value: orNull(m.description) }))
        : ([{ kind: 'text', text: null }] as FormLine[])),
      {
        kind: 'text',
        text: f.immediateDanger
          ? 'Trẻ em đang có nguy cơ cao hoặc đang bị tổn hại nghiêm trọng: áp dụng biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em trong vòng 12 giờ kể từ khi nhận được thông tin (Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3).'
          : null,
      },
    ],
    signatures: [
      signature('NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM CẤP XÃ', a?.assessedBy ? (f.worker?.username === a.assessedBy ? f.worker.fullName : a.assessedBy) : (f.worker?.fullName ?? null)),
    ],
  };
}

/** Form 03: detailed information gathering and risk assessment (art. 27(1)). */
function detailedAssessment(f: FormFacts): FormDocument {
  const a = f.assessments[0] ?? null;
  const child = f.children[0];
  return {
    ...base(FormCode.DETAILED_ASSESSMENT, f, 'THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ', 'về tình trạng và nhu cầu của trẻ em', a?.assessedAt ?? null),
    lines: [
      { kind: 'section', text: '1. Thông tin về trẻ em' },
      ...childLines(f, f.openedAt),
      { kind: 'field', label: 'Trẻ em có hoàn cảnh đặc biệt', value: child?.circumstances.length ? child.circumstances.join('; ') : null },
      { kind: 'section', text: '2. Đánh giá chi tiết' },
      { kind: 'field', label: 'a) Tình trạng thể chất, tâm lý, tình cảm của trẻ em', value: orNull(a?.summary) },
      { kind: 'field', label: 'b) Hoàn cảnh gia đình, các mối quan hệ và khả năng bảo vệ trẻ em của cha mẹ, người chăm sóc', value: null },
      { kind: 'field', label: 'c) Những yếu tố có thể gây tổn hại tiếp cho trẻ em', value: a?.factorsChecked.length ? a.factorsChecked.join('; ') : null },
      {
        kind: 'field',
        label: 'd) Việc học tập của trẻ em và khả năng tự bảo vệ',
        value: child?.inSchool === null || child === undefined ? null : child.inSchool ? 'Đang đi học' : 'Không đi học',
      },
      { kind: 'field', label: 'đ) Sự an toàn và hỗ trợ tại cộng đồng', value: null },
      { kind: 'field', label: 'e) Mức độ nguy cơ', value: label('risk', a?.riskLevel ?? f.riskLevel) },
      { kind: 'section', text: '3. Nhu cầu của trẻ em' },
      { kind: 'text', text: 'Chăm sóc y tế; trợ giúp xã hội; giáo dục, học nghề; trợ giúp pháp lý; tư vấn, trị liệu tâm lý; dịch vụ khác:' },
      { kind: 'text', text: null },
      { kind: 'section', text: '4. Ý kiến của trẻ em' },
      { kind: 'text', text: null },
      { kind: 'section', text: '5. Ý kiến của cha mẹ, người chăm sóc (trừ trường hợp họ là người gây tổn hại)' },
      { kind: 'text', text: null },
    ],
    signatures: [signature('NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM CẤP XÃ', f.worker?.fullName ?? null)],
  };
}

function responsible(i: { responsibleAgencyType: string | null; responsiblePerson: string | null }): string | null {
  const parts = [orNull(i.responsiblePerson), label('agency', i.responsibleAgencyType)].filter((p): p is string => !!p);
  return parts.length ? parts.join(' – ') : null;
}

/** Form 04: the support/intervention plan (Decree 56 art. 28(3)). */
function plan(f: FormFacts): FormDocument {
  const p = f.plan;
  return {
    ...base(FormCode.PLAN, f, 'KẾ HOẠCH HỖ TRỢ, CAN THIỆP', childName(f.children[0]) ? `đối với trẻ em ${childName(f.children[0])}` : null, p?.submittedAt ?? null),
    lines: [
      { kind: 'section', text: '1. Thông tin về trẻ em' },
      ...childLines(f, f.openedAt),
      { kind: 'field', label: 'Nơi ở hiện tại', value: place(f) },
      { kind: 'section', text: '2. Mục tiêu' },
      ...(p?.goals.length ? p.goals.map((g): FormLine => ({ kind: 'text', text: `- ${g}` })) : ([{ kind: 'text', text: null }] as FormLine[])),
      { kind: 'section', text: '3. Các dịch vụ, nhiệm vụ hỗ trợ, can thiệp' },
      {
        kind: 'table',
        header: ['TT', 'Dịch vụ, nhiệm vụ', 'Biện pháp (Điều 50 Luật Trẻ em)', 'Người, cơ quan thực hiện', 'Bắt đầu', 'Dự kiến kết thúc', 'Kinh phí'],
        widths: [4, 21, 21, 18, 13, 13, 10],
        rows: p?.items.length
          ? p.items.map((i, n) => [
              String(n + 1),
              i.service,
              label('measure', i.measureType),
              responsible(i),
              vnDate(p.decidedAt),
              vnDate(new Date(`${i.dueDate}T00:00:00+07:00`)),
              null,
            ])
          : [['1', null, null, null, null, null, null]],
      },
      { kind: 'field', label: 'Người làm công tác bảo vệ trẻ em cấp xã phụ trách', value: f.worker?.fullName ?? null },
      { kind: 'field', label: 'Phiên bản kế hoạch', value: p ? `${p.versionNumber} (${t(`planstatus.${p.status}`)})` : null },
    ],
    signatures: [signature('NGƯỜI LẬP KẾ HOẠCH', f.worker?.fullName ?? null)],
  };
}

/** Form 05: the commune chair's decision approving the plan (art. 28(4)–(5)). */
function planApproval(f: FormFacts): FormDocument {
  const p = f.plan;
  const approved = p && p.status === 'APPROVED' ? p : null;
  const who = [...new Set((p?.items ?? []).map(responsible).filter((r): r is string => !!r))];
  const name = childName(f.children[0]);
  return {
    ...base(FormCode.PLAN_APPROVAL, f, 'QUYẾT ĐỊNH', 'Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em', approved?.decidedAt ?? null),
    number: null,
    lines: [
      { kind: 'section', text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${(f.communeName ?? '……………').toUpperCase()}` },
      { kind: 'text', text: 'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;' },
      { kind: 'text', text: 'Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định chi tiết Luật Trẻ em;' },
      { kind: 'text', text: `Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã (hồ sơ ${f.caseNumber}),` },
      { kind: 'section', text: 'QUYẾT ĐỊNH:' },
      { kind: 'field', label: 'Điều 1. Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em', value: name },
      { kind: 'field', label: 'Năm sinh', value: f.children[0]?.birthYear ? String(f.children[0].birthYear) : null },
      { kind: 'field', label: 'Kế hoạch (phiên bản, ngày trình)', value: p ? `Phiên bản ${p.versionNumber}, trình ngày ${vnDate(p.submittedAt)}` : null },
      { kind: 'text', text: '(Có kế hoạch kèm theo)' },
      { kind: 'field', label: 'Điều 2. Các cơ quan, tổ chức, cá nhân thực hiện', value: who.length ? who.join('; ') : null },
      {
        kind: 'text',
        text: 'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Các cơ quan, tổ chức, cá nhân có liên quan, cha mẹ, người chăm sóc trẻ em chịu trách nhiệm thi hành Quyết định này.',
      },
    ],
    signatures: [signature('CHỦ TỊCH', approved?.decidedBy ?? null, '(Ký, ghi rõ họ tên, đóng dấu)')],
    recipients: ['Như Điều 2, Điều 3;', 'Cha mẹ, người chăm sóc trẻ em;', 'Lưu: hồ sơ trẻ em.'],
  };
}

/** Form 06: review of the child's situation after the plan (art. 30). */
function review(f: FormFacts): FormDocument {
  const r = f.reviews[0] ?? null;
  const done = r ? r.items.filter((i) => i.done).length : null;
  const scale = 'Cao □   Trung bình □   Thấp □';
  return {
    ...base(FormCode.REVIEW, f, 'RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM', 'sau khi thực hiện kế hoạch hỗ trợ, can thiệp', r?.reviewedAt ?? null),
    lines: [
      { kind: 'section', text: 'Thông tin chung' },
      ...childLines(f, f.openedAt),
      { kind: 'field', label: 'Người rà soát', value: r?.reviewedBy ? (f.worker?.username === r.reviewedBy ? f.worker.fullName : r.reviewedBy) : (f.worker?.fullName ?? null) },
      { kind: 'field', label: 'Ngày rà soát', value: vnDate(r?.reviewedAt) },
      { kind: 'field', label: 'Kết quả thực hiện kế hoạch', value: r ? `${done}/${r.items.length} nhiệm vụ đã hoàn thành. ${r.summary}` : null },
      { kind: 'section', text: 'Phần 1. Nguy cơ tại thời điểm kết thúc kế hoạch' },
      { kind: 'field', label: '1. Tổn hại đối với trẻ em vẫn còn nghiêm trọng', value: scale },
      { kind: 'field', label: '2. Người gây tổn hại vẫn có thể tiếp cận trẻ em', value: scale },
      { kind: 'field', label: '3. Trở ngại đối với sự an toàn trong môi trường chăm sóc', value: scale },
      { kind: 'field', label: 'Số mục ở mức Cao / Trung bình / Thấp', value: null },
      { kind: 'section', text: 'Phần 2. Khả năng tự bảo vệ và phục hồi của trẻ em' },
      { kind: 'text', text: null },
      { kind: 'field', label: 'Đề xuất', value: r ? (r.nextRound ? 'Tiếp tục thực hiện kế hoạch hỗ trợ, can thiệp mới' : 'Kết thúc kế hoạch') : null },
    ],
    signatures: [signature('NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM CẤP XÃ', f.worker?.fullName ?? null)],
  };
}

/** Form 07: the commune chair's decision on temporary separation (art. 32). */
function separation(f: FormFacts): FormDocument {
  const s = f.separations[0] ?? null;
  const name = childName(f.children[0]);
  return {
    ...base(FormCode.SEPARATION, f, 'QUYẾT ĐỊNH', 'Về việc tạm thời cách ly trẻ em khỏi cha, mẹ, người chăm sóc trẻ em', s?.decidedAt ?? null),
    number: s?.decisionNumber ?? null,
    lines: [
      { kind: 'section', text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${(f.communeName ?? '……………').toUpperCase()}` },
      { kind: 'text', text: 'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;' },
      { kind: 'text', text: 'Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ, Điều 32;' },
      { kind: 'text', text: `Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã (hồ sơ ${f.caseNumber}),` },
      { kind: 'field', label: 'Xét tình trạng của trẻ em', value: s ? s.reason : null },
      { kind: 'section', text: 'QUYẾT ĐỊNH:' },
      { kind: 'field', label: 'Điều 1. Tạm thời cách ly trẻ em', value: name },
      { kind: 'field', label: 'Năm sinh', value: f.children[0]?.birthYear ? String(f.children[0].birthYear) : null },
      { kind: 'field', label: 'Giới tính', value: sexText(f.children[0]?.sex ?? null) },
      { kind: 'field', label: 'khỏi (cha, mẹ, người chăm sóc)', value: orNull(s?.separatedFrom) },
      { kind: 'field', label: 'Thời gian cách ly', value: s ? `từ ngày ${vnDate(s.startsAt)} đến ngày ${vnDate(s.endsAt)}` : null },
      { kind: 'text', text: 'Thời gian tạm thời cách ly không quá 15 ngày, trừ trường hợp cơ quan có thẩm quyền đề nghị kéo dài.' },
      { kind: 'field', label: 'Điều 2. Nơi chăm sóc thay thế tạm thời', value: s ? s.placement : null },
      {
        kind: 'text',
        text: 'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Người làm công tác bảo vệ trẻ em cấp xã, cha mẹ, người chăm sóc trẻ em và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.',
      },
    ],
    signatures: [signature('CHỦ TỊCH', s?.decidedBy ?? null, '(Ký, ghi rõ họ tên, đóng dấu)')],
    recipients: ['Như Điều 3;', 'Lưu: hồ sơ trẻ em.'],
  };
}

const LAYOUTS: Record<FormCode, (f: FormFacts) => FormDocument> = {
  [FormCode.RECEIPT]: receipt,
  [FormCode.INITIAL_ASSESSMENT]: initialAssessment,
  [FormCode.DETAILED_ASSESSMENT]: detailedAssessment,
  [FormCode.PLAN]: plan,
  [FormCode.PLAN_APPROVAL]: planApproval,
  [FormCode.REVIEW]: review,
  [FormCode.SEPARATION]: separation,
};

/** The form `code` filled from the case's facts. */
export function layoutForm(code: FormCode, facts: FormFacts): FormDocument {
  return LAYOUTS[code](facts);
}
