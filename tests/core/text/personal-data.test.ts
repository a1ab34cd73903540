import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../../../src/core/text/personal-data.ts';

// What real notes look like. The guard must refuse citizen ID numbers and OTPs however they are typed, and must
// not get in the way of the numbers a team member writes every day.
const ID = 'looks-like-id-number';
const OTP = 'looks-like-otp';
const PASSWORD = 'looks-like-password';

describe('findPersonalData', () => {
  it.each([
    // 12-digit CCCD, 9-digit CMND, plain and grouped
    ['001203004005', ID],
    ['012345678', ID],
    ['001 203 004 005', ID],
    ['001.203.004.005', ID],
    ['001-203-004-005', ID],
    ['0012 0300 4005', ID],
    ['012 345 678', ID],
    ['012.345.678', ID],
    ['001  203  004  005', ID], // double spaces
    ['0 0 1 2 0 3 0 0 4 0 0 5', ID],
    // inside text
    ['CCCD: 001203004005', ID],
    ['Số CCCD của bà là 001203004005 nhé', ID],
    ['cmnd012345678', ID],
    ['CCCD 001203004005.', ID],
    ['Bà Mỷ, CCCD 001 203 004 005, đã kích hoạt', ID],
    ['Ngày 10/10/2025 001203004005', ID],
    ['SĐT 0912345678 001203004005', ID], // next to a phone number
    ['Mã định danh\n001203004005', ID],
    // OTPs alone or in a sentence
    ['123456', OTP],
    ['Mã OTP: 123456', OTP],
    ['OTP:123456', OTP],
    ['mã xác thực 654321 hết hạn sau 5 phút', OTP],
    ['Mã là 000123.', OTP],
    ['(123456)', OTP],
    // OTPs in groups, as the field test typed them
    ['Mã OTP là 48 29 13', OTP],
    ['OTP: 482-913', OTP],
    ['otp 482.913', OTP],
    ['mã 482 913', OTP],
    ['Mã xác thực: 4829', OTP],
    ['OTP 48-29-13 gửi về máy', OTP],
    ['ma otp la 1 2 3 4 5 6', OTP],
    // passwords announced as such
    ['mật khẩu VNeID là Mai@1985', PASSWORD],
    ['Mật khẩu: hoa1985', PASSWORD],
    ['mat khau la Lan2024!', PASSWORD],
    ['mk: abc123', PASSWORD],
    ['MK là matkhau', PASSWORD],
    ['pass 1234abcd', PASSWORD],
    ['password=Secret99', PASSWORD],
    ['Password: hoamai', PASSWORD],
    ['mật khẩu Zalo của bà: tuyet#88', PASSWORD],
    ['Đã đặt mật khẩu mới là Hoa@2025 cho bà', PASSWORD],
    ['mã PIN 8899', PASSWORD],
    ['pwd: q1w2e3', PASSWORD],
    // the ID wins when both are there
    ['OTP 123456 CCCD 001203004005', ID],
  ] as const)('refuses %j (%s)', (text, finding) => {
    expect(findPersonalData(text)).toBe(finding);
  });

  it.each([
    '',
    'Bà cụ mắt kém, con trai hỗ trợ cài VNeID',
    // phone numbers
    '0912345678',
    '0912 345 678',
    '0912.345.678',
    '0912-345-678',
    '0912 345678',
    '091 234 5678',
    '+84 912 345 678',
    '84912345678',
    'Gọi 0912345678 hoặc 0987654321',
    'ĐT bàn 0214 3 852 123',
    // years, dates, times
    'sinh năm 1990',
    'năm 2024 2025 2026',
    '10/10/2025',
    '10-10-2025',
    '10.10.2025',
    '2025-10-10',
    'hẹn 10/10/2025 lúc 14:30',
    'Ngày Chuyển đổi số 10/10',
    // amounts
    '150.000',
    '150.000 đồng',
    '1,500,000',
    '1.500.000đ',
    'vay 150.000.000 đồng',
    'vay 150.000.000đ',
    'phí 150000 đồng',
    'phí 150000đ',
    '2.500.000.000 VNĐ',
    '100.000.000.000 vnd',
    '15.000.000',
    // house numbers, counts
    'Số nhà 12/3 ngõ 45',
    'Số 123, ngõ 45, xóm 6',
    'Hộ có 5 người, 3 trẻ em',
    // other digit runs that are not 9 or 12 long
    '1234567',
    '12345678',
    '12 345 678',
    '1234567890',
    '12345',
    '1234567890123',
    // what the field test wrote that must keep working
    'Quên mật khẩu VNeID, đã hướng dẫn đặt lại',
    'Đổi mật khẩu cho bà',
    'mật khẩu là ngày sinh của bà',
    'Hướng dẫn nhận mã OTP qua tin nhắn',
    'mk đã cài app cho bà',
    'pass qua nhà bác Tư',
    'Không nhớ mật khẩu',
    'Pin điện thoại yếu, hẹn hôm sau',
    'mã OTP hết hạn sau 5 phút',
    'hẹn 12 03 25',
    'ngày 12/03/2025',
    'Nhà số 45, ngõ 12, xóm 3',
    'số nhà 128A',
    '+84 912 345 678 (con gái)',
    '0912 345 678',
    'nộp 1.500.000đ tiền điện',
    'giá 250,000',
    'lúc 9:30 sáng 05/11',
    'Hộ 4 người, 2 người trên 60 tuổi',
  ])('allows %j', (text) => {
    expect(findPersonalData(text)).toBeUndefined();
  });
});
