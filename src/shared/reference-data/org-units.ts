// Reference org units: a Fuzhou-like office tree, city → districts/counties/county-level city →
// townships/streets → villages/communities, keyed by administrative division codes.
//
// City and county codes are the GB/T 2260 codes of 福州市 and its 13 county-level divisions.
// Township codes (9 digits) follow the statistical division codes (统计用区划代码) as best known;
// village/community codes (12 digits) follow the same scheme (township code + 3 digits: 0xx for
// communities 社区居委会, 2xx for villages 村委会) and their names are illustrative. Offices,
// addresses and phone numbers are demo data, not the real offices' contacts.
import type { OrgLevel } from '../domain/enums.js';
import { seedFrom } from '../domain/synthetic-ids.js';

export interface OrgUnitSeed {
  /** Administrative division code: 6 digits (city, county), 9 (township), 12 (village). */
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
  /** The service office at this unit, e.g. 鼓楼区行政服务中心代办服务中心. */
  officeName: string;
  address: string;
  phone: string;
  officeHours: string;
}

export const DEFAULT_OFFICE_HOURS_TEXT = '周一至周五（含调休上班日）上午 8:30—12:00，下午 14:30—17:30，法定节假日除外';
const VILLAGE_HOURS_TEXT = '工作日 上午 8:30—12:00，下午 14:30—17:30（代办员外出时请先电话联系）';

type VillageRow = readonly [suffix: string, name: string];
type TownshipRow = readonly [code: string, name: string, road: string, villages: readonly VillageRow[]];
type CountyRow = readonly [code: string, name: string, address: string, townships: readonly TownshipRow[]];

const CITY = {
  code: '350100',
  name: '福州市',
  officeName: '福州市行政服务中心项目代办服务中心',
  address: '福州市鼓楼区乌山西路318号 福州市行政服务中心一层',
} as const;

const COUNTIES: readonly CountyRow[] = [
  ['350102', '鼓楼区', '福州市鼓楼区铜盘路18号 鼓楼区行政服务中心二层', [
    ['350102001', '鼓东街道', '鼓屏路', [['001', '中山社区'], ['002', '湖东社区'], ['003', '鼓屏社区']]],
    ['350102004', '东街街道', '东街', [['001', '双抛社区'], ['002', '法院社区']]],
    ['350102006', '安泰街道', '吉庇路', [['001', '朱紫坊社区'], ['002', '光禄坊社区']]],
    ['350102100', '洪山镇', '洪山桥路', [['001', '洪山社区'], ['201', '洪山村'], ['202', '凤湖村']]],
  ]],
  ['350103', '台江区', '福州市台江区八一七中路 台江区行政服务中心', [
    ['350103001', '瀛洲街道', '瀛洲路', [['001', '瀛洲社区'], ['002', '河下社区']]],
    ['350103004', '上海街道', '上海路', [['001', '上海社区'], ['002', '白马社区']]],
    ['350103009', '鳌峰街道', '鳌峰路', [['001', '鳌峰社区'], ['002', '曙光社区'], ['003', '江滨社区']]],
  ]],
  ['350104', '仓山区', '福州市仓山区浦上大道 仓山区行政服务中心', [
    ['350104001', '仓前街道', '仓前路', [['001', '仓前社区'], ['002', '梅坞社区']]],
    ['350104008', '金山街道', '金山大道', [['001', '金山社区'], ['002', '金祥社区']]],
    ['350104100', '城门镇', '城门路', [['201', '城门村'], ['202', '林浦村'], ['203', '濂江村']]],
    ['350104102', '盖山镇', '盖山路', [['001', '盖山社区'], ['201', '齐安村']]],
  ]],
  ['350105', '马尾区', '福州市马尾区江滨东大道 马尾区行政服务中心', [
    ['350105001', '罗星街道', '罗星路', [['001', '罗星社区'], ['002', '君竹社区']]],
    ['350105100', '马尾镇', '马江路', [['201', '魁岐村'], ['202', '快安村']]],
    ['350105102', '琅岐镇', '琅岐路', [['201', '凤窝村'], ['202', '海屿村'], ['203', '雄边村']]],
  ]],
  ['350111', '晋安区', '福州市晋安区福新东路 晋安区行政服务中心', [
    ['350111001', '茶园街道', '福新中路', [['001', '茶园社区'], ['002', '化工社区']]],
    ['350111002', '王庄街道', '长乐中路', [['001', '王庄社区'], ['002', '东泰社区']]],
    ['350111100', '鼓山镇', '鼓山路', [['201', '鼓山村'], ['202', '远洋村'], ['001', '福兴社区']]],
    ['350111101', '新店镇', '新店路', [['201', '赤桥村'], ['202', '坂中村']]],
  ]],
  ['350112', '长乐区', '福州市长乐区吴航街道郑和中路 长乐区行政服务中心', [
    ['350112001', '吴航街道', '郑和中路', [['001', '和平社区'], ['002', '南关社区']]],
    ['350112004', '漳港街道', '漳港路', [['201', '仙岐村'], ['202', '海星村']]],
    ['350112100', '首占镇', '首占路', [['201', '首占村'], ['202', '洋屿村']]],
    ['350112108', '金峰镇', '金峰大道', [['001', '金峰社区'], ['201', '华阳村']]],
  ]],
  ['350121', '闽侯县', '福州市闽侯县甘蔗街道昙石山中大道 闽侯县行政服务中心', [
    ['350121001', '甘蔗街道', '昙石山中大道', [['001', '甘蔗社区'], ['201', '昙石村']]],
    ['350121101', '上街镇', '上街大道', [['001', '上街社区'], ['201', '厚美村'], ['202', '侯官村']]],
    ['350121103', '南屿镇', '南屿大道', [['201', '南屿村'], ['202', '高岐村']]],
    ['350121106', '青口镇', '青口大道', [['201', '青口村'], ['202', '东台村']]],
  ]],
  ['350122', '连江县', '福州市连江县凤城镇丹凤东路 连江县行政服务中心', [
    ['350122100', '凤城镇', '丹凤东路', [['001', '凤城社区'], ['201', '道澳村']]],
    ['350122101', '敖江镇', '敖江路', [['201', '敖江村'], ['202', '塘下村']]],
    ['350122103', '琯头镇', '琯头路', [['201', '琯头村'], ['202', '粗芦岛村']]],
  ]],
  ['350123', '罗源县', '福州市罗源县凤山镇罗川路 罗源县行政服务中心', [
    ['350123100', '凤山镇', '罗川路', [['001', '西兰社区'], ['201', '南门村']]],
    ['350123101', '松山镇', '松山路', [['201', '松山村'], ['202', '北山村']]],
    ['350123102', '起步镇', '起步路', [['201', '起步村'], ['202', '上长治村']]],
  ]],
  ['350124', '闽清县', '福州市闽清县梅城镇解放大街 闽清县行政服务中心', [
    ['350124100', '梅城镇', '解放大街', [['001', '梅城社区'], ['201', '岭头村']]],
    ['350124101', '梅溪镇', '梅溪路', [['201', '梅溪村'], ['202', '新街村']]],
    ['350124102', '白樟镇', '白樟路', [['201', '白樟村']]],
  ]],
  ['350125', '永泰县', '福州市永泰县樟城镇城关路 永泰县行政服务中心', [
    ['350125100', '樟城镇', '城关路', [['001', '城关社区'], ['201', '西门村']]],
    ['350125101', '嵩口镇', '嵩口路', [['201', '嵩口村'], ['202', '月洲村']]],
    ['350125102', '梧桐镇', '梧桐路', [['201', '梧桐村'], ['202', '春光村']]],
  ]],
  ['350128', '平潭县', '福建省平潭综合实验区潭城镇 平潭县行政服务中心', [
    ['350128100', '潭城镇', '西航路', [['001', '城关社区'], ['201', '北厝村']]],
    ['350128101', '苏澳镇', '苏澳路', [['201', '苏澳村'], ['202', '先进村']]],
    ['350128102', '流水镇', '流水路', [['201', '流水村'], ['202', '北港村']]],
  ]],
  ['350181', '福清市', '福州市福清市音西街道清昌大道 福清市行政服务中心', [
    ['350181001', '玉屏街道', '一拂路', [['001', '玉屏社区'], ['002', '利桥社区']]],
    ['350181002', '龙山街道', '龙山路', [['001', '龙山社区'], ['201', '龙塘村']]],
    ['350181006', '音西街道', '清昌大道', [['001', '音西社区'], ['201', '霞楼村'], ['202', '洋埔村']]],
    ['350181100', '海口镇', '海口路', [['201', '海口村'], ['202', '牛宅村']]],
  ]],
];

