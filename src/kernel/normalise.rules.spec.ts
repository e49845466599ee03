import { foldVietnamese, isPersonalPhone, nameSearchKey, nameTokens, normaliseFreeText, normalisePhone } from './normalise.rules';

const nfd = (s: string) => s.normalize('NFD');

describe('foldVietnamese', () => {
  it.each([
    ['Nguyễn Văn A', 'nguyen van a'],
    ['ĐẶNG THỊ', 'dang thi'],
    ['đặng thị', 'dang thi'],
    // the five marked tones on a, and the level tone
    ['ma má mà mả mã mạ', 'ma ma ma ma ma ma'],
    ['MA MÁ MÀ MẢ MÃ MẠ', 'ma ma ma ma ma ma'],
    // vowel marks combined with tones
    ['ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ', 'a a a a a a a a a a'],
    ['ế ề ể ễ ệ ố ồ ổ ỗ ộ', 'e e e e e o o o o o'],
    ['ớ ờ ở ỡ ợ ứ ừ ử ữ ự', 'o o o o o u u u u u'],
    ['í ì ỉ ĩ ị ý ỳ ỷ ỹ ỵ', 'i i i i i y y y y y'],
    ['Trần Thị Bích Ngọc', 'tran thi bich ngoc'],
    ['Lê Hữu Phước', 'le huu phuoc'],
    ['Phạm Thị Thuỷ', 'pham thi thuy'],
    ['Hồ Ngọc Hà', 'ho ngoc ha'],
    ['Đỗ Đức Dũng', 'do duc dung'],
    ['Vũ Thị Ánh Tuyết', 'vu thi anh tuyet'],
    ['Quảng Ninh', 'quang ninh'],
    ['Thừa Thiên Huế', 'thua thien hue'],
    ['Bà Rịa – Vũng Tàu', 'ba ria – vung tau'],
    // old-style and new-style tone placement fold the same
    ['Hoà', 'hoa'],
    ['Hòa', 'hoa'],
    ['Thuý', 'thuy'],
    ['Thúy', 'thuy'],
    // Ð (eth) typed in place of Đ
    ['ÐINH', 'dinh'],
    ['  Nguyễn\t\tVăn \n  A  ', 'nguyen van a'],
    ['Nguyễn\u00A0Văn\u200BA', 'nguyen vana'],
    ['', ''],
    ['   ', ''],
    ['Nguyen Van A', 'nguyen van a'],
  ])('%j → %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it.each([['Nguyễn Văn A'], ['ĐẶNG THỊ HẰNG'], ['Trần Thị Bích Ngọc'], ['Lưu Quốc Việt'], ['Hoàng Thị Mỹ Duyên']])(
    'folds %j the same from precomposed (NFC) and decomposed (NFD) input',
    (text) => {
      const nfc = text.normalize('NFC');
      expect(nfd(text)).not.toBe(nfc);
      expect(foldVietnamese(nfd(text))).toBe(foldVietnamese(nfc));
    },
  );

  it.each([
    // e + circumflex + tilde written as separate combining marks
    ['Nguye\u0302\u0303n', 'nguyen'],
    // precomposed ê followed by a combining acute
    ['Nguy\u00EA\u0301t', 'nguyet'],
    // a + breve + dot below in reverse mark order
    ['Ma\u0323\u0306c', 'mac'],
    ['D\u0323\u0302', 'd'],
    ['\u0111a\u0300o', 'dao'],
  ])('folds hand-built combining sequence %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = foldVietnamese('  Đoàn   Thị Ngọc  Ánh ');
    expect(foldVietnamese(once)).toBe(once);
  });
});

describe('nameTokens and nameSearchKey', () => {
  it.each([
    ['Nguyễn Văn A', ['nguyen', 'van', 'a'], 'nguyen van a'],
    ['  ĐẶNG   Thị  Hằng ', ['dang', 'thi', 'hang'], 'dang thi hang'],
    ['Nguyễn-Văn A.', ['nguyen', 'van', 'a'], 'nguyen van a'],
    ['Lê Thị Hoa (bé Na)', ['le', 'thi', 'hoa', 'be', 'na'], 'le thi hoa be na'],
    [nfd('Trương Mỹ Lệ'), ['truong', 'my', 'le'], 'truong my le'],
    ['Bé Hoa, 9 tuổi', ['be', 'hoa', '9', 'tuoi'], 'be hoa 9 tuoi'],
    ['', [], ''],
    ['---', [], ''],
  ])('%j', (input, tokens, key) => {
    expect(nameTokens(input)).toEqual(tokens);
    expect(nameSearchKey(input)).toBe(key);
  });

  it('gives the same key with or without diacritics, NFC or NFD', () => {
    const keys = ['Nguyễn Thị Hoà', 'Nguyen Thi Hoa', 'NGUYỄN THỊ HÒA', nfd('Nguyễn Thị Hòa')].map(nameSearchKey);
    expect(new Set(keys)).toEqual(new Set(['nguyen thi hoa']));
  });
});

