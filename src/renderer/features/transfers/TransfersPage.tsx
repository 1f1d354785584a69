import { Alert, Segmented } from 'antd';
import { useState } from 'react';
import { useApi } from '../../lib/api';
import { useSession } from '../../lib/session';
import { TransferTable } from '../cases/tabs/Transfers';

export function TransfersPage() {
  const user = useSession((s) => s.user)!;
  const [status, setStatus] = useState<'sent' | 'accepted' | 'returned' | 'all'>('sent');
  const { data, error } = useApi('transfer.inbox', status === 'all' ? {} : { status });
  return (
    <div className="page">
      <div className="page-title">
        <h2>转办联办</h2>
        <Segmented size="small" value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ value: 'sent', label: '待接收' }, { value: 'accepted', label: '已接收' }, { value: 'returned', label: '已退回' }, { value: 'all', label: '全部' }]} />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <TransferTable rows={data ?? []} myOrgUnitId={user.orgUnitId} showCase />
    </div>
  );
}
