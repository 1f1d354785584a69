// One office picker for every place an office is chosen (users, transfers, enrolment codes): the
// org tree in a searchable TreeSelect instead of a flat list of 156 names.
import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { useApi } from '../../lib/api';
import { officeTree } from './ordering';

export interface OfficePickerProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Only these offices (e.g. an admin's subtree); their top ones become the roots. */
  only?: ReadonlyArray<string>;
  /** Offices that may not be chosen here (e.g. one's own office for a transfer). */
  exclude?: ReadonlyArray<string>;
  allowClear?: boolean;
  placeholder?: string;
  size?: 'small' | 'middle' | 'large';
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

export function OfficePicker({ value, onChange, only, exclude, allowClear, placeholder, size, style, id, ...rest }: OfficePickerProps) {
  const offices = useApi('orgUnit.list', {});
  const onlyKey = only?.join(',');
  const excludeKey = exclude?.join(',');
  const tree = useMemo(
    () => officeTree(offices.data ?? [], { ...(only ? { only } : {}), ...(exclude ? { exclude } : {}) }),
    // only/exclude arrays are often literals: compare by content
    [offices.data, onlyKey, excludeKey],
  );
  return (
    <TreeSelect<string>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      treeData={tree}
      allowClear={allowClear}
      size={size}
      style={style}
      loading={offices.loading}
      placeholder={placeholder ?? '选择机构（可输入名称搜索）'}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      popupMatchSelectWidth={false}
      // ~160 offices: a plain list is enough, and the tree scrolls steadily while it filters.
      virtual={false}
      notFoundContent="没有匹配的机构"
    />
  );
}