/** A stable, made-up Fuzhou landline for a unit (demo data). */
function officePhone(code: string): string {
  const n = seedFrom(`office:${code}`) % 10_000_000;
  return `0591-8${String(n).padStart(7, '0')}`;
}

function build(): OrgUnitSeed[] {
  const out: OrgUnitSeed[] = [
    {
      code: CITY.code, name: CITY.name, level: 'city', parentCode: null, officeName: CITY.officeName,
      address: CITY.address, phone: officePhone(CITY.code), officeHours: DEFAULT_OFFICE_HOURS_TEXT,
    },
  ];
  for (const [code, name, address, townships] of COUNTIES) {
    out.push({
      code, name, level: 'county', parentCode: CITY.code, officeName: `${name}行政服务中心代办服务中心`,
      address, phone: officePhone(code), officeHours: DEFAULT_OFFICE_HOURS_TEXT,
    });
    for (const [tCode, tName, road, villages] of townships) {
      out.push({
        code: tCode, name: tName, level: 'township', parentCode: code, officeName: `${tName}便民服务中心`,
        address: `福州市${name}${tName}${road}${(Number(tCode.slice(-3)) % 90) + 10}号`, phone: officePhone(tCode),
        officeHours: DEFAULT_OFFICE_HOURS_TEXT,
      });
      for (const [suffix, vName] of villages) {
        const vCode = tCode + suffix;
        out.push({
          code: vCode, name: vName, level: 'village', parentCode: tCode,
          officeName: `${vName}便民服务代办点`,
          address: `福州市${name}${tName}${vName}${vName.endsWith('社区') ? '居委会' : '村委会'}一楼`,
          phone: officePhone(vCode), officeHours: VILLAGE_HOURS_TEXT,
        });
      }
    }
  }
  return out;
}

/** Every org unit, parents before children (city, then each county with its subtree). */
export const ORG_UNITS: readonly OrgUnitSeed[] = build();
