// 导出Excel / 导出PDF for a report page: starts the export job, shows its progress (rows written),
// then saves the file. The page stays usable meanwhile.
import { Button, Progress, Space, message } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ReportJobDto } from '../../../shared/api/index';
import type { ReportFormat, ReportKind, ReportParams } from '../../../shared/reports/report';
import { api, errorMessage } from '../../lib/api';
import { saveFile } from '../../lib/files';

const POLL_MS = 300;

export function ExportButtons({ kind, params }: { kind: ReportKind; params: ReportParams }) {
  const [job, setJob] = useState<(ReportJobDto & { format: ReportFormat }) | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => { alive.current = false; };
  }, []);

  const run = async (format: ReportFormat) => {
    try {
      let j = await api.call('report.start', { kind, format, params });
      setJob({ ...j, format });
      while (j.state === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (!alive.current) return;
        j = await api.call('report.job', { jobId: j.jobId });
        setJob({ ...j, format });
      }
      if (j.state === 'failed') throw new Error(j.error ?? '导出失败');
      saveFile(await api.call('report.file', { jobId: j.jobId }));
      message.success(`已导出 ${j.fileName}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      if (alive.current) setJob(null);
    }
  };

  const busy = job !== null;
  return (
    <Space data-testid="report-export">
      <Button onClick={() => void run('xlsx')} loading={job?.format === 'xlsx'} disabled={busy}>导出Excel</Button>
      <Button onClick={() => void run('pdf')} loading={job?.format === 'pdf'} disabled={busy}>导出PDF</Button>
      {job && job.total > 0 && (
        <Progress style={{ width: 180 }} size="small" percent={Math.floor((job.done / job.total) * 100)} format={() => `${job.done}/${job.total} 行`} data-testid="report-progress" />
      )}
    </Space>
  );
}
