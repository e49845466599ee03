import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BadRequestError, ConflictError, isErrorCode, NotFoundError } from './errors';
import { toErrorBody } from './http/exception.filter';
import { createValidationPipe } from './http/validation';
import { catalogueHas } from './i18n';
import { IsEnum, IsString, MaxLength } from 'class-validator';

const SRC = join(__dirname, '..');
const ERROR_CLASS = /new (\w*Error)\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The text between the parenthesis at `open` and its match. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

const DOMAIN_ERRORS = [
  'DomainError',
  'BadRequestError',
  'UnauthorizedError',
  'ForbiddenError',
  'NotFoundError',
  'ConflictError',
  'TooManyRequestsError',
  'ServiceUnavailableError',
];

/** Every domain error thrown in src: its file, the literal codes it names, and any sentence written in place of a code. */
function thrown(): { file: string; codes: string[]; sentences: string[] }[] {
  return sources(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const found: { file: string; codes: string[]; sentences: string[] }[] = [];
    const sites = [...text.matchAll(ERROR_CLASS)].filter((m) => DOMAIN_ERRORS.includes(m[1]));
    const hits = [...text.matchAll(/\.hit\(/g)];
    for (const m of [...sites, ...hits]) {
      const args = argumentsAt(text, m.index + m[0].length - 1);
      const literals = [...args.matchAll(/(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((l) => l[2]);
      const codes = [...args.matchAll(/(?:^|[\s(:?,])'([A-Z][A-Z0-9_]+)'/g)].map((l) => l[1]);
      // A first argument written as a sentence is a message no catalogue can translate.
      const first = /^\s*(['"`])/.test(args) ? literals[0] : null;
      const sentences = first !== null && first !== undefined && !isErrorCode(first) ? [first] : [];
      found.push({ file: relative(SRC, file), codes, sentences });
    }
    return found;
  });
}

describe('error codes and the message catalogues', () => {
  const sites = thrown();

  it('finds the throw sites of the services', () => {
    expect(sites.length).toBeGreaterThan(80);
    expect(sites.flatMap((s) => s.codes)).toEqual(expect.arrayContaining(['CASE_NOT_FOUND', 'REFERRAL_NOT_FOUND', 'TOO_MANY_REPORTS']));
  });

  it('every thrown code has a message in both vi and en', () => {
    const missing = sites.flatMap((s) =>
      s.codes.filter((code) => !catalogueHas('vi', `error.${code}`) || !catalogueHas('en', `error.${code}`)).map((code) => `${s.file}: ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('no service throws a sentence instead of a code', () => {
    const sentences = sites.flatMap((s) => s.sentences.map((m) => `${s.file}: ${m}`));
    expect(sentences).toEqual([]);
  });

  it('the catalogue words are chosen by language, with the parameters filled in', () => {
    const error = new NotFoundError('CASE_NOT_FOUND', { id: 'c-1' });
    expect(toErrorBody(error, 'vi')).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND', message: 'Không tìm thấy hồ sơ c-1, hoặc hồ sơ ngoài địa bàn của bạn' });
    expect(toErrorBody(error, 'en')).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND', message: 'Case c-1 was not found or is outside your jurisdiction' });
    expect(error.message).toBe('Case c-1 was not found or is outside your jurisdiction');
  });

  it('a rule’s own English text is kept in English and replaced by the catalogue’s words in Vietnamese', () => {
    const error = new ConflictError({ code: 'CASE_TRANSITION_NOT_ALLOWED', text: 'Cannot move a case from RECEIVED to CLOSED', params: { from: 'RECEIVED', to: 'CLOSED' } });
    expect(toErrorBody(error, 'en').message).toBe('Cannot move a case from RECEIVED to CLOSED');
    expect(toErrorBody(error, 'vi').message).toBe('Không thể chuyển hồ sơ từ trạng thái "Mới tiếp nhận" sang "Đã đóng"');
  });

  it('a list of problems stays a list, each sentence said once', () => {
    const error = new BadRequestError([
      { code: 'PLAN_INVALID', text: 'The plan needs at least one goal' },
      { code: 'PLAN_INVALID', text: 'items[0].service is required' },
      { code: 'TIME_IN_FUTURE', text: 'occurredAt is in the future', params: { field: 'occurredAt' } },
    ]);
    expect(toErrorBody(error, 'en').message).toEqual(['The plan needs at least one goal', 'items[0].service is required', 'occurredAt is in the future']);
    expect(toErrorBody(error, 'vi').message).toEqual([
      'Kế hoạch chưa hợp lệ: cần ít nhất một mục tiêu và một dịch vụ; mỗi dịch vụ cần tên, cơ quan thực hiện và thời hạn từ hôm nay trở đi',
      'Thời điểm (occurredAt) không được ở tương lai; hãy kiểm tra ngày giờ',
    ]);
  });

  it('unknown routes and server errors have codes and words in both languages', () => {
    expect(toErrorBody(new Error('boom'), 'vi')).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Có lỗi phía hệ thống; lỗi đã được ghi lại' });
    expect(toErrorBody(new Error('boom'), 'en')).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; the error was logged' });
  });

  it('validation errors name the field in Vietnamese and keep the validator’s hint in English', async () => {
    enum Colour {
      RED = 'RED',
    }
    class Body {
      @IsString() @MaxLength(3) name!: string;
      @IsEnum(Colour, { message: 'colour must be RED' }) colour!: Colour;
    }
    const error = await createValidationPipe()
      .transform({ name: 'abcdef', colour: 'BLUE', extra: 1 }, { type: 'body', metatype: Body })
      .catch((e: unknown) => e);
    expect(toErrorBody(error, 'vi')).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: ['Trường extra không được phép gửi', 'Trường name quá dài', 'Trường colour có giá trị không nằm trong danh sách cho phép'],
    });
    expect(toErrorBody(error, 'en').message).toEqual(['property extra should not exist', 'name must be shorter than or equal to 3 characters', 'colour must be RED']);
  });
});
