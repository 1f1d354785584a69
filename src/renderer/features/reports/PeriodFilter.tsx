// The period and office every supervision page is asked for: 本周/本月/本季度/本年 or a custom range,
// stepping back and forth, and an office of the caller's subtree (default their own).
import { Button, DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { addDays } from '../../../shared/domain/calendar';
import { PERIOD_LABELS, periodAround, previousPeriod, type PeriodKind } from '../../../shared/reports/period';
import type { ReportParams } from '../../../shared/reports/report';
import { useApi } from '../../lib/api';
import { useSession } from '../../lib/session';
import { OfficePicker } from '../staff/OfficePicker';

export interface PeriodValue extends ReportParams {
  kind: PeriodKind;
}

export function initialPeriod(kind: Exclude<PeriodKind, 'custom'> = 'month', today = dayjs().format('YYYY-MM-DD')): PeriodValue {
  return { kind, ...periodAround(kind, today) };
}

/** The offices of the caller's subtree (for the picker), and the code of each. */
function useMyOffices() {
  const user = useSession((s) => s.user);
  const list = useApi('orgUnit.list', {});
  return useMemo(() => {
    const all = list.data ?? [];
    const root = user?.orgUnitId ?? all.find((o) => !o.parentId)?.id;
    const ids = new Set<string>(root ? [root] : []);
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of all) if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) { ids.add(o.id); grew = true; }
    }
    return { ids: [...ids], codeOf: new Map(all.map((o) => [o.id, o.code ?? ''])), idOf: new Map(all.map((o) => [o.code ?? '', o.id])), root };
  }, [list.data, user?.orgUnitId]);
}

export function PeriodFilter({ value, onChange }: { value: PeriodValue; onChange: (v: PeriodValue) => void }) {
  const offices = useMyOffices();
  const step = (dir: -1 | 1) => {
    if (value.kind === 'custom') {
      const p = dir < 0 ? previousPeriod(value) : { from: addDays(value.to, 1), to: addDays(value.to, 1 + (dayjs(value.to).diff(dayjs(value.from), 'day'))) };
      onChange({ ...value, ...p });
    } else {
      onChange({ ...value, ...(dir < 0 ? periodAround(value.kind, addDays(value.from, -1)) : periodAround(value.kind, addDays(value.to, 1))) });
    }
  };
  return (
    <Space wrap data-testid="period-filter">
      <Segmented<PeriodKind>
        value={value.kind}
        options={(['week', 'month', 'quarter', 'year', 'custom'] as const).map((k) => ({ value: k, label: PERIOD_LABELS[k].replace('本', '') || PERIOD_LABELS[k] }))}
        onChange={(k) => onChange(k === 'custom' ? { ...value, kind: k } : { ...value, kind: k, ...periodAround(k, dayjs().format('YYYY-MM-DD')) })}
      />
      <Button onClick={() => step(-1)} aria-label="上一期">‹</Button>
      <DatePicker.RangePicker
        value={[dayjs(value.from), dayjs(value.to)]}
        allowClear={false}
        onChange={(r) => {
          if (r?.[0] && r[1]) onChange({ ...value, kind: 'custom', from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') });
        }}
        data-testid="period-range"
      />
      <Button onClick={() => step(1)} aria-label="下一期">›</Button>
      <OfficePicker
        style={{ minWidth: 220 }}
        only={offices.ids}
        value={value.orgCode ? offices.idOf.get(value.orgCode) : offices.root}
        onChange={(id) => {
          const code = id ? offices.codeOf.get(id) : undefined;
          const { orgCode: _drop, ...rest } = value;
          onChange(code && id !== offices.root ? { ...rest, orgCode: code } : rest);
        }}
        data-testid="period-office"
      />
    </Space>
  );
}
