// One picker for every place an agent or a leader is chosen (assignment, intake, the case's
// leader): the case's office first, then its parent offices, then the rest, grouped by office and
// searchable by a plain substring of the name or the office.
import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import type { UserOptionDto } from '../../../shared/api/index';
import { useApi } from '../../lib/api';
import { useSession } from '../../lib/session';
import { groupStaffByOffice, staffMatches, type OfficeRelation } from './ordering';

const RELATION_NOTE: Record<OfficeRelation, string> = { case: '（本案机构）', parent: '（上级机构）', other: '' };

export interface StaffPickerProps {
  role: 'agent' | 'leader';
  /** The office the case belongs to; defaults to the signed-in user's office (intake). */
  caseOrgUnitId?: string | null | undefined;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

export function StaffPicker({ role, caseOrgUnitId, value, onChange, allowClear, placeholder, style, id, ...rest }: StaffPickerProps) {
  const users = useApi('user.options', { role });
  const offices = useApi('orgUnit.list', {});
  const own = useSession((s) => s.user?.orgUnitId);
  const anchor = caseOrgUnitId ?? own;
  const groups = useMemo(() => groupStaffByOffice(users.data ?? [], offices.data ?? [], anchor), [users.data, offices.data, anchor]);
  const byId = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  return (
    <Select<string>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      placeholder={placeholder ?? (role === 'agent' ? '选择代办员（可输入姓名或机构搜索）' : '选择责任领导（可输入姓名或机构搜索）')}
      style={style}
      loading={users.loading || offices.loading}
      showSearch={{ filterOption: (typed, option) => !!option?.value && staffMatches(byId.get(String(option.value)) as UserOptionDto, typed) }}
      popupMatchSelectWidth={false}
      notFoundContent={users.loading ? '加载中…' : '没有匹配的人员'}
      options={groups.map((g) => ({
        label: <span data-testid="staff-group">{g.officeName}{RELATION_NOTE[g.relation]}</span>,
        title: g.officeName,
        options: g.staff.map((u) => ({ value: u.id, label: u.displayName, title: `${u.displayName}（${u.orgUnitName}）` })),
      }))}
      labelRender={({ value: v }) => {
        const u = byId.get(String(v));
        return u ? `${u.displayName}（${u.orgUnitName}）` : String(v ?? '');
      }}
    />
  );
}
