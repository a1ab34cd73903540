import { describe, expect, it } from 'vitest';
import { fold, matchesFolded } from '../../../src/core/text/fold.ts';

const finds = (haystack: string, query: string) => matchesFolded(fold(haystack), fold(query));

describe('fold', () => {
  it('drops tones and vowel marks, maps đ, lowercases', () => {
    expect(fold('Nguyễn Văn Điện')).toBe('nguyen van dien');
    expect(fold('ĐẶNG THỊ ĐÀO')).toBe('dang thi dao');
    expect(fold('đường Đê')).toBe('duong de');
  });

  it('every tone on every vowel', () => {
    const vowels: [string, string][] = [
      ['aàáảãạ', 'a'], ['ăằắẳẵặ', 'a'], ['âầấẩẫậ', 'a'], ['eèéẻẽẹ', 'e'], ['êềếểễệ', 'e'], ['iìíỉĩị', 'i'],
      ['oòóỏõọ', 'o'], ['ôồốổỗộ', 'o'], ['ơờớởỡợ', 'o'], ['uùúủũụ', 'u'], ['ưừứửữự', 'u'], ['yỳýỷỹỵ', 'y'],
    ];
    for (const [forms, base] of vowels)
      for (const ch of forms) {
        expect(fold(ch)).toBe(base);
        expect(fold(ch.toUpperCase())).toBe(base);
      }
  });

  it('treats precomposed and decomposed input alike', () => {
    const composed = 'Hoàng Thị Thuỷ';
    expect(fold(composed.normalize('NFD'))).toBe(fold(composed.normalize('NFC')));
    expect(fold(composed)).toBe('hoang thi thuy');
  });

  it('collapses and trims spaces', () => {
    expect(fold('  Lò   Văn\tPọm ')).toBe('lo van pom');
  });
});

describe('matchesFolded', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van', true],
    ['Nguyễn Văn An', 'NGUYEN', true],
    ['Điện Biên', 'dien', true],
    ['Điện Biên', 'Điện', true],
    ['Giàng A Páo', 'pao giang', true], // any order
    ['Giàng A Páo', 'giàng seo', false], // every word must be there
    ['Sùng Thị Mỷ', 'my', true],
    ['Lò Văn Ún', 'lo van un', true],
    ['Triệu Tiến Vinh', 'tien', true],
    ['Triệu Tiến Vinh', 'tiền', true], // the query's marks do not matter either
    ['Hoàng Văn Thụ', 'thu ', true],
    ['Phạm Thị Hoa', 'hoa x', false],
  ] as const)('%s ← %s: %s', (haystack, query, expected) => {
    expect(finds(haystack, query)).toBe(expected);
  });

  it('an empty query finds everything', () => {
    expect(finds('Bàn Văn Quý', '')).toBe(true);
    expect(finds('Bàn Văn Quý', '   ')).toBe(true);
  });
});
