/**
 * The city's citizen-report categories (laporan warga): what a resident can report, in Bahasa
 * Indonesia and English, and the incident category and agency a verified report becomes. These
 * are also the Open311 services (`service_code` = `code`).
 */
import type { IncidentCategory, Severity } from '../schemas/incident.js';

/** One report category. */
export interface ReportCategory {
  code: string;
  nameId: string;
  nameEn: string;
  descriptionId: string;
  descriptionEn: string;
  /** The Open311 group. */
  group: string;
  keywords: string[];
  /** The incident a verified report becomes: its category and severity. */
  incidentCategory: IncidentCategory;
  severity: Severity;
  /** The agency that must act (sent as the incident's requested agency). */
  agencyId: string;
}

/** Every report category, in the order the form shows them. */
export const REPORT_CATEGORIES: readonly ReportCategory[] = [
  {
    code: 'jalan-rusak',
    nameId: 'Jalan rusak',
    nameEn: 'Damaged road',
    descriptionId: 'Jalan berlubang, retak atau amblas',
    descriptionEn: 'Potholes, cracks or a sunken road',
    group: 'infrastruktur',
    keywords: ['jalan', 'lubang', 'pothole', 'road'],
    incidentCategory: 'infrastructure',
    severity: 'moderate',
    agencyId: 'dpu',
  },
  {
    code: 'banjir',
    nameId: 'Banjir atau saluran tersumbat',
    nameEn: 'Flooding or blocked drain',
    descriptionId: 'Genangan, banjir, drainase atau gorong-gorong tersumbat',
    descriptionEn: 'Standing water, flooding, a blocked drain or culvert',
    group: 'bencana',
    keywords: ['banjir', 'genangan', 'drainase', 'flood', 'drain'],
    incidentCategory: 'flood',
    severity: 'moderate',
    agencyId: 'bpbd',
  },
  {
    code: 'sampah',
    nameId: 'Sampah menumpuk',
    nameEn: 'Uncollected rubbish',
    descriptionId: 'Sampah tidak diangkut atau dibuang sembarangan',
    descriptionEn: 'Rubbish not collected or dumped',
    group: 'lingkungan',
    keywords: ['sampah', 'tps', 'rubbish', 'waste'],
    incidentCategory: 'other',
    severity: 'moderate',
    agencyId: 'dlh',
  },
  {
    code: 'lampu-jalan',
    nameId: 'Lampu jalan mati',
    nameEn: 'Street light out',
    descriptionId: 'Penerangan jalan umum (PJU) mati atau rusak',
    descriptionEn: 'A public street light is out or broken',
    group: 'infrastruktur',
    keywords: ['lampu', 'pju', 'street light'],
    incidentCategory: 'infrastructure',
    severity: 'moderate',
    agencyId: 'dishub',
  },
  {
    code: 'pohon-tumbang',
    nameId: 'Pohon tumbang',
    nameEn: 'Fallen tree',
    descriptionId: 'Pohon tumbang atau dahan patah yang menghalangi',
    descriptionEn: 'A fallen tree or broken branch in the way',
    group: 'bencana',
    keywords: ['pohon', 'tumbang', 'tree'],
    incidentCategory: 'weather',
    severity: 'moderate',
    agencyId: 'bpbd',
  },
  {
    code: 'kebakaran',
    nameId: 'Kebakaran',
    nameEn: 'Fire',
    descriptionId: 'Kebakaran rumah, lahan atau kendaraan (darurat: telepon 113)',
    descriptionEn: 'A house, land or vehicle fire (emergency: call 113)',
    group: 'bencana',
    keywords: ['kebakaran', 'api', 'fire'],
    incidentCategory: 'fire',
    severity: 'severe',
    agencyId: 'damkar',
  },
  {
    code: 'layanan-opd',
    nameId: 'Layanan atau website OPD bermasalah',
    nameEn: 'Agency service or website not working',
    descriptionId: 'Website atau aplikasi perangkat daerah mati, dialihkan atau salah',
    descriptionEn: "An agency's website or app is down, redirected or wrong",
    group: 'layanan',
    keywords: ['website', 'aplikasi', 'layanan', 'service'],
    incidentCategory: 'service_outage',
    severity: 'moderate',
    agencyId: 'diskominfo',
  },
  {
    code: 'lainnya',
    nameId: 'Lainnya',
    nameEn: 'Other',
    descriptionId: 'Masalah lain di ruang publik',
    descriptionEn: 'Another problem in a public place',
    group: 'lainnya',
    keywords: ['lain', 'other'],
    incidentCategory: 'other',
    severity: 'moderate',
    agencyId: 'command-center',
  },
];

/** The category with `code`, or undefined. */
export function reportCategory(code: string): ReportCategory | undefined {
  return REPORT_CATEGORIES.find((c) => c.code === code);
}
