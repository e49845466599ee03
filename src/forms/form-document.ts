/** The official forms annexed to Decree 56/2017/NĐ-CP (domain.md, "Official forms"). */
export enum FormCode {
  /** Record of the information, notification or denunciation received. */
  RECEIPT = '01',
  /** Initial assessment of risk and harm, with temporary safety measures. */
  INITIAL_ASSESSMENT = '02',
  /** Detailed information gathering and risk assessment. */
  DETAILED_ASSESSMENT = '03',
  /** Support/intervention plan. */
  PLAN = '04',
  /** Decision approving the plan. */
  PLAN_APPROVAL = '05',
  /** Review of the child's situation after the plan. */
  REVIEW = '06',
  /** Decision on temporary separation of the child from the parents or carer. */
  SEPARATION = '07',
}

export const FORM_CODES = Object.values(FormCode) as string[];

export enum FormFormat {
  PDF = 'pdf',
  DOCX = 'docx',
}

/**
 * A filled form as plain data, laid out once and drawn by one renderer per format. A `null` value is
 * something the case does not hold: renderers draw a dotted line there for the official to fill by hand.
 */
export type FormLine =
  | { kind: 'section'; text: string }
  | { kind: 'field'; label: string; value: string | null }
  | { kind: 'text'; text: string | null }
  | { kind: 'table'; header: string[]; rows: (string | null)[][]; widths: number[] };

export interface FormSignature {
  /** e.g. "NGƯỜI TIẾP NHẬN", "CHỦ TỊCH". */
  title: string;
  /** e.g. "(Ký, ghi rõ họ tên)". */
  note: string;
  name: string | null;
}

export interface FormDocument {
  code: FormCode;
  /** The issuing body, top left (agency names come from data since the 2025 reform). */
  issuer: string[];
  /** The document number ("Số: …"). */
  number: string | null;
  /** "<place>, ngày … tháng … năm …". */
  placeAndDate: string;
  title: string;
  subtitle: string | null;
  lines: FormLine[];
  signatures: FormSignature[];
  /** "Nơi nhận" of a decision. */
  recipients: string[];
  /** Download name without extension, ASCII only. */
  fileName: string;
}

export const NATIONAL_HEADING = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

/** What renderers draw for a value the case does not hold. */
export const DOTS = '………………………………………………';