describe('normalisePhone', () => {
  it.each([
    // mobiles in every usual spelling
    ['0912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0084 912 345 678', '0912345678'],
    ['+84 (0) 912 345 678', '0912345678'],
    ['840912345678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['(091) 234-5678', '0912345678'],
    ['091-234-5678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['  0912345678  ', '0912345678'],
    ['0912\u00A0345\u00A0678', '0912345678'],
    ['０９１２３４５６７８', '0912345678'],
    ['0388 123 456', '0388123456'],
    ['0567.123.456', '0567123456'],
    ['0701234567', '0701234567'],
    ['0862 345 678', '0862345678'],
    // mobile typed without its leading 0
    ['912345678', '0912345678'],
    // landlines: 11 digits since the area-code change
    ['024 3825 1234', '02438251234'],
    ['(0203) 3825 123', '02033825123'],
    ['+84 24 3825 1234', '02438251234'],
    ['842438251234', '02438251234'],
    ['2438251234', '02438251234'],
    // hotlines and short numbers stay as digits
    ['111', '111'],
    ['113', '113'],
    ['115', '115'],
    ['1800 1769', '18001769'],
    ['1800.6605', '18006605'],
    ['1900 1234 56', '1900123456'],
    ['18001', '18001'],
  ])('%j → %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['12', 'too short'],
    ['0', 'too short'],
    ['091234567', '9 digits with trunk 0'],
    ['09123456789', '11 digits starting 09'],
    ['091234567890', 'too long'],
    ['0912345678 ext 12', 'letters'],
    ['091234567O', 'letter O for zero'],
    ['không có', 'words'],
    ['anonymous', 'words'],
    ['+1 202 555 0100', 'other country'],
    ['+33 1 23 45 67 89', 'other country'],
    ['01681234567', 'retired 11-digit mobile'],
    ['0212345678', '10-digit number starting 02'],
    ['0112345678', 'no such range'],
    ['09123#45678', 'symbol'],
    ['0912+345678', 'plus in the middle'],
    ['1234567', '7 digits, not a service number'],
    ['+84 111', 'short number after country code'],
  ])('%j → null (%s)', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });

  it('returns the same result for every spelling of one number', () => {
    const spellings = ['+84 912 345 678', '84912345678', '0912.345.678', '(091) 234-5678', '0912-345-678'];
    expect(new Set(spellings.map(normalisePhone))).toEqual(new Set(['0912345678']));
  });

  it('is idempotent on its output', () => {
    for (const n of ['0912345678', '02438251234', '111', '18001769']) expect(normalisePhone(n)).toBe(n);
  });
});

describe('isPersonalPhone', () => {
  it.each([
    ['0912345678', true],
    ['02438251234', true],
    ['111', false],
    ['18001769', false],
    [null, false],
  ])('%j → %j', (input, expected) => {
    expect(isPersonalPhone(input)).toBe(expected);
  });
});

describe('normaliseFreeText', () => {
  it.each([
    ['  Cháu bị đánh  ', 'Cháu bị đánh'],
    ['Cháu   bị    đánh', 'Cháu bị đánh'],
    ['Dòng 1\nDòng 2', 'Dòng 1\nDòng 2'],
    ['Dòng 1\r\nDòng 2\rDòng 3', 'Dòng 1\nDòng 2\nDòng 3'],
    ['Dòng 1   \n   Dòng 2', 'Dòng 1\nDòng 2'],
    ['Đoạn 1\n\nĐoạn 2', 'Đoạn 1\n\nĐoạn 2'],
    ['Cột\tgiá trị', 'Cột\tgiá trị'],
    ['Có\u0000 ký\u0007 tự\u001B điều khiển\u007F\u0085', 'Có ký tự điều khiển'],
    ['Bạo\u202E lực', 'Bạo lực'],
    ['\uFEFFBắt đầu', 'Bắt đầu'],
    ['Nhà\u00A0\u00A0số 5', 'Nhà số 5'],
    ['Dòng\u2028mới', 'Dòng\nmới'],
    ['', ''],
    [' \n\t ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseFreeText(input)).toBe(expected);
  });

  it('composes decomposed input (NFC) without removing diacritics', () => {
    const text = 'Nguyễn Thị Hoà bị hàng xóm đánh';
    const out = normaliseFreeText(nfd(text));
    expect(out).toBe(text.normalize('NFC'));
    expect(out.length).toBeLessThan(nfd(text).length);
  });

  it('keeps emoji sequences with zero-width joiners', () => {
    expect(normaliseFreeText('👨‍👩‍👧 gia đình')).toBe('👨‍👩‍👧 gia đình');
  });
});
