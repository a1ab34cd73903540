// The demo commune's people and places: plausible names for each group, invented villages, notes in the words
// teams use. Nothing here names a real person; the commune is labelled "(mẫu)" wherever it is shown.
import type { HouseholdFlag, Language, VillageKind } from '../model/enums.ts';
import { SAMPLE_COMMUNE } from './sample-commune.ts';

export type EthnicGroup = 'kinh' | 'thai' | 'hmong' | 'dao';

type Names = { middle: readonly string[]; given: readonly string[] };
export type GroupSpec = {
  surnames: readonly string[];
  m: Names;
  f: Names;
  children: readonly [number, number];
  // Mông and Dao marry outside the husband's clan, so a wife's surname differs from his.
  exogamous: boolean;
  languages: readonly (readonly [Language, number])[];
  flags: Readonly<Record<HouseholdFlag, number>>;
};

export const GROUPS: Readonly<Record<EthnicGroup, GroupSpec>> = {
  kinh: {
    surnames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Đinh'],
    m: { middle: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thế'], given: ['Hùng', 'Dũng', 'Tuấn', 'Long', 'Nam', 'Hải', 'Thắng', 'Cường', 'Bình', 'An', 'Khánh', 'Sơn', 'Tiến', 'Hòa', 'Phúc', 'Trung', 'Kiên', 'Lâm'] },
    f: { middle: ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Phương', 'Minh'], given: ['Lan', 'Hoa', 'Hương', 'Mai', 'Hằng', 'Nga', 'Thảo', 'Yến', 'Linh', 'Trang', 'Huyền', 'Nhung', 'Loan', 'Hà', 'Dung', 'Vân'] },
    children: [0, 3],
    exogamous: false,
    languages: [['vi', 1]],
    flags: { poor: 0.04, 'near-poor': 0.07, producer: 0.35 },
  },
  thai: {
    surnames: ['Lò', 'Lường', 'Quàng', 'Cầm', 'Tòng', 'Vi', 'Điêu', 'Lù', 'Hà', 'Mè'],
    m: { middle: ['Văn', 'Văn', 'Văn', 'Xuân'], given: ['Pọm', 'Ún', 'Khăm', 'Panh', 'Ương', 'Thoan', 'Biên', 'Đôi', 'Xiên', 'Quyết', 'Inh', 'Chiến', 'Tươi', 'Hặc'] },
    f: { middle: ['Thị'], given: ['Ón', 'Xiêm', 'Ín', 'Pánh', 'Thoa', 'Chăm', 'Lả', 'Ánh', 'Bun', 'Hoa', 'Mai', 'Ngân', 'Xuân', 'Tiên'] },
    children: [0, 4],
    exogamous: false,
    languages: [['thai', 0.55], ['vi', 0.45]],
    flags: { poor: 0.12, 'near-poor': 0.12, producer: 0.3 },
  },
  hmong: {
    surnames: ['Giàng', 'Vàng', 'Sùng', 'Thào', 'Mùa', 'Lý', 'Hầu', 'Hạng', 'Chang', 'Vừ', 'Ly', 'Tráng'],
    m: { middle: ['A', 'A', 'Seo', 'Văn', 'Chứ'], given: ['Páo', 'Chứ', 'Dơ', 'Sính', 'Lử', 'Tủa', 'Pó', 'Khua', 'Dình', 'Nhè', 'Chá', 'Của', 'Sử', 'Vàng', 'Lềnh', 'Dế'] },
    f: { middle: ['Thị', 'Mí', 'Mí'], given: ['Mỷ', 'Dua', 'Sua', 'Pàng', 'Súa', 'Dợ', 'Sểnh', 'Chà', 'Mai', 'Lan', 'Dở', 'Say', 'Vá', 'Khu'] },
    children: [1, 6],
    exogamous: true,
    languages: [['hmong', 0.7], ['vi', 0.3]],
    flags: { poor: 0.3, 'near-poor': 0.18, producer: 0.2 },
  },
  dao: {
    surnames: ['Triệu', 'Bàn', 'Đặng', 'Chảo', 'Lý', 'Phùng', 'Tẩn', 'Dương'],
    m: { middle: ['Văn', 'Văn', 'Tiến', 'Láo', 'Kim'], given: ['Quý', 'Phin', 'Sử', 'San', 'Lở', 'Kiềm', 'Tài', 'Sinh', 'Chàn', 'Vần', 'Phú', 'Dùn', 'Quẩy', 'Chiêu'] },
    f: { middle: ['Thị', 'Thị', 'Mùi', 'Tả'], given: ['Mẩy', 'Xuân', 'Mai', 'Nái', 'Sành', 'Kiều', 'Dảo', 'Chiêm', 'Lìu', 'Phây', 'Ván', 'Liên'] },
    children: [1, 5],
    exogamous: true,
    languages: [['dao', 0.6], ['vi', 0.4]],
    flags: { poor: 0.2, 'near-poor': 0.15, producer: 0.3 },
  },
};

export type VillageSpec = {
  name: string;
  kind: VillageKind;
  group: EthnicGroup;
  households: number;
  reach: number; // how far the team's work has got: drives every rate, so villages differ on the dashboard
  hamlets: readonly string[];
};

// The sample commune's own villages (sample-commune.ts), so that "Dùng thử" and the demo show one sample commune.
export const DEMO_VILLAGES: readonly VillageSpec[] = [
  { name: 'Tổ dân phố Tân Tiến', kind: 'to-dan-pho', group: 'kinh', households: 78, reach: 0.85, hamlets: ['Xóm Chợ', 'Xóm Đồng', 'Xóm Bãi'] },
  { name: 'Bản Nà Pồng', kind: 'ban', group: 'thai', households: 62, reach: 0.66, hamlets: ['Xóm Trên', 'Xóm Dưới', 'Xóm Suối'] },
  { name: 'Thôn Làng Chùa', kind: 'thon', group: 'thai', households: 48, reach: 0.5, hamlets: ['Xóm Chùa', 'Xóm Co Muông'] },
  { name: 'Thôn Khe Mát', kind: 'thon', group: 'dao', households: 56, reach: 0.45, hamlets: ['Khe Mát Trên', 'Khe Mát Dưới'] },
  { name: 'Bản Huổi Lạ', kind: 'ban', group: 'hmong', households: 56, reach: 0.3, hamlets: ['Cụm Huổi Lạ', 'Cụm Lồ Suối', 'Cụm Sín Chải'] },
];

export const DEMO_COMMUNE_NAME = SAMPLE_COMMUNE.name;

export const LANDMARKS = ['gần nhà văn hóa', 'cạnh điểm trường', 'đầu cầu treo', 'gần suối', 'trên đồi chè', 'cuối đường bê tông'];

export const HOUSEHOLD_NOTES = [
  'Nhà có người cao tuổi sống một mình',
  'Chủ hộ đi làm ăn xa, liên hệ qua vợ',
  'Tại nhà không có sóng điện thoại',
  'Cả nhà dùng chung một điện thoại',
  'Nhà dùng điện năng lượng mặt trời',
];

// Visit notes by what happened; none carries a number that could look like an ID or a code.
export const VISIT_NOTES: Readonly<Record<'done' | 'partial' | 'declined' | 'follow-up' | 'any', readonly string[]>> = {
  done: ['Đã hướng dẫn cả nhà cài và dùng thử', 'Người dân tự thao tác lại được', 'Con cháu trong nhà sẽ hỗ trợ thêm'],
  partial: ['Điện thoại cũ, bộ nhớ đầy, đã dọn bớt ứng dụng', 'Mất sóng giữa chừng, phải ra đầu bản để làm tiếp', 'Người dân chưa nhớ mật khẩu, đã hướng dẫn ghi vào sổ riêng'],
  declined: ['Người dân chưa muốn làm, sẽ vận động thêm', 'Chủ hộ chưa đồng ý mở tài khoản ngân hàng'],
  'follow-up': ['Hẹn quay lại khi con trai đi làm về', 'Hẹn quay lại khi có điện thoại mới', 'Chờ tin nhắn kích hoạt, hẹn quay lại'],
  any: ['', '', '', 'Bà cụ mắt kém, cháu nội hỗ trợ thao tác', 'Đã nhắc cảnh giác cuộc gọi giả danh công an', 'Phiên dịch cho chủ hộ bằng tiếng dân tộc'],
};

export const VOID_REASONS = ['Ghi nhầm kết quả', 'Ghi nhầm ngôn ngữ hỗ trợ', 'Nhập sai thời gian hỗ trợ'];
export const SESSION_PLACES = ['Nhà văn hóa', 'Sân nhà văn hóa', 'Điểm trường', 'Nhà trưởng thôn'];
export const SESSION_NOTES = ['', '', 'Phát tờ rơi hướng dẫn', 'Có phiên dịch tiếng dân tộc', 'Trình chiếu video cảnh báo lừa đảo'];

// The sample province's two other communes, for the demo's province view: one further ahead than the sample
// commune, one behind, so the ranking has something to say. Smaller than the sample commune (they are only
// summed), invented names marked "(mẫu)".
export const DEMO_NEIGHBOURS: readonly { name: string; kind: 'xa' | 'phuong'; villages: readonly VillageSpec[] }[] = [
  {
    name: 'Phường Đồng Tâm (mẫu)',
    kind: 'phuong',
    villages: [
      { name: 'Tổ dân phố Hòa Bình', kind: 'to-dan-pho', group: 'kinh', households: 60, reach: 0.92, hamlets: ['Ngõ Chợ', 'Ngõ Đình'] },
      { name: 'Tổ dân phố Quyết Thắng', kind: 'to-dan-pho', group: 'kinh', households: 54, reach: 0.85, hamlets: ['Ngõ Giếng', 'Ngõ Ga'] },
      { name: 'Thôn Đồng Sen', kind: 'thon', group: 'thai', households: 40, reach: 0.7, hamlets: ['Xóm Trên', 'Xóm Dưới'] },
    ],
  },
  {
    name: 'Xã Suối Ngàn (mẫu)',
    kind: 'xa',
    villages: [
      { name: 'Bản Phiêng Luông', kind: 'ban', group: 'hmong', households: 46, reach: 0.3, hamlets: ['Cụm Trên', 'Cụm Giữa'] },
      { name: 'Bản Cang Mường', kind: 'ban', group: 'thai', households: 42, reach: 0.42, hamlets: ['Xóm Suối', 'Xóm Nương'] },
      { name: 'Thôn Khe Vầu', kind: 'thon', group: 'dao', households: 38, reach: 0.36, hamlets: ['Khe Vầu Trên', 'Khe Vầu Dưới'] },
    ],
  },
];
