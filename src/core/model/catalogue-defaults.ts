import type { CatalogueItem } from './checklist.ts';

const adults = { kind: 'age', min: 18 } as const;
const aged14 = { kind: 'age', min: 14 } as const;

const item = (
  id: string,
  order: number,
  level: CatalogueItem['level'],
  rule: CatalogueItem['rule'],
  vi: string,
  en: string,
  shortVi: string,
  shortEn: string,
): CatalogueItem => ({ id, communeId: null, level, rule, order, label: { vi, en }, short: { vi: shortVi, en: shortEn }, retired: false });

// The default service checklist (docs/design.md §2); communes and provinces can add or retire items.
export const DEFAULT_CATALOGUE: readonly CatalogueItem[] = [
  item('smartphone', 10, 'resident', adults, 'Sử dụng điện thoại thông minh (chuyển từ 2G)', 'Using a smartphone (switching from 2G)', 'Điện thoại TM', 'Smartphone'),
  item('vneid', 20, 'resident', aged14, 'Cài đặt ứng dụng VNeID', 'VNeID app installed', 'Cài VNeID', 'VNeID app'),
  item('vneid-l2', 30, 'resident', aged14, 'Kích hoạt tài khoản định danh điện tử mức độ 2', 'Level-2 electronic identity activated', 'VNeID mức 2', 'VNeID level 2'),
  item('public-services', 40, 'resident', adults, 'Sử dụng dịch vụ công trực tuyến (Cổng Dịch vụ công quốc gia)', 'Using online public services (National Public Service Portal)', 'Dịch vụ công', 'Public services'),
  item('cashless', 50, 'resident', adults, 'Tài khoản thanh toán điện tử (ngân hàng, ví điện tử, Mobile Money)', 'Cashless payment account (bank app, e-wallet, Mobile Money)', 'Thanh toán số', 'Cashless'),
  item('health-book', 60, 'resident', { kind: 'everyone' }, 'Sổ sức khỏe điện tử / VssID', 'Electronic health book / VssID', 'Sổ sức khỏe', 'Health book'),
  item('digital-skills', 70, 'resident', { kind: 'age', min: 15 }, 'Kỹ năng số cơ bản ("Bình dân học vụ số")', 'Basic digital skills ("Bình dân học vụ số")', 'Kỹ năng số', 'Digital skills'),
  item('online-safety', 80, 'resident', aged14, 'An toàn trên môi trường mạng (lừa đảo, tin giả, dữ liệu cá nhân)', 'Online safety (scams, fake news, personal data)', 'An toàn mạng', 'Online safety'),
  item('digital-signature', 90, 'resident', adults, 'Chữ ký số', 'Digital signature', 'Chữ ký số', 'Digital signature'),
  item('fibre', 100, 'household', { kind: 'households' }, 'Internet cáp quang / băng rộng tại nhà', 'Fibre / broadband internet at home', 'Cáp quang', 'Fibre'),
  item('ecommerce', 110, 'household', { kind: 'household-flag', flag: 'producer' }, 'Bán hàng trên sàn thương mại điện tử', 'Selling on an e-commerce platform', 'Bán hàng online', 'E-commerce'),
];
